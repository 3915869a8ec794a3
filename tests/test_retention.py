"""Retention: old update ids, finished outbox rows and sent texts go after their configured days;
pending messages and what reports count stay."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import outbox
from bot.messages import Outgoing
from bot.ops import retention
from bot.scheduler import jobs
from models import Listing, OutboxMessage, OutboxStatus, ProcessedUpdate, utcnow
from tests.test_market import didi_in


def row(rt, status, age_days, text="नमस्ते कमला"):
    moment = utcnow() - timedelta(days=age_days)
    with rt.db.session() as session:
        r = outbox.enqueue(session, "whatsapp", "whatsapp:+919811111111", Outgoing(text=text))
        r.status, r.created_at, r.updated_at = status, moment, moment
        session.flush()
        return r.id


def test_prune_keeps_what_is_recent_pending_or_counted(runtime, chat):
    didi = didi_in(chat, "didi-r", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    keep = runtime.settings.ops
    old_sent = row(runtime, OutboxStatus.SENT, keep.outbox_days + 1)
    text_only = row(runtime, OutboxStatus.DELIVERED, keep.message_text_days + 1)
    fresh = row(runtime, OutboxStatus.SENT, 0)
    waiting = row(runtime, OutboxStatus.PENDING, keep.outbox_days + 5)  # held for the window: never pruned
    with runtime.db.session() as session:
        session.add(ProcessedUpdate(channel="telegram", provider_id="1",
                                    received_at=utcnow() - timedelta(days=keep.update_ids_days + 1)))
        session.add(ProcessedUpdate(channel="telegram", provider_id="2", received_at=utcnow()))
    done = retention.prune(runtime)
    assert done["outbox_rows"] == 1 and done["update_ids"] == 1 and done["message_texts"] >= 1
    with runtime.db.sessions() as session:
        assert session.get(OutboxMessage, old_sent) is None
        assert session.get(OutboxMessage, text_only).payload == {"pruned": True}
        assert session.get(OutboxMessage, fresh).payload["text"] == "नमस्ते कमला"
        assert session.get(OutboxMessage, waiting).payload["text"] == "नमस्ते कमला"
        assert [p for p, in session.execute(select(ProcessedUpdate.provider_id))] == ["2"]
        assert session.scalar(select(Listing.status)) == "active"  # what reports count is not retention's
    assert retention.prune(runtime)["message_texts"] == 0  # blanked once, not rewritten daily
    assert "retention" in [job_id for job_id, _, _ in jobs(runtime)]


def test_prune_drops_old_handled_inbox_rows_and_blanks_their_texts(runtime):
    """In queue mode the inbox keeps what people typed: handled rows lose the text, then go, after
    their days; a message still waiting to be handled is never touched."""
    from dataclasses import replace

    from bot import inbox
    from bot.messages import Incoming
    from models import InboxMessage, InboxStatus
    keep = runtime.settings.ops
    runtime.settings = replace(runtime.settings, ops=replace(keep, update_ids_days=30, message_text_days=7))
    ids = {}
    for name, status, days in [("gone", InboxStatus.DONE, 31), ("blank", InboxStatus.DONE, 8),
                               ("fresh", InboxStatus.DONE, 0), ("waiting", InboxStatus.PENDING, 40)]:
        inbox.store(runtime.db, Incoming(channel="telegram", address="55", provider_id=name, text="50 kilo makhana"),
                    now=utcnow() - timedelta(days=days))
        with runtime.db.session() as session:
            r = session.scalar(select(InboxMessage).where(InboxMessage.provider_id == name))
            r.status, ids[name] = status, r.id
    done = retention.prune(runtime)
    assert done["inbox_rows"] == 1 and done["inbox_texts"] == 1
    with runtime.db.sessions() as session:
        assert session.get(InboxMessage, ids["gone"]) is None
        assert session.get(InboxMessage, ids["blank"]).message == {"pruned": True}
        assert session.get(InboxMessage, ids["fresh"]).message["text"] == "50 kilo makhana"
        assert session.get(InboxMessage, ids["waiting"]).message["text"] == "50 kilo makhana"
    assert retention.prune(runtime)["inbox_texts"] == 0
