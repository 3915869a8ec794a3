"""The demand table: what buyers want delivered in the area."""
from __future__ import annotations

from sqlalchemy import and_, select

from models import Demand, DemandStatus, User

from ..i18n import t
from . import names
from .filters import Filters
from .privacy import shown_phone
from .tables import Column, Table


def _query(f: Filters):
    query = (select(Demand, User.name, User.phone).join(User, User.id == Demand.user_id)
             .where(f.area.where(Demand.district_code, Demand.block_code),
                    and_(Demand.created_at >= f.period.start, Demand.created_at < f.period.end)))
    if f.product:
        query = query.where(Demand.product == f.product)
    if f.status:
        query = query.where(Demand.status == f.status)
    return query


def _cells(row, lang: str, tz: str) -> list[str]:
    demand, name, phone = row
    return [demand.code, names.product(demand.product, lang),
            f"{names.number(demand.quantity)} {t(lang, 'units.' + demand.unit)}",
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
    query=_query, default_sort=Demand.created_at, tiebreak=Demand.id, cells=_cells,
    statuses=tuple(s.value for s in DemandStatus),
)
