"""Events staff hold for an area (samagam/fair, exhibition, buyer-seller meet, training, loan camp),
and each invited person's invitation: her answer and which reminders she got."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class EventKind(StrEnum):
    SAMAGAM = "samagam"  # udyam samagam / fair
    EXHIBITION = "exhibition"
    MEET = "meet"  # buyer-seller meet
    TRAINING = "training"
    LOAN_CAMP = "loan_camp"


class EventStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_when", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))
    starts_at: Mapped[datetime]  # UTC; entered and shown in Bihar time
    ends_at: Mapped[datetime | None]
    district_code: Mapped[int]
    block_code: Mapped[int | None]
    venue: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    # Who is invited, as for notices: area kind (block | district | districts | bihar) and codes, audience, product.
    area: Mapped[str] = mapped_column(String(10))
    area_codes: Mapped[list[int]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(8))  # didis | buyers | both
    product: Mapped[str | None] = mapped_column(String(40))
    photo: Mapped[str | None] = mapped_column(String(300))  # "media:<id>" uploaded in the chat, or a URL
    document: Mapped[str | None] = mapped_column(String(300))  # a PDF, likewise
    registration: Mapped[bool] = mapped_column(default=False)  # "आना है? 1 हाँ 2 नहीं"
    details: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=EventStatus.PLANNED)
    invited_at: Mapped[datetime | None]
    # The invitation, sent as a notice (same fan-out, preview, report, stop); None until staff send it.
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventInvite(Base):
    """One person's invitation; `answer` is yes / no / None (not answered)."""

    __tablename__ = "event_invites"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_invites_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str | None] = mapped_column(String(3))
    answered_at: Mapped[datetime | None]
    invited_at: Mapped[datetime | None]  # None: she answered from the list without an invitation
    eve_reminded_at: Mapped[datetime | None]
    morning_reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
