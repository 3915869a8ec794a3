"""The listings table: what didis in the area have put up for sale."""
from __future__ import annotations

from models import Listing, ListingStatus

from ..i18n import t
from . import names
from .privacy import shown_phone
from .tables import Column, Table, of_people, quantity


def _cells(row, lang: str, tz: str) -> list[str]:
    listing, name, phone = row
    return [listing.code, names.product(listing.product, lang),
            quantity(listing.quantity, listing.unit, lang),
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
    query=lambda f: of_people(Listing, f), default_sort=Listing.created_at, tiebreak=Listing.id, cells=_cells,
    statuses=tuple(s.value for s in ListingStatus),
)
