"""Webhooks on PostgreSQL share their commits (bot/inbox_writer.py): concurrent posts under
gunicorn are each stored exactly once, a retry is stored once, a value the database refuses fails
only its own message, and with the database away the answer is 503, never 200."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import DataError

from bot import inbox
from bot.app import create_app
from bot.runtime import Runtime
from models import InboxMessage, InboxStatus
from tests.gunicorn_app import free_port, gunicorn
from tests.live import SECRET, tg_post, tg_update, wa_form, wa_post
from tests.standins import TELEGRAM_TOKEN
from tests.test_inbox import queued, sim  # noqa: F401  (queued: fixture)


def stored(url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(InboxMessage.provider_id, InboxMessage.address, InboxMessage.status)).all()
    engine.dispose()
    return sorted(tuple(r) for r in rows)


def test_concurrent_posts_under_gunicorn_are_each_stored_once(queued, standins):
    tg, _ = standins
    env = {"DATABASE_URL": queued.database_url, "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
           "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_BASE_URL": tg.base_url, "SECRET_KEY": "test"}
    updates = [tg_update(text=f"{n} kilo makhana 700", user_id=7100 + n % 9) for n in range(60)]
    bodies = [json.dumps(u) for u in updates for _ in range(2)]  # each one retried, often at the same moment
    with gunicorn(env, workers=2, args=("--worker-class", "gthread", "--threads", "8")) as base:
        with httpx.Client(base_url=base, timeout=30) as client, ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda body: client.post(
                "/webhook/telegram", content=body, headers={"Content-Type": "application/json",
                                                             "X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code,
                bodies))
    assert answers == [200] * len(bodies)
    assert stored(queued.database_url) == sorted(
        (str(u["update_id"]), str(u["message"]["chat"]["id"]), InboxStatus.PENDING) for u in updates)


def test_a_retry_is_stored_once_and_says_so(queued):
    rt = Runtime.build(queued)
    try:
        first = sim("asha", "hi")
        first = replace(first, provider_id="p-1")
        assert inbox.store(rt.db, first) is True
        assert inbox.store(rt.db, first) is False
        assert inbox.store(rt.db, replace(first, channel="telegram")) is True  # the same id on another channel
        assert len(stored(rt.settings.database_url)) == 2
    finally:
        rt.close()


def test_a_refused_value_fails_only_its_own_message(queued):
    rt = Runtime.build(queued)
    results: dict[str, object] = {}
    start = threading.Barrier(12)

    def post(n: int) -> None:
        msg = replace(sim(f"didi{n}", "hi"), provider_id=f"q{n}")
        if n == 5:
            msg = replace(msg, address="x" * 200)  # longer than inbox.address holds
        start.wait()
        try:
            results[msg.provider_id] = inbox.store(rt.db, msg)
        except DataError:
            results[msg.provider_id] = "refused"

    try:
        threads = [threading.Thread(target=post, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results.pop("q5") == "refused"
        assert results == {f"q{n}": True for n in range(12) if n != 5}
        assert [r[0] for r in stored(rt.settings.database_url)] == sorted(f"q{n}" for n in range(12) if n != 5)
    finally:
        rt.close()


def test_the_database_away_is_503_and_nothing_is_acknowledged(queued, live):
    rt, _ = live
    away = replace(rt.settings, inbox=queued.inbox,
                   database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere")
    down = Runtime.build(away)
    try:
        client = create_app(rt=down).test_client()
        assert tg_post(client, tg_update(text="hi", user_id=4343)).status_code == 503
        assert wa_post(client, wa_form("hi")).status_code == 503
    finally:
        down.close()
