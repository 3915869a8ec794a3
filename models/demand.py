"""What a buyer wants."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class DemandStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class Demand(Base):
    __tablename__ = "demands"
    __table_args__ = (
        Index("ix_demands_open_product_place", "product", "district_code",
              postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
        Index("ix_demands_user_status", "user_id", "status"),
        # The dashboard counts an area's demand of a period (index-only on PostgreSQL).
        Index("ix_demands_area_created", "district_code", "created_at",
              postgresql_include=["block_code", "status", "product"]),
        # ... and all of Bihar's (an admin's overview), index-only too.
        Index("ix_demands_created", "created_at", postgresql_include=["district_code", "block_code", "status", "product"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    product: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(8))
    max_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # rupees per unit, the buyer's ceiling
    district_code: Mapped[int]  # delivery district; bot.states.OUTSIDE_BIHAR (-1) for a buyer outside Bihar
    state_code: Mapped[int | None]  # outside Bihar: the buyer's LGD state (99 another country), copied when posted
    city: Mapped[str | None] = mapped_column(String(80))  # outside Bihar: the buyer's city or country
    block_code: Mapped[int | None]  # the buyer's block when delivery is in their own district
    needed_by: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=DemandStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    @property
    def code(self) -> str:
        return f"D-{self.id}"
