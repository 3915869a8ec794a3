"""What a didi has for sale."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ListingStatus(StrEnum):
    ACTIVE = "active"
    SOLD = "sold"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (
        # Matching reads active listings of one product by place; a partial index keeps it small.
        # On PostgreSQL it also carries every column matching reads (INCLUDE), so a busy district's
        # thousands of candidates come from an index-only scan instead of as many heap pages.
        Index("ix_listings_active_product_place", "product", "district_code", "block_code",
              postgresql_include=["id", "user_id", "quantity", "price", "created_at", "expires_at"],
              postgresql_where=text("status = 'active'"), sqlite_where=text("status = 'active'")),
        # Matching's "rest of Bihar" tier reads the newest listings of a product first and stops
        # early (PostgreSQL scans it backwards for created_at DESC, id DESC).
        Index("ix_listings_active_product_fresh", "product", "created_at", "id",
              postgresql_include=["district_code", "block_code", "user_id", "quantity", "price", "expires_at"],
              postgresql_where=text("status = 'active'"), sqlite_where=text("status = 'active'")),
        Index("ix_listings_user_status", "user_id", "status"),
        Index("ix_listings_expiry", "status", "expires_at"),
        # The dashboard counts an area's listings of a period (index-only on PostgreSQL).
        Index("ix_listings_area_created", "district_code", "created_at",
              postgresql_include=["block_code", "status", "product"]),
        # ... and all of Bihar's (an admin's overview), index-only too.
        Index("ix_listings_created", "created_at", postgresql_include=["district_code", "block_code", "status", "product"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    product: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))  # in the product's base unit
    unit: Mapped[str] = mapped_column(String(8))  # kg | litre | piece
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # rupees per unit; None: mandi rate / negotiable
    district_code: Mapped[int]
    block_code: Mapped[int | None]
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=ListingStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    renewal_asked_at: Mapped[datetime | None]
    # The didi (or her producer group) can send it by courier or transport: far buyers see it first.
    ships: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def code(self) -> str:
        return f"L-{self.id}"
