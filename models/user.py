"""People who chat with the bot: didis, buyers, block staff and admins."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Role(StrEnum):
    DIDI = "didi"
    BUYER = "buyer"
    STAFF = "staff"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("channel", "address", name="uq_users_channel_address"),
        Index("ix_users_area", "district_code", "block_code"),
        # The dashboard counts an area's didis and buyers (index-only on PostgreSQL).
        Index("ix_users_area_role", "district_code", "role",
              postgresql_include=["block_code", "created_at", "last_inbound_at"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Staff enrolled from the CLI have a phone but no chat address until they first write.
    channel: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    # True when the channel gave the phone (WhatsApp, a Telegram user's own contact), not typed:
    # only such a phone may claim a staff enrolment made from the CLI.
    phone_verified: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Staff: their office's phone (a landline is fine), given to those who ask a notice for "more
    # information"; set with `python -m bot staff add --office-phone`.
    office_phone: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(80))
    profile_name: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(2))
    district_code: Mapped[int | None]
    block_code: Mapped[int | None]
    shg_name: Mapped[str | None] = mapped_column(String(120))
    # A buyer outside Bihar: the LGD state code (bot/states.py; 99 another country) and the city (or
    # the country) as typed. None for everyone in Bihar, whose place is district_code/block_code.
    state_code: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(80))
    onboarded: Mapped[bool] = mapped_column(default=False)
    opted_out: Mapped[bool] = mapped_column(default=False)
    unreachable: Mapped[bool] = mapped_column(default=False)  # blocked the bot / gone at the provider
    last_inbound_at: Mapped[datetime | None]
    # Imported from a JEEViKA roster (`contacts import`): whether the list says she agreed to get
    # notices. None for people who registered themselves (they did, by writing).
    roster_consent: Mapped[bool | None]
    erased_at: Mapped[datetime | None]  # her personal data was deleted at her request (DPDP Act)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def lang(self) -> str:
        """Her language, or Hindi before she has chosen one (onboarding asks it first)."""
        return self.language or "hi"
