"""A notice block staff send to the didis and buyers of their area (and its registered groups)."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class NoticeStatus(StrEnum):
    DRAFT = "draft"  # being composed: shown in the preview, not sent
    SCHEDULED = "scheduled"  # waits for scheduled_at ("send now" is scheduled for now)
    SENDING = "sending"  # its outbox rows are being created or sent
    DONE = "done"
    STOPPED = "stopped"  # stopped while sending: what was not sent is skipped
    CANCELLED = "cancelled"  # cancelled before it started


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_status_due", "status", "scheduled_at"),
        Index("ix_notices_author", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text_hi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)  # English-language users get Hindi without it
    photo: Mapped[str | None] = mapped_column(String(40))  # "media:<id>"
    document: Mapped[str | None] = mapped_column(String(40))  # "media:<id>" of a PDF
    area: Mapped[str] = mapped_column(String(10))  # block | district | districts | bihar
    area_codes: Mapped[list[int]] = mapped_column(JSON, default=list)  # block or district codes
    audience: Mapped[str] = mapped_column(String(8))  # didis | buyers | both
    product: Mapped[str | None] = mapped_column(String(40))  # only who listed/demanded it in 90 days
    include_groups: Mapped[bool] = mapped_column(default=False)
    share_contact: Mapped[bool] = mapped_column(default=False)  # "more information" gives the author's phone
    status: Mapped[str] = mapped_column(String(10), default=NoticeStatus.DRAFT)
    scheduled_at: Mapped[datetime | None]
    # Fan-out progress: the last user id whose row exists, so a crash resumes where it stopped.
    fanout_after: Mapped[int] = mapped_column(default=0)
    fanned_out_at: Mapped[datetime | None]
    skipped_opted_out: Mapped[int] = mapped_column(default=0)  # counted at fan-out, never sent
    skipped_unreachable: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
