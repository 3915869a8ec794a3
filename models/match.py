"""A listing matched to a demand, the answers of both sides, lots assembled from many didis,
and what they say about the deal afterwards."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint, event, select, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Lot(Base):
    """Listings from one block or district that together cover a bulk demand."""

    __tablename__ = "lots"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    district_code: Mapped[int]
    block_code: Mapped[int | None]  # None: assembled across the district
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Match(Base):
    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("demand_id", "listing_id", name="uq_matches_demand_listing"),  # never told twice
        Index("ix_matches_seller_pending", "seller_id", "seller_notified_at"),
        Index("ix_matches_buyer_pending", "buyer_id", "buyer_notified_at"),
        Index("ix_matches_followup", "followup_due_at"),
        # The alert sweep runs every few seconds: it reads only matches not yet told to that side.
        Index("ix_matches_seller_untold", "seller_id",
              postgresql_where=text("seller_notified_at IS NULL AND seller_answer IS NULL"),
              sqlite_where=text("seller_notified_at IS NULL AND seller_answer IS NULL")),
        Index("ix_matches_buyer_untold", "buyer_id",
              postgresql_where=text("buyer_notified_at IS NULL AND buyer_answer IS NULL"),
              sqlite_where=text("buyer_notified_at IS NULL AND buyer_answer IS NULL")),
        # The dashboard's matches and connections of an area and period (index-only on PostgreSQL).
        Index("ix_matches_area_created", "district_code", "created_at",
              postgresql_include=["block_code", "connected_at"]),
        Index("ix_matches_area_connected", "district_code", "connected_at",
              postgresql_include=["block_code", "created_at"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"))
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="SET NULL"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The listing's place, copied when matched (a listing never moves): the dashboard counts an
    # area's matches without reading the listings.
    district_code: Mapped[int]
    block_code: Mapped[int | None]
    rank: Mapped[int] = mapped_column(default=0)  # 0 is the best match for the demand
    tier: Mapped[int] = mapped_column(default=3)  # 0 same block, 1 same district, 2 neighbour, 3 rest of Bihar, 4 buyer outside Bihar
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seller_notified_at: Mapped[datetime | None]
    buyer_notified_at: Mapped[datetime | None]
    seller_answer: Mapped[str | None] = mapped_column(String(10))  # interested | declined
    buyer_answer: Mapped[str | None] = mapped_column(String(10))  # wants | declined
    connected_at: Mapped[datetime | None]
    followup_due_at: Mapped[datetime | None]
    followup_sent_at: Mapped[datetime | None]


class DealReport(Base):
    """One side's answer to "did a deal happen?" after a connection."""

    __tablename__ = "deal_reports"
    __table_args__ = (UniqueConstraint("match_id", "reporter_id", name="uq_deal_reports_match_reporter"),
                      # the overview's deals of an area's period (all Bihar's), index-only on PostgreSQL
                      Index("ix_deal_reports_area_created", "district_code", "created_at",
                            postgresql_include=["block_code", "match_id", "happened", "quantity", "price"]),
                      Index("ix_deal_reports_created", "created_at",
                            postgresql_include=["district_code", "block_code", "match_id", "happened", "quantity",
                                                "price"]))

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    happened: Mapped[bool]
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the match's place, copied when the report is stored (the overview counts deals by it)
    district_code: Mapped[int | None]
    block_code: Mapped[int | None]


@event.listens_for(DealReport, "before_insert")
def _copy_place(mapper, connection, report: DealReport) -> None:
    if report.district_code is None:
        place = connection.execute(select(Match.district_code, Match.block_code).where(Match.id == report.match_id)).first()
        if place is not None:
            report.district_code, report.block_code = place
