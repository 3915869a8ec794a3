"""Retention (config.yaml `retention:`): provider update ids (also handled inbox rows, which
deduplicate in queue mode), finished outbox rows and the texts of sent and received messages are
deleted after their days; what reports count (listings, demands, matches, deal
reports, users' districts) is kept. A daily scheduler job."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from models import Incident, InboxMessage, InboxStatus, OutboxMessage, OutboxStatus, ProcessedUpdate, WorkerHeartbeat, utcnow

FINISHED = [OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ, OutboxStatus.FAILED, OutboxStatus.SKIPPED]
PRUNED = {"pruned": True}


def prune(rt, now: datetime | None = None) -> dict[str, int]:
    """Delete or blank what is past its retention; returns how many rows each step touched."""
    now = now or utcnow()
    keep = rt.settings.ops
    with rt.db.session() as session:
        updates = session.execute(delete(ProcessedUpdate).where(
            ProcessedUpdate.received_at < now - timedelta(days=keep.update_ids_days))).rowcount
        rows = session.execute(delete(OutboxMessage).where(
            OutboxMessage.status.in_(FINISHED), OutboxMessage.updated_at < now - timedelta(days=keep.outbox_days))).rowcount
        old_texts = select(OutboxMessage.id).where(
            OutboxMessage.status.in_(FINISHED), OutboxMessage.created_at < now - timedelta(days=keep.message_text_days),
            OutboxMessage.payload["pruned"].as_string().is_(None))
        texts = session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(old_texts))
                                .values(payload=PRUNED, updated_at=OutboxMessage.updated_at)).rowcount
        inbox_rows = session.execute(delete(InboxMessage).where(
            InboxMessage.status == InboxStatus.DONE,
            InboxMessage.received_at < now - timedelta(days=keep.update_ids_days))).rowcount
        old_inbox = select(InboxMessage.id).where(
            InboxMessage.status == InboxStatus.DONE,
            InboxMessage.received_at < now - timedelta(days=keep.message_text_days),
            InboxMessage.message["pruned"].as_string().is_(None))
        inbox_texts = session.execute(update(InboxMessage).where(InboxMessage.id.in_(old_inbox))
                                      .values(message=PRUNED)).rowcount
        beats = session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - timedelta(days=7))).rowcount
        incidents = session.execute(delete(Incident).where(Incident.closed_at < now - timedelta(days=90))).rowcount
    return {"update_ids": updates, "outbox_rows": rows, "message_texts": texts,
            "inbox_rows": inbox_rows, "inbox_texts": inbox_texts, "heartbeats": beats,
            "incidents": incidents}


def daily(rt, now: datetime | None = None) -> dict[str, int]:
    """The scheduler's job. Retention counts days on the real clock: a sweep run with a simulated
    `now` (tests, `run_all`) must not blank the texts of messages sent a moment ago."""
    return prune(rt)
