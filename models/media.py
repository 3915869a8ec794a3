"""Product photos the project stores itself, so a buyer on one channel sees a didi's photo from the other."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Media(Base):
    """A photo is recorded when the user sends it (status "pending", with the channel's reference)
    and fetched after the turn, so handlers never wait on the network."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending | ready | rejected
    source_channel: Mapped[str | None] = mapped_column(String(16))
    source_ref: Mapped[str | None] = mapped_column(String(500))  # Telegram file_id or Twilio media URL
    error: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    content_type: Mapped[str | None] = mapped_column(String(32))
    size: Mapped[int | None]
    filename: Mapped[str | None] = mapped_column(String(80))  # under the media directory
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
