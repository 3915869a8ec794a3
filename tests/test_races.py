"""Races an independent probe found, with real concurrent requests (PostgreSQL and SQLite)."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.scheduler import run_all
from models import Match, ProcessedUpdate, User
from tests.concurrent import at_once, serving
from tests.live import SECRET, tg_texts, tg_update
from tests.test_market import buyer_in, didi_in


def test_both_say_yes_at_once_connects_exactly_once(chat, runtime, app):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    buyer.tap("Yes, right")
    want = next(o["value"] for o in buyer.last[-1]["options"] if o["value"].startswith("connect:want:"))
    run_all(runtime)
    interest = didi.inbox()[-1]["options"][0]["value"]
    assert interest.startswith("connect:interest:")
    with serving(app) as base:
        answers = at_once(base, [{"path": "/simulator/api/messages", "json": {"user": "didi1", "button": interest}},
                                 {"path": "/simulator/api/messages", "json": {"user": "buyer1", "button": want}}])
    assert [r.status_code for r in answers] == [200, 200]
    with runtime.db.sessions() as session:
        match = session.scalar(select(Match))
        assert match.connected_at is not None
    cards_to_didi = [m for m in didi.inbox() if "+919900000001" in m["text"]]
    cards_to_buyer = [m for m in buyer.inbox() if "+919811111111" in m["text"]]
    assert len(cards_to_didi) == 1 and len(cards_to_buyer) == 1  # connected once, not twice


def test_a_new_users_two_first_messages_at_once_are_both_handled(live, standins):
    rt, _ = live
    tg, _ = standins
    from bot.app import create_app

    updates = [tg_update(text="hi", user_id=777001), tg_update(text="hello", user_id=777001)]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    with serving(create_app(rt=rt)) as base:
        answers = at_once(base, [{"path": "/webhook/telegram", "json": u, "headers": headers} for u in updates])
    assert [r.status_code for r in answers] == [200, 200]
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        records = session.scalars(select(ProcessedUpdate)).all()
        assert len(records) == 2 and [r.error for r in records] == [None, None]
    rt.dispatcher.run_once()
    texts = tg_texts(tg)
    assert len(texts) == 2 and not any("कुछ गड़बड़" in t or "went wrong" in t for t in texts)


def test_twenty_simulator_posts_at_once_all_answered(app, runtime):
    with serving(app) as base:
        answers = at_once(base, [{"path": "/simulator/api/messages", "json": {"user": f"u{n}", "text": "hi"}}
                                 for n in range(20)])
    assert [r.status_code for r in answers] == [200] * 20
    assert all(r.json()["replies"] for r in answers)
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 20
