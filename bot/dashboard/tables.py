"""A table page: columns, filters, sorting and paging over one query, and the same rows as CSV
(csv_out.py). Listings, demand, groups, prices and events each define one; listings and demand share
`of_people`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import User

from ..i18n import t
from . import names
from .filters import Filters

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    key: str  # also the catalog key dashboard.col.<key> of its heading
    sort: Any = None  # the SQL expression it sorts by, or None when it cannot be sorted


@dataclass(frozen=True)
class Shown:
    """A row on the page: its cells, and the button it offers (None for most)."""

    cells: list[str]
    action: Any = None


@dataclass(frozen=True)
class Table:
    name: str  # listings | demand | groups: the URL and the catalog keys
    columns: tuple[Column, ...]
    query: Callable[[Filters], Select]  # rows in the filters, unsorted
    default_sort: Any  # expression for the newest first
    tiebreak: Any  # a unique column, so paging is stable
    cells: Callable[[Any, str, str], list[str]]  # a result row -> its cells' text (language, time zone)
    statuses: tuple[str, ...] = ()
    has_product: bool = True
    link: Callable[[str], str] | None = None  # the page a row's code opens, from the code (E-12 -> /events/12)
    action: Callable[[Any], Any] | None = None  # a result row -> a one-click form on the page (not in CSV)

    @property
    def sorts(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.sort is not None)

    def ordered(self, filters: Filters) -> Select:
        chosen = next((c.sort for c in self.columns if c.key == filters.sort and c.sort is not None),
                      self.default_sort)
        direction = (lambda e: e.desc()) if filters.descending else (lambda e: e.asc())
        return self.query(filters).order_by(direction(chosen), direction(self.tiebreak))

    def page(self, session: Session, filters: Filters, lang: str, tz: str) -> tuple[int, list[Shown]]:
        """(rows in the filters, the cells of the requested page)."""
        query = self.query(filters)
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        rows = session.execute(self.ordered(filters).limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE))
        return total or 0, [Shown(self.cells(row, lang, tz), self.action(row) if self.action else None)
                            for row in rows]

    def csv_rows(self, session: Session, filters: Filters, lang: str, tz: str) -> Iterator[list[str]]:
        """Every row in the filters (no paging), sorted as on the page."""
        for row in session.execute(self.ordered(filters).execution_options(yield_per=1000)):
            yield self.cells(row, lang, tz)


def of_people(model, f: Filters) -> Select:
    """Rows of a table whose rows belong to a person (listings, demand): each with its person's name
    and phone, in the area and period, of the product and status asked for."""
    query = (select(model, User.name, User.phone).join(User, User.id == model.user_id)
             .where(f.area.where(model.district_code, model.block_code),
                    model.created_at >= f.period.start, model.created_at < f.period.end))
    if f.product:
        query = query.where(model.product == f.product)
    if f.status:
        query = query.where(model.status == f.status)
    return query


def quantity(value, unit: str, lang: str) -> str:
    return f"{names.number(value)} {t(lang, 'units.' + unit)}"


def pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def joined(parts: Iterable[str]) -> str:
    return ", ".join(p for p in parts if p)
