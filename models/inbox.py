"""Incoming messages stored by the webhooks and handled later by the inbox workers (bot/inbox.py).

One row per provider message (unique per channel), so a platform's retry is stored once."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class InboxStatus:
    PENDING = "pending"  # stored, not yet handled
    DONE = "done"        # handled: its replies are in the outbox (or it failed and she got the apology)


class InboxMessage(Base):
    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id", name="uq_inbox_channel_provider_id"),
        # The workers' question: the oldest pending message of each sender.
        Index("ix_inbox_pending", "status", "channel", "address", "id"),
        # Their batch, in order: only the pending rows (handled ones pile up until retention).
        Index("ix_inbox_pending_id", "id", postgresql_where=text("status = 'pending'"),
              sqlite_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))  # the sender: one sender's rows are handled in order
    message: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Incoming, as messages.incoming_payload made it
    status: Mapped[str] = mapped_column(String(16), default=InboxStatus.PENDING)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(String(500))  # a handler failure, kept for staff to see
