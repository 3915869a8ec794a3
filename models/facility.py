"""Local facilities a didi can use: packaging centres, purchase points, common facility centres,
cold storage and courier points, each in one block, kept by that area's staff."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class FacilityKind(StrEnum):
    PACKAGING = "packaging"
    PURCHASE = "purchase"  # purchase / collection point
    CFC = "cfc"  # common facility centre
    COLD_STORAGE = "cold_storage"
    COURIER = "courier"


class Facility(Base):
    __tablename__ = "facilities"
    __table_args__ = (Index("ix_facilities_area", "district_code", "block_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    district_code: Mapped[int]
    block_code: Mapped[int]
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    hours: Mapped[str] = mapped_column(String(120), default="")  # as staff wrote it: "सोम-शनि 10-5"
    products: Mapped[list[str]] = mapped_column(JSON, default=list)  # catalog keys; [] = any product
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    active: Mapped[bool] = mapped_column(default=True)  # False: closed (kept for the record)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FacilityMention(Base):
    """A didi was told on a listing card about a centre handling her product: not again."""

    __tablename__ = "facility_mentions"
    __table_args__ = (UniqueConstraint("user_id", "facility_id", name="uq_facility_mentions_user_facility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
