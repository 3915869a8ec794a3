"""Market prices: reports (AGMARKNET rows and local haat reports), import runs, threshold alerts,
the daily price line opt-in, and the per-user query log the rate limit counts."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PriceSource(StrEnum):
    AGMARKNET = "agmarknet"
    HAAT = "haat"


class ReportStatus(StrEnum):
    APPROVED = "approved"  # shown in answers and counted by alerts
    PENDING = "pending"  # a didi's haat report waiting for staff
    REJECTED = "rejected"


class PriceReport(Base):
    """One price for one product at one market on one day. Prices are rupees per the product's
    base unit (AGMARKNET's per-quintal figures divided by 100 for goods sold by the kg)."""

    __tablename__ = "price_reports"
    __table_args__ = (
        # Answers read the newest reports of one product in one district (or state), newest first.
        Index("ix_price_reports_product_place", "product", "district_code", "arrival_date"),
        Index("ix_price_reports_product_state", "product", "state", "arrival_date"),
        # One AGMARKNET report per series a day: re-importing the same row adds nothing (ON CONFLICT
        # DO NOTHING); the x5 check reads a series in date order. Haat reports are each their own.
        Index("uq_price_reports_series_day", "market_key", "arrival_date", unique=True,
              sqlite_where=text("source = 'agmarknet'"), postgresql_where=text("source = 'agmarknet'")),
        Index("ix_price_reports_import", "import_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    # The series: the same state, district, market, commodity, variety and grade on any day (a hash
    # of the names, case and spacing ignored); "haat:<block>" for haat reports.
    market_key: Mapped[str] = mapped_column(String(40))
    product: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(40))
    district_code: Mapped[int | None]  # LGD code for Bihar; None elsewhere
    district_name: Mapped[str] = mapped_column(String(60))
    block_code: Mapped[int | None]
    market: Mapped[str] = mapped_column(String(80))
    commodity: Mapped[str] = mapped_column(String(80))  # as the source wrote it
    variety: Mapped[str] = mapped_column(String(80), default="")
    grade: Mapped[str] = mapped_column(String(40), default="")
    arrival_date: Mapped[date] = mapped_column(Date)
    min_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    max_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    modal_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    flagged: Mapped[bool] = mapped_column(default=False)  # jumped x5 from the market's last report
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.APPROVED)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reporter_role: Mapped[str | None] = mapped_column(String(10))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The price_imports run that stored it (runs are never deleted; no foreign key, whose check per
    # row cost a tenth of a million-row import).
    import_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PriceImport(Base):
    """One import run: where from and every row counted (kept, already had, dropped by reason)."""

    __tablename__ = "price_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))  # a file name or "data.gov.in"
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AlertDirection(StrEnum):
    ABOVE = "above"
    BELOW = "below"


class PriceAlert(Base):
    """ "aloo 20 se upar ho to batana": told once when a new report crosses, re-armed when a later
    report is back on the other side."""

    __tablename__ = "price_alerts"
    __table_args__ = (Index("ix_price_alerts_product", "product"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    product: Mapped[str] = mapped_column(String(40))
    district_code: Mapped[int]  # watched: this district and its neighbours
    direction: Mapped[str] = mapped_column(String(5))
    threshold: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # rupees per base unit
    armed: Mapped[bool] = mapped_column(default=True)
    seen_report_id: Mapped[int] = mapped_column(default=0)  # reports up to this id were looked at
    fired_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PriceFollower(Base):
    """A user who asked for the daily price line (off by default)."""

    __tablename__ = "price_followers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    products: Mapped[list[str]] = mapped_column(JSON, default=list)  # followed besides what she lists
    daily: Mapped[bool] = mapped_column(default=False)
    last_sent_on: Mapped[date | None] = mapped_column(Date)


class PriceQuery(Base):
    """One price question asked (the per-user rate limit counts these)."""

    __tablename__ = "price_queries"
    __table_args__ = (Index("ix_price_queries_user_at", "user_id", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    product: Mapped[str | None] = mapped_column(String(40))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListingPriceReference(Base):
    """The market report a listing or demand card showed (and, for a 'mandi rate' listing, meant)."""

    __tablename__ = "listing_price_refs"

    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("price_reports.id", ondelete="CASCADE"))
