"""Two web processes and two workers on one PostgreSQL, as on two machines: every Telegram update
is delivered to both web processes (a retry landing on the other machine), and each user still
gets exactly one reply, sent once: stored once in the inbox, handled once, sent once. (The
scheduler's leader election is tested in tests/test_outbox_processes.py.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import InboxMessage, InboxStatus, OutboxMessage
from tests.live import SECRET, tg_update
from tests.test_ops import free_port

ROOT = Path(__file__).resolve().parent.parent
USERS = 15


def post(port: int, update: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook/telegram", data=json.dumps(update).encode(),
                                     headers={"Content-Type": "application/json", "Connection": "close",
                                              "X-Telegram-Bot-Api-Secret-Token": SECRET})
    return urllib.request.urlopen(request, timeout=20).status


def wait_up(port: int) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"web process on {port} did not start")


def test_two_web_processes_and_two_workers_handle_and_send_once(settings, runtime, standins, tmp_path):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("several machines share one PostgreSQL")
    tg, _ = standins
    env = {**os.environ, "DATABASE_URL": settings.database_url, "TELEGRAM_BOT_TOKEN": tg.token,
           "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_BASE_URL": tg.base_url, "SECRET_KEY": "k",
           "PUBLIC_BASE_URL": "https://didihaat.example.org", "LOG_LEVEL": "WARNING", "GUNICORN_WORKERS": "1"}
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", "METRICS_PORT"):
        env.pop(name, None)
    ports = [free_port(), free_port()]
    processes = [subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                                   "bot.wsgi:app"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                                       "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"prom{port}")})
                 for port in ports]
    processes += [subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        for port in ports:
            wait_up(port)
        for n in range(USERS):
            update = tg_update(text="namaste", user_id=880000 + n)
            assert [post(port, update) for port in ports] == [200, 200]  # both machines get it
        deadline = time.time() + 60
        while time.time() < deadline and len(tg.params("sendMessage")) < USERS:
            time.sleep(0.3)
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    chats = Counter(p["chat_id"] for p in tg.params("sendMessage"))
    assert chats == Counter({str(880000 + n): 1 for n in range(USERS)})
    assert all("भाषा चुनें" in p["text"] for p in tg.params("sendMessage"))
    with runtime.db.sessions() as session:
        handled = session.scalars(select(InboxMessage.status)).all()  # both machines got each update
        assert handled == [InboxStatus.DONE] * USERS
        attempts = list(session.scalars(select(OutboxMessage.attempts)))
        assert attempts == [1] * USERS  # each reply claimed and sent by one worker, once
