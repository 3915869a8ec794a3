"""Inbound benchmark: how fast the webhooks acknowledge and how fast the worker handles.

In one run, on loopback: wrk (32 connections) posts realistic listing messages from 2,000
registered didis as Telegram updates to (1) a bare Flask app and (2) the bot, each under gunicorn
with 2 workers; for the bot, `python -m bot worker` handles the inbox and sends every reply to the
Bot API stand-in (tests/standins.py). PostgreSQL, in its own database (default didihaat_ingest,
dropped and made again each run; never `test`, which the test suite uses).

    .venv/bin/python bench/ingest_bench.py [--seconds 30] [--connections 32] [--status] [--json]

Telegram lets a bot send about 30 messages/s for free (config.yaml's `telegram.rate`) and up to
1,000/s with paid broadcasts; the bench paces at `--send-rate` (default the latter, through a copy of
config.yaml), so it measures what the project can send, and also prints how long the same replies
would take at the free rate, and where the CPU went per handled message (bench/cpu_split.py). Prints each figure and the ratios; with --json the last line is one JSON object with ack_rate,
bare_rate, ack_p99_ms, handled_rate and unsent (and the rest)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cpu_split  # noqa: E402
from bench.seeding import fresh_database, seed  # noqa: E402
from models import InboxMessage, InboxStatus, OutboxMessage, OutboxStatus  # noqa: E402
from tests.gunicorn_app import free_port, gunicorn  # noqa: E402
from tests.standins import TELEGRAM_TOKEN, telegram_standin  # noqa: E402

SECRET = "bench-secret"
LUA = ROOT / "bench" / "ingest_wrk.lua"


def wrk(base: str, seconds: int, connections: int, users: int, id_base: int) -> dict:
    env = {**os.environ, "USERS": str(users), "ID_BASE": str(id_base), "SECRET": SECRET}
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          "-s", str(LUA), base], capture_output=True, text=True, env=env, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRKJSON "))
    result = json.loads(line.removeprefix("WRKJSON "))
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def drain(url: str, started: float, timeout: float) -> dict:
    """Wait until the inbox is handled and the outbox sent (or `timeout`); what happened."""
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                pending = conn.scalar(select(func.count()).select_from(InboxMessage)
                                      .where(InboxMessage.status == InboxStatus.PENDING))
                unsent = conn.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])))
            if (not pending and not unsent) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        drained_after = time.monotonic() - started
        with engine.connect() as conn:
            handled, first, last = conn.execute(
                select(func.count(), func.min(InboxMessage.received_at), func.max(InboxMessage.handled_at))
                .where(InboxMessage.status == InboxStatus.DONE)).one()
            failed = conn.scalar(select(func.count()).select_from(InboxMessage).where(InboxMessage.error.is_not(None)))
            sent = conn.scalar(select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.status == OutboxStatus.SENT))
            last_sent = conn.scalar(select(func.max(OutboxMessage.sent_at)))
    finally:
        engine.dispose()
    span = (last - first).total_seconds() if handled else 0.0
    send_span = (last_sent - first).total_seconds() if sent else 0.0
    return dict(pending=pending, unsent=unsent, handled=handled, failed=failed, sent=sent,
                handled_rate=handled / span if span else 0.0, sent_rate=sent / send_span if send_span else 0.0,
                drained_after_s=drained_after, handled_span_s=span)


def status(env: dict) -> str:
    """What `python -m bot status` prints against the bench's database, as an operator would see it."""
    return subprocess.run([sys.executable, "-m", "bot", "status"], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60).stdout


def status_later(env: dict, delay: float) -> threading.Thread:
    """A thread that takes `status` after `delay` seconds; its text is in `.output` once joined."""
    def run() -> None:
        time.sleep(delay)
        thread.output = status(env)
    thread = threading.Thread(target=run, daemon=True)
    thread.output = ""
    thread.start()
    return thread


