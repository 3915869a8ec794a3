"""Telegram groups and channels the bot has been added to."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class GroupChat(Base):
    __tablename__ = "group_chats"
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_group_chats_channel_chat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    district_code: Mapped[int | None]
    block_code: Mapped[int | None]
    # Set by staff with /register: who the group is for ("didis" = a village group, "buyers" = a city one).
    audience: Mapped[str | None] = mapped_column(String(8))
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    registered_at: Mapped[datetime | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]
    # Digests (bot/digests): a city group may widen its area to all of Bihar and narrow it to some
    # products; only what came after `digest_until` is new, and one is posted at most every N hours.
    digest_all_bihar: Mapped[bool] = mapped_column(default=False, server_default=false())
    digest_products: Mapped[list[str] | None] = mapped_column(JSON)  # None: every product
    digest_until: Mapped[datetime | None]
    digest_sent_at: Mapped[datetime | None]
    # The language its digests are posted in: Hindi, or English for a city group registered by
    # English-speaking staff; "/digest english" / "/digest hindi" change it.
    language: Mapped[str] = mapped_column(String(2), default="hi", server_default=text("'hi'"))
