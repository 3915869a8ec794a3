"""The demand table: what buyers want delivered in the area."""
from __future__ import annotations

from models import Demand, DemandStatus

from ..i18n import t
from . import names
from .privacy import shown_phone
from .tables import Column, Table, of_people, quantity


def _cells(row, lang: str, tz: str) -> list[str]:
    demand, name, phone = row
    return [demand.code, names.product(demand.product, lang),
            quantity(demand.quantity, demand.unit, lang),
            names.rupees(demand.max_price) if demand.max_price is not None else t(lang, "market.no_ceiling"),
            names.block(demand.block_code, lang) if demand.block_code else "",
            names.district(demand.district_code, lang),
            name or "", shown_phone(phone), t(lang, f"dashboard.status.{demand.status}"),
            demand.needed_by.isoformat() if demand.needed_by else "", names.day(demand.created_at, tz)]


TABLE = Table(
    name="demand",
    columns=(Column("code", Demand.id), Column("product", Demand.product), Column("quantity", Demand.quantity),
             Column("max_price", Demand.max_price), Column("block", Demand.block_code), Column("district"),
             Column("buyer"), Column("phone"), Column("status", Demand.status),
             Column("needed_by", Demand.needed_by), Column("created", Demand.created_at)),
    query=lambda f: of_people(Demand, f), default_sort=Demand.created_at, tiebreak=Demand.id, cells=_cells,
    statuses=tuple(s.value for s in DemandStatus),
)
