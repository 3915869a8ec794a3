"""Broadcast benchmark: a notice to N recipients (half Telegram, half WhatsApp) sent by the real
worker (`python -m bot worker`) on PostgreSQL, through the real PTB and twilio clients, to local
stand-ins that enforce the configured limits (429 beyond them) and answer in 100-300 ms. Prints,
per channel, the achieved rate against the limit, 429s received, recipients lost and duplicated;
then the time to fan a 1,000,000-recipient notice out into outbox rows (goal < 60 s).

    .venv/bin/python bench/broadcast_bench.py                       # 20,000 recipients, 30/s and 80/s
    .venv/bin/python bench/broadcast_bench.py --recipients 2000 --json   # about a minute
    .venv/bin/python bench/broadcast_bench.py --fanout 0            # skip the 1,000,000-row fan-out

The stand-ins run in a process of their own (their threads would otherwise share the worker's
GIL), served by gunicorn, which keeps connections alive as the platforms do; that process runs
at a higher priority (nice -10, when allowed) and without garbage collection, since the real
platforms do not share our processor, and a stall there would count requests late and bunched.
Rates are measured from the stand-ins' own arrival times of accepted sends, first to last; 429s
are counted in all and in steady state (after each channel's first 5 s).
Database: --url, else $BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_bench_send
(created if missing, emptied on every run; never `test`, which the test suite wipes).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psycopg
import yaml
from limits import parse
from sqlalchemy import create_engine, func, make_url, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import migrate  # noqa: E402
from models import OutboxMessage, OutboxStatus  # noqa: E402
from tests.fanout import fan_out  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_bench_send"
TW_SID, TW_TOKEN, FROM = "AC00000000000000000000000000000001", "test_auth_token_123", "whatsapp:+14155238886"
TG_TOKEN = "7000000001:AAtestTOKENforSTANDINonly_0123456789"


# --- stand-ins, in their own process -------------------------------------------------------------
STEADY_AFTER = 5.0  # seconds after a channel's first send: what comes later is its steady state


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _standins(ready, telegram_rate: int, whatsapp_rate: int, latency: tuple[float, float]) -> None:
    """The tests' stand-ins served by gunicorn (one gthread worker, so one copy of their state):
    unlike werkzeug's server, which closes every connection, it keeps connections alive as
    api.telegram.org and api.twilio.com do, so the bench does not time a TCP connect per message."""
    from gunicorn.app.base import BaseApplication
    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    import gc

    from tests.standins import telegram_standin, twilio_standin

    try:  # the platforms run on their own machines: here, the worker's load must not stall them
        os.nice(-10)
    except OSError:  # not allowed (not root): the figures then include that stall
        pass
    # Nor their garbage collector: it would hold requests and count them late, bunched (they
    # keep every call, so a collection grows long). A run's garbage fits in memory.
    gc.disable()
    port = _free_port()
    server = HTTPServer(host="127.0.0.1", port=port)  # only its request matching: gunicorn serves it
    tg = telegram_standin(server, TG_TOKEN)
    tw = twilio_standin(server, TW_SID, TW_TOKEN)
    tg.enforce(per_second=telegram_rate, per_chat=1, per_group_minute=20, retry_after=1)
    tw.enforce(per_second=whatsapp_rate)
    tg.behaviour.latency = tw.behaviour.latency = latency
    arrivals: dict[str, list[float]] = {"telegram": [], "whatsapp": []}
    refusals: dict[str, list[float]] = {"telegram": [], "whatsapp": []}
    for name, standin in (("telegram", tg), ("whatsapp", tw)):  # the time each send arrived
        original = standin.behaviour.over_limit

        def counted(address, lock, original=original, times=arrivals[name], refused_at=refusals[name]):
            refused = original(address, lock)
            (refused_at if refused else times).append(time.time())
            return refused

        standin.behaviour.over_limit = counted

    def stats(request):
        body = {name: {"to": standin.delivered_to(), "arrivals": arrivals[name], "refusals": refusals[name],
                       "http_429": standin.http_429} for name, standin in (("telegram", tg), ("whatsapp", tw))}
        return Response(json.dumps(body), 200, content_type="application/json")

    server.expect_request("/stats").respond_with_handler(stats)

    class Standins(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": 1, "worker_class": "gthread",
                               "threads": 400, "keepalive": 120, "loglevel": "warning",
                               "accesslog": None, "timeout": 600}.items():
                self.cfg.set(key, value)

        def load(self):
            return Request.application(server.application)

    ready.put((tg.base_url, tw.base_url, server.url_for("/stats")))
    Standins().run()  # until SIGTERM


def _stats(url: str) -> dict:
    import requests

    return requests.get(url, timeout=60).json()


def _until_up(url: str) -> None:
    import requests

    for _ in range(300):
        try:
            requests.get(url, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("the stand-ins did not start")


def _steady_429s(channel: dict) -> int:
    """429s after the channel's first STEADY_AFTER seconds of sending."""
    times = channel["arrivals"] + channel["refusals"]
    if not times:
        return 0
    start = min(times)
    return sum(1 for t in channel["refusals"] if t - start > STEADY_AFTER)


