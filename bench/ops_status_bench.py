"""Ingest under gunicorn, then what `status` shows: N Telegram updates posted to two gunicorn web
processes while one worker sends through a Bot API stand-in that answers every 5th sendMessage
with a 429. Prints updates/second accepted, seconds until the outbox is drained, and `status`
output taken mid-run and at the end.

Run: DATABASE_URL=postgresql://... .venv/bin/python bench/ops_status_bench.py [--n 300]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Response  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.ops.status import report  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from tests.live import SECRET, tg_update  # noqa: E402
from tests.standins import telegram_standin  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-in's line per request
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    settings = load_settings(env={"DATABASE_URL": url})
    migrate(settings.database_url)
    server = HTTPServer("127.0.0.1", free_port())
    server.start()
    tg = telegram_standin(server)
    calls = {"n": 0}
    lock = threading.Lock()
    handle = tg.handle

    def sometimes_429(request):
        if request.path.endswith("/sendMessage"):
            with lock:
                calls["n"] += 1
                if calls["n"] % 5 == 0:
                    return Response(json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: "
                                                "retry after 1", "parameters": {"retry_after": 1}}),
                                    status=429, content_type="application/json")
        return handle(request)

    server.clear()
    server.expect_request(__import__("re").compile(r"^/bot[^/]+/\w+$")).respond_with_handler(sometimes_429)
    env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TELEGRAM_API_BASE_URL": tg.base_url, "SECRET_KEY": "k", "LOG_LEVEL": "WARNING", "GUNICORN_WORKERS": "2",
           "PUBLIC_BASE_URL": "https://didihaat.example.org"}
    port = free_port()
    prom = tempfile.mkdtemp()
    web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                            "bot.wsgi:app"], cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                                                            "PROMETHEUS_MULTIPROC_DIR": prom},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rt = Runtime.build(settings, senders={})
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        def post(n: int) -> int:
            body = json.dumps(tg_update(text="namaste", user_id=990000 + n)).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook/telegram", data=body, headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
            return urllib.request.urlopen(request, timeout=30).status

        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(post, range(args.n)))
        ingest = time.perf_counter() - started
        print(f"ingest: {args.n} updates in {ingest:.1f} s = {args.n / ingest:.0f} updates/s "
              f"(HTTP 200: {statuses.count(200)})")
        time.sleep(1)
        print("--- status, mid-run ---")
        print(report(rt))
        deadline = time.time() + 300
        while time.time() < deadline and len(tg.params("sendMessage")) < args.n:
            time.sleep(0.5)
        print(f"drained: {len(tg.params('sendMessage'))} replies sent {time.perf_counter() - started:.1f} s after "
              f"the first update; {calls['n'] - len(tg.params('sendMessage'))} answered 429 and retried")
        print("--- status, at the end ---")
        print(report(rt))
    finally:
        web.terminate()
        worker.terminate()
        web.wait(30)
        worker.wait(30)
        rt.close()
        server.stop()


if __name__ == "__main__":
    main()
