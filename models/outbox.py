"""Every outgoing message, as a row the dispatcher sends, retries and records."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"  # given up: permanent error or attempts used up
    SKIPPED = "skipped"  # a push to someone who opted out or is unreachable


class OutboxKind(StrEnum):
    REPLY = "reply"  # answers the user's own message: always sent
    PUSH = "push"  # alerts, matches, notices: only to users who have not opted out
    TEMPLATE = "template"  # WhatsApp: the approved message that reopens the 24-hour window


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_recipient", "channel", "address"),
        # One row per notice and recipient: a resumed fan-out never sends twice.
        Index("uq_outbox_notice_recipient", "notice_id", "channel", "address", unique=True),
        # the dispatcher's claim: one channel's due rows, replies before pushes before bulk
        Index("ix_outbox_lane", "channel", "status", "priority", "id"),
        # Meta's tier cap counts conversations we opened in the last 24 h; partial, so a
        # broadcast's million inserted rows do not each pay for it
        Index("ix_outbox_conversations", "channel", "sent_at", postgresql_where=text("opens_conversation"),
              sqlite_where=text("opens_conversation")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8), default=OutboxKind.REPLY)
    priority: Mapped[int] = mapped_column(default=0)  # lower goes first: replies 0, pushes 10
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # WhatsApp: sent as a template outside her 24-hour window, so it opens a business-initiated
    # conversation (what Meta's daily tier counts)
    opens_conversation: Mapped[bool] = mapped_column(default=False, server_default=false())
