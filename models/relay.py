"""A message one side of a connection wrote to the other through the bot (she or he has no phone
on the profile yet). Only who and when are kept, for the rate limit; the text went in the outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class RelayMessage(Base):
    __tablename__ = "relay_messages"
    __table_args__ = (Index("ix_relay_messages_match_sender_created", "match_id", "sender_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
