"""The dashboard overview's summary of whole Bihar days before its edge, rebuilt by a scheduled job
(bot.dashboard.summary); the overview counts the days since the edge live."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DashCount(Base):
    """Rows of one Bihar day (days since 1970-01-01), counted by kind: `listing_place` (key:
    status), `listing_product` and `demand_product` (key: product, no block), `demand_place`,
    `match_created` and `match_connected` (by block), `listing_day` and `demand_day` (no block).
    Each kind but the `_day` ones also has rows per 16 days, so a year reads few rows."""

    __tablename__ = "dash_counts"
    __table_args__ = (
        # a district's days, and all of Bihar's: index-only on PostgreSQL
        Index("ix_dash_counts_kind_district_day", "kind", "span", "district_code", "day",
              postgresql_include=["block_code", "key", "n"]),
        Index("ix_dash_counts_kind_day", "kind", "span", "day", postgresql_include=["district_code", "block_code", "key", "n"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[int]  # the first day of the span
    span: Mapped[int]  # 1: one day; SPAN (16): days day..day+15, the sum of their rows (long periods)
    district_code: Mapped[int]
    block_code: Mapped[int | None]
    key: Mapped[str] = mapped_column(String(40))
    n: Mapped[int]


class DashSummary(Base):
    """One row: the summary covers Bihar days before `before_day`."""

    __tablename__ = "dash_summary"

    id: Mapped[int] = mapped_column(primary_key=True)
    before_day: Mapped[int]
    built_at: Mapped[datetime]
