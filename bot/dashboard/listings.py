"""The listings table: what didis in the area have put up for sale."""
from __future__ import annotations

from sqlalchemy import and_, select

from models import Listing, ListingStatus, User

from ..i18n import t
from . import names
from .filters import Filters
from .privacy import shown_phone
from .tables import Column, Table


def _query(f: Filters):
    query = (select(Listing, User.name, User.phone).join(User, User.id == Listing.user_id)
             .where(f.area.where(Listing.district_code, Listing.block_code),
                    and_(Listing.created_at >= f.period.start, Listing.created_at < f.period.end)))
    if f.product:
        query = query.where(Listing.product == f.product)
    if f.status:
        query = query.where(Listing.status == f.status)
    return query


def _cells(row, lang: str, tz: str) -> list[str]:
    listing, name, phone = row
    return [listing.code, names.product(listing.product, lang),
            f"{names.number(listing.quantity)} {t(lang, 'units.' + listing.unit)}",
            names.rupees(listing.price) if listing.price is not None else t(lang, "market.negotiable"),
            names.block(listing.block_code, lang), names.district(listing.district_code, lang),
            name or "", shown_phone(phone), t(lang, f"dashboard.status.{listing.status}"),
            names.day(listing.created_at, tz)]


TABLE = Table(
    name="listings",
    columns=(Column("code", Listing.id), Column("product", Listing.product), Column("quantity", Listing.quantity),
             Column("price", Listing.price), Column("block", Listing.block_code), Column("district"),
             Column("seller"), Column("phone"), Column("status", Listing.status),
             Column("created", Listing.created_at)),
    query=_query, default_sort=Listing.created_at, tiebreak=Listing.id, cells=_cells,
    statuses=tuple(s.value for s in ListingStatus),
)
