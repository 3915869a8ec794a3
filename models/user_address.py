"""Every channel address of one person, once she has used two: a didi registered on Telegram who
writes from WhatsApp with the same verified phone is the same `users` row (one profile; her
listings, demands and connections stay hers). `users.channel`/`address` is the address she used
last, where pushes go; replies go to the address a message came from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UserAddress(Base):
    __tablename__ = "user_addresses"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_user_addresses_channel_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
