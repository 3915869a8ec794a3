"""A user following a product (optionally in one district): new listings reach them at once or daily."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Follow(Base):
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "product", "district_code", name="uq_follows_user_product_district"),
        Index("ix_follows_product", "product"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    product: Mapped[str] = mapped_column(String(40))
    district_code: Mapped[int | None]  # None: all of Bihar
    daily: Mapped[bool] = mapped_column(default=False)  # False: at once (throttled); True: one digest a day
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Listings created after this were not told yet; starts at the follow's creation.
    told_until: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]  # the last message about this follow (for the throttle)
