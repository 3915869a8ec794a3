"""Provider ids of inbound updates already handled: Telegram and Twilio retry, we answer once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ProcessedUpdate(Base):
    __tablename__ = "processed_updates"
    __table_args__ = (UniqueConstraint("channel", "provider_id", name="uq_processed_updates_channel_provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))  # a handler failure, kept for staff to see
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