def bench_config(send_rate: str) -> Path:
    """config.yaml with the Telegram rate the bench paces at (a temporary file)."""
    import tempfile

    import yaml

    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["telegram"]["rate"] = send_rate
    path = Path(tempfile.mkdtemp(prefix="ingest-bench-")) / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=30, help="load duration per server")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--users", type=int, default=2000)
    p.add_argument("--drain-seconds", type=float, default=300, help="how long to wait for the backlog")
    p.add_argument("--url", default=os.environ.get("BENCH_INGEST_URL",
                                                   "postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_ingest"))
    p.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    p.add_argument("--threads", type=int, default=8,
                   help="gunicorn gthread threads per worker, as deploy/gunicorn.conf.py runs it (0: sync workers); "
                        "bare Flask runs the same way")
    p.add_argument("--send-rate", default="1000/second",
                   help="the Telegram rate the worker paces at (config.yaml's is the free 30/second)")
    p.add_argument("--status", action="store_true",
                   help="print `python -m bot status` taken halfway through the load and once the backlog drained")
    args = p.parse_args()

    from pytest_httpserver import HTTPServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-in would log every send

    load_before = os.getloadavg()
    url = fresh_database(args.url)
    seed(url, args.users)
    standin_server = HTTPServer(host="127.0.0.1", port=free_port(), threaded=True)
    standin_server.start()
    tg = telegram_standin(standin_server)
    config = bench_config(args.send_rate)
    env = {"DATABASE_URL": url, "DIDI_HAAT_CONFIG": str(config), "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TELEGRAM_API_BASE_URL": tg.base_url, "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT)}
    try:
        served = ("--worker-class", "gthread", "--threads", str(args.threads)) if args.threads else ()
        with gunicorn({}, workers=2, app="bench.bare_flask:app", args=served) as base:
            bare = wrk(base, args.seconds, args.connections, args.users, id_base=0)
        print(f"bare Flask: {bare['rate']:.0f} requests/s, p50 {bare['p50_us'] / 1000:.1f} ms, "
              f"p99 {bare['p99_us'] / 1000:.1f} ms, non-2xx {bare['non2xx']}", flush=True)

        worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            for line in worker.stdout:  # ready once it says what it sends through
                if line.startswith("worker sending via"):
                    break
            with gunicorn(env, workers=2, args=served) as base:
                started = time.monotonic()
                cpu_before, children_before = cpu_split.snapshot(), os.times()
                halfway = status_later(env, args.seconds / 2) if args.status else None
                ack = wrk(base, args.seconds, args.connections, args.users, id_base=10**12)
                load_during = os.getloadavg()
                result = drain(url, started, args.drain_seconds)
                cpu = cpu_split.since(cpu_before)
                ended = os.times()
                cpu["wrk"] = round(ended.children_user + ended.children_system
                                   - children_before.children_user - children_before.children_system, 1)
                if halfway:
                    halfway.join()
                    print(f"`python -m bot status` halfway through the load:\n{halfway.output}", flush=True)
                    print(f"`python -m bot status` after the drain:\n{status(env)}", flush=True)
        finally:
            worker.terminate()
            worker.wait(30)
    finally:
        standin_server.stop()
    sends = len(tg.calls_to("sendMessage"))
    figures = dict(
        ack_rate=round(ack["rate"], 1), bare_rate=round(bare["rate"], 1),
        ack_p50_ms=round(ack["p50_us"] / 1000, 1), ack_p99_ms=round(ack["p99_us"] / 1000, 1),
        bare_p99_ms=round(bare["p99_us"] / 1000, 1), ack_vs_bare=round(ack["rate"] / bare["rate"], 3),
        acked=ack["requests"], non2xx=ack["non2xx"], socket_errors=ack["socket_errors"],
        handled=result["handled"], handled_rate=round(result["handled_rate"], 1),
        handler_failures=result["failed"], sent=result["sent"], sent_rate=round(result["sent_rate"], 1),
        standin_sendMessage=sends, unsent=result["unsent"], backlog_left=result["pending"],
        drained_after_s=round(result["drained_after_s"], 1), seconds=args.seconds, connections=args.connections,
        users=args.users, threads=args.threads, send_rate=args.send_rate,
        at_free_rate_s=round(result["sent"] / 30, 1), load_before=[round(x, 2) for x in load_before],
        load_during=[round(x, 2) for x in load_during], cpus=os.cpu_count(), cpu_seconds=cpu,
        cpu_ms_per_message={part: round(1000 * seconds / max(result["handled"], 1), 2) for part, seconds in cpu.items()},
    )
    print(f"bot webhooks: {figures['ack_rate']:.0f} acknowledged/s ({figures['ack_vs_bare']:.0%} of bare Flask; "
          f"goal >= 50%), p50 {figures['ack_p50_ms']} ms, p99 {figures['ack_p99_ms']} ms (goal < 50 ms), "
          f"non-2xx {figures['non2xx']}, socket errors {figures['socket_errors']}")
    print(f"worker: {figures['handled']} of {figures['acked']} handled at {figures['handled_rate']:.0f}/s "
          f"(goal >= 500/s), {figures['handler_failures']} handler failures; {figures['sent']} replies sent at "
          f"{figures['sent_rate']:.0f}/s ({sends} reached the stand-in), {figures['unsent']} unsent, "
          f"{figures['backlog_left']} left in the inbox; drained {figures['drained_after_s']} s after the load began")
    print(f"sending paced at {args.send_rate} (Telegram's paid-broadcast ceiling; free: 30/second, at which these "
          f"{figures['sent']} replies would take {figures['at_free_rate_s']} s)")
    print("CPU per handled message, from the load's start to the drain (ms): " + ", ".join(
        f"{part} {ms}" for part, ms in figures["cpu_ms_per_message"].items())
          + f"; total {sum(figures['cpu_ms_per_message'].values()):.2f} ms of {figures['cpus']} cores")
    print(f"machine: {figures['cpus']} CPUs, load average before {figures['load_before']}, during {figures['load_during']}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