# --- database -------------------------------------------------------------------------------------
def _fresh_database(url: str) -> None:
    target = make_url(url)
    admin = target.set(database="postgres").render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{target.database}"')
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate(url)


def _users(conn, recipients: int) -> None:
    """Half Telegram chats, half WhatsApp numbers, all of whom wrote within the day."""
    half = recipients // 2
    conn.execute(text(
        "INSERT INTO users (channel, address, onboarded, opted_out, unreachable, phone_verified, language,"
        " last_inbound_at, created_at) "
        "SELECT CASE WHEN g <= :half THEN 'telegram' ELSE 'whatsapp' END,"
        " CASE WHEN g <= :half THEN (100000000 + g)::text ELSE 'whatsapp:+91' || (6000000000 + g)::text END,"
        " true, false, false, false, 'hi', now() at time zone 'utc' - interval '1 hour', now() at time zone 'utc' "
        "FROM generate_series(1, :n) AS g"), {"half": half, "n": recipients})


def _config(path: Path, telegram_rate: int, whatsapp_rate: int, margin: float | None = None) -> None:
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["telegram"]["rate"] = f"{telegram_rate}/second"
    raw["whatsapp"]["rate"] = f"{whatsapp_rate}/second"
    raw["outbox"]["poll_seconds"] = 0.2
    if margin is not None:
        raw["outbox"]["rate_margin"] = margin
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU the worker used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _rate(arrivals: list[float]) -> float:
    if len(arrivals) < 2:
        return 0.0
    arrivals = sorted(arrivals)
    return (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])


def send_notice(url: str, recipients: int, telegram_rate: int, whatsapp_rate: int, latency, quiet: bool,
                workers: int = 1, redis_url: str = "", margin: float | None = None) -> dict:
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Queue()
    standins = ctx.Process(target=_standins, args=(ready, telegram_rate, whatsapp_rate, latency))
    standins.start()
    try:
        return _send_notice(url, recipients, telegram_rate, whatsapp_rate, quiet, workers, redis_url,
                            ready.get(timeout=60), margin)
    finally:
        standins.terminate()  # gunicorn stops on SIGTERM
        standins.join(30)


def _send_notice(url, recipients, telegram_rate, whatsapp_rate, quiet, workers, redis_url, urls, margin) -> dict:
    tg_url, tw_url, stats_url = urls
    _until_up(stats_url)
    engine = create_engine(url)
    with engine.begin() as conn:
        _users(conn, recipients)
        made = fan_out(conn, "प्रखंड कार्यालय, बिहटा: ऋण शिविर कल सुबह 10 बजे", chunk=50_000)
    assert made == recipients, made
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        _config(config, telegram_rate, whatsapp_rate, margin)
        env = {**os.environ, "DATABASE_URL": url, "DIDI_HAAT_CONFIG": str(config), "SECRET_KEY": "bench",
               "PUBLIC_BASE_URL": "https://didihaat.example.org",
               "TELEGRAM_BOT_TOKEN": TG_TOKEN, "TELEGRAM_WEBHOOK_SECRET": "bench", "TELEGRAM_API_BASE_URL": tg_url,
               "TWILIO_ACCOUNT_SID": TW_SID, "TWILIO_AUTH_TOKEN": TW_TOKEN, "TWILIO_WHATSAPP_FROM": FROM,
               "TWILIO_API_BASE_URL": tw_url}
        env.pop("REDIS_URL", None)
        if workers > 1:  # several workers share one rate through Redis
            env["REDIS_URL"] = redis_url
        log = open(Path(tmp) / "worker.log", "wb")
        pool = [subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                                 stdout=log, stderr=subprocess.STDOUT) for _ in range(workers)]
        worker = pool[0]
        started = time.monotonic()
        expected = max(recipients / 2 / telegram_rate, recipients / 2 / whatsapp_rate)
        first: tuple[float, int] | None = None  # (worker CPU, rows done) when sending began
        try:
            while True:
                with engine.connect() as conn:
                    left = conn.execute(select(func.count()).select_from(OutboxMessage).where(
                        OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))).scalar()
                if first is None and left < recipients:
                    first = (_cpu_seconds(worker.pid), recipients - left)
                if not quiet:
                    print(f"\r{time.monotonic() - started:6.1f}s  {recipients - left:,}/{recipients:,} sent",
                          end="", file=sys.stderr, flush=True)
                if left == 0 or time.monotonic() - started > expected * 3 + 120:
                    break
                time.sleep(1)
        finally:
            cpu = _cpu_seconds(worker.pid)
            per_message = (cpu - first[0]) / max(recipients - left - first[1], 1) * workers if first else 0.0
            for each in pool:
                each.send_signal(signal.SIGTERM)
            for each in pool:
                each.wait(60)
            log.close()
        if not quiet:
            print(file=sys.stderr)
    stats = _stats(stats_url)
    with engine.connect() as conn:
        addresses = set(conn.execute(text("SELECT address FROM users")).scalars())
        failed = conn.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.FAILED)).scalar()
        unfinished = conn.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))).scalar()
    engine.dispose()
    delivered = Counter(stats["telegram"]["to"] + stats["whatsapp"]["to"])
    return {
        "recipients": recipients,
        "telegram_rate": round(_rate(stats["telegram"]["arrivals"]), 2),
        "telegram_limit": telegram_rate,
        "whatsapp_rate": round(_rate(stats["whatsapp"]["arrivals"]), 2),
        "whatsapp_limit": whatsapp_rate,
        "telegram_429": stats["telegram"]["http_429"],
        "whatsapp_429": stats["whatsapp"]["http_429"],
        "http_429": stats["telegram"]["http_429"] + stats["whatsapp"]["http_429"],
        "http_429_steady": _steady_429s(stats["telegram"]) + _steady_429s(stats["whatsapp"]),
        "lost": len(addresses - set(delivered)),
        "duplicated": sum(1 for n in delivered.values() if n > 1),
        "failed_rows": failed,
        "unfinished_rows": unfinished,  # still pending or sending when the run gave up waiting
        "worker_cpu_ms_per_message": round(per_message * 1000, 2),  # while sending (start-up excluded)
        "load_average": round(os.getloadavg()[0], 1),
    }


