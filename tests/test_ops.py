"""Watching it run: health endpoints, the worker's heartbeat, incidents logged once, `status`,
/metrics (also summed across gunicorn workers), JSON logs without phone numbers, set-webhook offline."""
from __future__ import annotations

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from bot import logs, outbox
from bot.messages import Outgoing
from bot.ops import heartbeat, incidents, status
from models import Incident, Notice, NoticeStatus, OutboxMessage, OutboxStatus, utcnow
from tests.live import SECRET, tg_update

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_and_readyz_see_the_database(client):
    assert client.get("/healthz").get_json() == {"ok": True, "database": True}
    assert client.get("/readyz").get_json() == {"ok": True, "database": True, "migrated": True}


def test_healthz_is_503_when_the_database_is_gone(settings, tmp_path):
    from dataclasses import replace

    from bot.app import create_app
    from bot.runtime import Runtime

    rt = Runtime.build(replace(settings, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"))
    try:
        answer = create_app(rt=rt).test_client().get("/healthz")
        assert answer.status_code == 503 and answer.get_json()["database"] is False
    finally:
        rt.close()


def test_worker_health_follows_the_heartbeat(runtime, client):
    assert client.get("/healthz/worker").status_code == 503  # no worker has ever beaten
    beat = heartbeat.Heartbeat(runtime, "worker")
    beat.once(utcnow() - timedelta(seconds=runtime.settings.ops.worker_stale_seconds + 5))
    answer = client.get("/healthz/worker")
    assert answer.status_code == 503 and answer.get_json()["silent"][0]["name"] == beat.name
    beat.once()
    answer = client.get("/healthz/worker")
    assert answer.status_code == 200 and answer.get_json()["workers"][0]["name"] == beat.name


def failed_row(rt, error: str, *, channel="whatsapp", kind="reply"):
    with rt.db.session() as session:
        row = outbox.enqueue(session, channel, "whatsapp:+919812345678", Outgoing(text="x"), kind=kind)
        row.status, row.error = OutboxStatus.FAILED, error
        session.flush()
        return row.id


def test_an_invalid_twilio_token_is_logged_once_and_closed_when_sends_work(runtime, caplog):
    caplog.set_level(logging.INFO, logger="bot.ops.incidents")
    for _ in range(3):
        failed_row(runtime, "twilio 20003 (HTTP 401): Authenticate")
        incidents.watch(runtime.db)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "20003" in errors[0].getMessage()
    with runtime.db.sessions() as session:
        assert session.scalar(incidents.select(Incident.key).where(Incident.closed_at.is_(None))) == "twilio:20003"
    with runtime.db.session() as session:  # the operator fixed the token: a message goes out
        row = outbox.enqueue(session, "whatsapp", "whatsapp:+919812345678", Outgoing(text="ok"))
        row.status, row.sent_at = OutboxStatus.SENT, utcnow() + timedelta(seconds=1)
    incidents.watch(runtime.db, utcnow() + timedelta(seconds=2))
    assert "resolved" in caplog.records[-1].getMessage()
    assert "closed" in status.report(runtime)


def test_status_prints_queues_last_sends_workers_leader_and_errors(runtime, chat):
    chat("didi-status").say("hi")  # the simulator sends at once: a last send on "simulator"
    with runtime.db.session() as session:
        for _ in range(2):
            outbox.enqueue(session, "whatsapp", "whatsapp:+919800000001", Outgoing(text="later"), kind="push")
    heartbeat.Heartbeat(runtime, "worker").once()
    failed_row(runtime, "twilio 20003 (HTTP 401): Authenticate")
    incidents.watch(runtime.db)
    text = status.report(runtime, utcnow() + timedelta(seconds=30))
    assert re.search(r"whatsapp   pending  p10        2   oldest (3\d|[4-9]\d)s ago", text), text
    assert "Oldest pending: outbox" in text and re.search(r"simulator  (3\d|[4-9]\d)s ago", text), text
    assert re.search(r"alive  last beat (3\d|[4-5]\d)s ago", text), text
    assert "Scheduler leader: unknown" in text
    assert "OPEN   twilio:20003" in text


def test_status_shows_the_inbox_waiting_and_its_oldest_message(runtime):
    """Webhooks in queue mode store messages for the workers: `status` shows how many wait and since when."""
    from bot import inbox
    from bot.messages import Incoming
    start = utcnow()
    for n in range(3):
        inbox.store(runtime.db, Incoming(channel="telegram", address=str(700 + n), provider_id=f"u{n}", text="hi"),
                    now=start)
    text = status.report(runtime, start + timedelta(seconds=45))
    assert re.search(r"Inbox waiting to be handled.*\n  telegram         3   oldest 4\ds ago", text), text
    assert "Outbox waiting" in text


def test_status_names_the_advisory_lock_holder_on_postgresql(runtime):
    if not runtime.settings.database_url.startswith("postgresql"):
        pytest.skip("advisory locks are PostgreSQL's")
    from sqlalchemy import create_engine, text

    engine = create_engine(runtime.settings.database_url)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(424242)"))
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        report = status.report(runtime)
        conn.execute(text("SELECT pg_advisory_unlock(424242)"))
    engine.dispose()
    assert f"backend pid {pid} (lock 424242)" in report


def test_metrics_count_inbound_and_show_the_outbox_only_to_private_callers(runtime, client, chat, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.delenv("METRICS_TOKEN", raising=False)
    before = client.get("/metrics").get_data(as_text=True)
    chat("didi-metrics").say("hi")
    with runtime.db.session() as session:
        outbox.enqueue(session, "whatsapp", "whatsapp:+919800000002", Outgoing(text="later"), kind="push")
        session.add(Notice(text_hi="सूचना", area="block", audience="didis", status=NoticeStatus.SENDING))
    page = client.get("/metrics").get_data(as_text=True)

    def value(text, name):
        found = [line for line in text.splitlines() if line.startswith(name)]
        return float(found[0].rsplit(" ", 1)[1]) if found else 0.0

    inbound = 'didihaat_inbound_messages_total{channel="simulator"}'
    assert value(page, inbound) == value(before, inbound) + 1
    assert 'didihaat_outbox_depth{channel="whatsapp",priority="10",status="pending"} 1.0' in page
    assert "didihaat_notices_in_progress 1.0" in page
    assert 'didihaat_sends_total{channel="simulator",error_code="",result="ok"}' in page
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404  # via the proxy
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "8.8.8.8"}).status_code == 404
    monkeypatch.setenv("METRICS_TOKEN", "scrape-me")
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_metrics_sum_every_gunicorn_worker(database_url, tmp_path):
    """Two gunicorn workers each take webhooks; one /metrics answer counts all of them."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
           "TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_SECRET": SECRET, "SECRET_KEY": "k",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "LOG_LEVEL": "WARNING"}
    web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                            "bot.wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        sent = 12
        for i in range(sent):
            body = json.dumps(tg_update(text="hi", user_id=7000 + i)).encode()
            request = urllib.request.Request(base + "/webhook/telegram", data=body, headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET, "Connection": "close"})
            assert urllib.request.urlopen(request, timeout=10).status == 200
        page = urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
        pids = {f.name.split("_")[-1] for f in (tmp_path / "prom").glob("counter_*.db")}
    finally:
        web.terminate()
        web.wait(timeout=30)
    line = next(line for line in page.splitlines() if line.startswith('didihaat_inbound_messages_total{channel="telegram"}'))
    assert float(line.rsplit(" ", 1)[1]) == sent
    assert len(pids) >= 1


def test_json_logs_carry_ids_and_mask_phones(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        logs.configure(stream=stream)
        logs.bind(user_id=42, message_id="wamid-1")
        logging.getLogger("bot.test").info("sent to +919812345678 and 9876543210")
        logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot123/sendMessage")
        logging.getLogger("bot.test").debug("hidden at INFO")
    finally:
        logs._context.set({})
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 1
    assert lines[0]["message"] == "sent to …78 and …10" and lines[0]["level"] == "INFO"
    assert lines[0]["user_id"] == 42 and lines[0]["message_id"] == "wamid-1"


def test_a_bad_log_level_stops_the_cli_with_a_message():
    done = subprocess.run([sys.executable, "-m", "bot", "status"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LOG_LEVEL": "LOUD"}, timeout=60)
    assert done.returncode == 1 and "LOG_LEVEL must be" in done.stderr


def test_set_webhook_without_network_is_one_line():
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_SECRET": "s3cret", "SECRET_KEY": "k",
           "PUBLIC_BASE_URL": "https://bot.example.org", "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{free_port()}/bot"}
    done = subprocess.run([sys.executable, "-m", "bot", "set-webhook"], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("set-webhook failed: could not reach Telegram")


def test_the_worker_beats_and_serves_its_metrics(settings, runtime):
    """`python -m bot worker` as systemd runs it: its heartbeat reaches the database, its counters
    are on a private port, and SIGTERM stops it cleanly."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": settings.database_url, "METRICS_PORT": str(port), "LOG_LEVEL": "WARNING"}
    for name in ("TELEGRAM_BOT_TOKEN", "TWILIO_ACCOUNT_SID", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(name, None)
    worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page = ""
        for _ in range(150):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "didihaat_sends_total" in page
        for _ in range(50):
            if "alive" in status.report(runtime):
                break
            time.sleep(0.2)
        assert f":{worker.pid}" in status.report(runtime) and "alive" in status.report(runtime)
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors


def test_a_database_away_for_minutes_is_one_error_and_its_return_is_kept(settings, runtime, caplog):
    from dataclasses import replace

    from bot.runtime import Runtime

    caplog.set_level(logging.INFO, logger="bot.ops.heartbeat")
    away = Runtime.build(replace(settings, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"))
    try:
        beat = heartbeat.Heartbeat(away, "worker")
        start = utcnow()
        limit = settings.ops.database_down_alert_seconds
        for seconds in (0, limit // 2, limit + 1, limit + 30, limit + 60):
            beat.once(start + timedelta(seconds=seconds))
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "database unreachable" in errors[0].getMessage()
        beat.rt = runtime  # the database is back
        beat.once(start + timedelta(seconds=limit + 90))
    finally:
        away.close()
    assert "reachable again" in caplog.records[-1].getMessage()
    assert "database:unreachable" in status.report(runtime, start + timedelta(seconds=limit + 100))
