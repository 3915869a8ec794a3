"""Several processes: rates and pauses shared through Redis, the scheduler in exactly one worker
(a PostgreSQL advisory lock; a standby takes over when the holder dies), and a broadcast that
survives `kill -9` of a worker: everyone gets it, at most the in-flight rows twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import redis
import yaml
from sqlalchemy import func, select, text

from bot.config import ROOT
from bot.db import Database
from bot.leader import Leader
from bot.sending.pacing import Pacer
from models import OutboxMessage, OutboxStatus, User, utcnow
from tests.fanout import fan_out
from tests.live import FROM, PUBLIC, SECRET, TW_SID, TW_TOKEN
from tests.standins import telegram_standin, twilio_standin
from tests.test_outbox_sending import server  # noqa: F401  (fixture)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_up(), reason="no Redis at " + REDIS_URL)


def postgres_only(settings):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: advisory locks and SKIP LOCKED")


@needs_redis
def test_two_processes_share_one_rate_and_one_pause_through_redis(settings):
    shared = replace(settings, sending=replace(settings.sending, redis_url=REDIS_URL, telegram_rate="20/second"))
    one, two = Pacer(shared), Pacer(shared)  # each as a worker would build it
    taken = sum(1 for pacer in (one, two) * 15 if pacer.take("telegram") == 0)
    assert taken == 20 and one.take("telegram") > 0 and two.take("telegram") > 0
    one.pause("whatsapp", 5)
    assert 4 <= two.paused_for("whatsapp") <= 5
    alone = Pacer(replace(shared, sending=replace(shared.sending, redis_url=None)))
    assert alone.paused_for("whatsapp") == 0  # without REDIS_URL a process keeps its own


def test_the_scheduler_lock_has_one_holder_and_passes_on_when_it_dies(settings):
    postgres_only(settings)
    key = int(time.time() * 1000) % 2**31  # this run's own lock
    events: list[str] = []
    dbs = [Database(settings.database_url), Database(settings.database_url)]
    first = Leader(dbs[0], lambda: events.append("first leads"), lambda: events.append("first lost"), key=key)
    second = Leader(dbs[1], lambda: events.append("second leads"), lambda: events.append("second lost"), key=key)
    try:
        assert first.try_lead() and not second.try_lead() and not second.try_lead()
        first._conn.invalidate()  # the holder's process dies: its connection closes
        first._conn = None
        # PostgreSQL frees the lock once its backend has seen the connection go (not at once): a
        # waiting worker polls, as `scheduler.lock_poll_seconds` has it; here, for up to 10 s
        deadline = time.monotonic() + 10
        while not second.try_lead() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.leading
        assert events == ["first leads", "second leads"]
    finally:
        second.stop()
        for db in dbs:
            db.dispose()


# --- kill -9 mid-broadcast --------------------------------------------------------------------
def _config(tmp_path: Path) -> Path:
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["outbox"].update(stale_sending_seconds=5, send_timeout_seconds=3, poll_seconds=0.2)
    raw["telegram"].update(rate="40/second", concurrency=16)
    raw["whatsapp"].update(rate="40/second", concurrency=16)
    raw["scheduler"]["lock_poll_seconds"] = 0.5
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def _count(db: Database, *statuses: str) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status.in_(statuses)))


def _wait(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _leads(log: Path) -> bool:
    return "this worker runs the scheduler" in log.read_text(errors="replace")


@needs_redis
def test_kill_9_mid_broadcast_loses_nobody_and_repeats_only_the_rows_in_flight(settings, server, tmp_path):
    postgres_only(settings)
    server.clear()
    tg = telegram_standin(server)
    tw = twilio_standin(server, account_sid=TW_SID, auth_token=TW_TOKEN)
    tg.enforce(per_second=60)
    tw.enforce(per_second=60)
    tg.behaviour.latency = tw.behaviour.latency = (0.1, 0.3)
    db = Database(settings.database_url)
    recipients = 400
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO users (channel, address, onboarded, opted_out, unreachable, phone_verified,"
                          " last_inbound_at, created_at) VALUES (:c, :a, true, false, false, false, :t, :t)"),
                     [{"c": "telegram" if i % 2 else "whatsapp",
                       "a": str(100000 + i) if i % 2 else f"whatsapp:+91960{i:07d}", "t": utcnow()}
                      for i in range(recipients)])
        assert fan_out(conn, "प्रखंड में पैकेजिंग केंद्र खुला", chunk=100) == recipients
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DIDI_HAAT_CONFIG": str(_config(tmp_path)),
           "REDIS_URL": REDIS_URL, "SECRET_KEY": "x", "PUBLIC_BASE_URL": PUBLIC,
           "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_BASE_URL": tg.base_url,
           "TWILIO_ACCOUNT_SID": TW_SID, "TWILIO_AUTH_TOKEN": TW_TOKEN, "TWILIO_WHATSAPP_FROM": FROM,
           "TWILIO_API_BASE_URL": tw.base_url}
    logs = [tmp_path / "worker1.log", tmp_path / "worker2.log"]
    workers = [_worker(env, logs[0])]
    try:
        _wait(lambda: _leads(logs[0]), 30, "the first worker to take the scheduler")
        workers.append(_worker(env, logs[1]))  # a second worker: shares the sending, waits for the lock
        _wait(lambda: _count(db, OutboxStatus.SENT) >= recipients // 3, 60, "a third of the notice sent")
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        # what the dead worker held: claimed and not recorded
        with db.sessions() as session:
            in_flight = set(session.scalars(select(OutboxMessage.address).where(
                OutboxMessage.status == OutboxStatus.SENDING)))
        _wait(lambda: _leads(logs[1]), 10, "the second worker to take over the scheduler")
        workers[0] = _worker(env, logs[0])  # restarted
        _wait(lambda: _count(db, OutboxStatus.SENT) == recipients, 90, "every row sent")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
        db.dispose()
    delivered = Counter(tg.delivered_to() + tw.delivered_to())
    with Database(settings.database_url).sessions() as session:
        everyone = set(session.scalars(select(User.address)))
    assert set(delivered) == everyone  # nobody lost
    twice = {address for address, n in delivered.items() if n > 1}
    assert twice <= in_flight  # only what was in flight at the kill went twice ...
    # ... and that is at most each live or dead worker's two channels' concurrency (the second
    # worker's own claims are "sending" at that moment too)
    assert len(in_flight) <= 2 * (16 + 16)
    assert max(delivered.values()) <= 2