def fanout_seconds(url: str, recipients: int) -> float:
    """Time to turn one notice into `recipients` outbox rows (users made first, not timed)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE outbox, users RESTART IDENTITY CASCADE"))
        _users(conn, recipients)
    with engine.begin() as conn:
        began = time.perf_counter()
        made = fan_out(conn, "प्रखंड कार्यालय: पैकेजिंग केंद्र खुला", chunk=100_000)
    seconds = time.perf_counter() - began
    assert made == recipients, made
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE outbox, users RESTART IDENTITY CASCADE"))
    engine.dispose()
    return seconds


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--recipients", type=int, default=20_000)
    p.add_argument("--telegram-rate", default="30/second", help="Telegram's limit, enforced by its stand-in")
    p.add_argument("--whatsapp-rate", default="80/second", help="Twilio's per-sender limit")
    p.add_argument("--latency", default="0.1-0.3", help="seconds per platform call, uniform (min-max)")
    p.add_argument("--fanout", type=int, default=1_000_000, help="recipients for the fan-out timing (0: skip)")
    p.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    p.add_argument("--workers", type=int, default=1, help="worker processes (more than one share rates via Redis)")
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    p.add_argument("--rate-margin", type=float, help="outbox.rate_margin for the worker (default: config.yaml's)")
    p.add_argument("--json", action="store_true", help="end with one JSON object on the last line")
    args = p.parse_args()
    url = args.url.replace("postgresql://", "postgresql+psycopg://", 1) if args.url.startswith("postgresql://") else args.url
    tg_rate = round(parse(args.telegram_rate).amount / parse(args.telegram_rate).get_expiry())
    wa_rate = round(parse(args.whatsapp_rate).amount / parse(args.whatsapp_rate).get_expiry())
    low, high = (float(x) for x in args.latency.split("-"))

    _fresh_database(url)
    result = send_notice(url, args.recipients, tg_rate, wa_rate, (low, high), quiet=args.json,
                         workers=args.workers, redis_url=args.redis_url, margin=args.rate_margin)
    result["workers"] = args.workers
    print(f"notice to {result['recipients']:,} recipients ({result['recipients'] // 2:,} per channel), "
          f"{args.workers} worker(s), stand-ins answering in {low:g}-{high:g} s")
    for channel in ("telegram", "whatsapp"):
        rate, limit = result[f"{channel}_rate"], result[f"{channel}_limit"]
        print(f"  {channel:9} {rate:7.2f} msg/s of {limit}/s = {rate / limit:6.1%}   429s: {result[f'{channel}_429']}")
    print(f"  429s after each channel's first {STEADY_AFTER:g} s (steady state): {result['http_429_steady']}")
    print(f"  lost: {result['lost']}   duplicated: {result['duplicated']}   failed rows: {result['failed_rows']}   "
          f"unfinished rows: {result['unfinished_rows']}")
    print(f"  worker CPU per message (estimate): {result['worker_cpu_ms_per_message']} ms   "
          f"machine load average: {result['load_average']}")
    if args.fanout:
        result["fanout_recipients"] = args.fanout
        result["fanout_seconds"] = round(fanout_seconds(url, args.fanout), 2)
        print(f"fan-out of {args.fanout:,} recipients into outbox rows: {result['fanout_seconds']:.1f} s (goal < 60 s)")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
