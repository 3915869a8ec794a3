"""What a page was asked for (period, place, product, status, sort, page), read from the query
string and checked: a malformed value is a BadFilter (400), a place outside the staff member's
area an OutsideArea (403). Nothing here trusts the URL."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Mapping
from zoneinfo import ZoneInfo

from .. import catalog
from .area import Area

DEFAULT_DAYS = 30
MAX_DAYS = 366
MAX_PAGE = 100_000


class BadFilter(ValueError):
    """A query parameter that cannot be read; the message names it."""


@dataclass(frozen=True)
class Period:
    first: date  # Bihar days, both included
    last: date
    tz: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), ZoneInfo(self.tz))

    @property
    def end(self) -> datetime:  # exclusive
        return datetime.combine(self.last + timedelta(days=1), time(), ZoneInfo(self.tz))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def weeks(self) -> list[tuple[datetime, datetime]]:
        """Seven-day steps ending with the period's last day (the first step may be shorter)."""
        steps, end = [], self.end
        while end > self.start:
            begin = max(self.start, end - timedelta(days=7))
            steps.append((begin, end))
            end = begin
        return steps[::-1]


@dataclass(frozen=True)
class Filters:
    area: Area  # the staff member's area narrowed to the district/block asked for
    period: Period
    product: str | None = None
    status: str | None = None
    sort: str | None = None
    descending: bool = True
    page: int = 1
    args: dict[str, str] = field(default_factory=dict)  # the accepted values, to rebuild links


def _int(args: Mapping[str, str], name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise BadFilter(name)
    return int(raw)


def place_arg(name: str) -> int | None:
    """A district or block code from this request's query string (BadFilter if not a number)."""
    from flask import request

    return _int(request.args, name)


def _date(args: Mapping[str, str], name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(name) from None


def period(args: Mapping[str, str], today: date, tz: str) -> Period:
    last = _date(args, "to") or today
    first = _date(args, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last or (last - first).days >= MAX_DAYS or last > today + timedelta(days=1):
        raise BadFilter("from")
    return Period(first, last, tz)


def read(args: Mapping[str, str], own: Area, today: date, tz: str, *, statuses: tuple[str, ...] = (),
         sorts: tuple[str, ...] = ()) -> Filters:
    """The filters in `args`, checked against the staff member's own area `own`."""
    area = own.narrow(_int(args, "district"), _int(args, "block"))
    product = (args.get("product") or "").strip() or None
    if product is not None and catalog.product(product) is None:
        raise BadFilter("product")
    status = (args.get("status") or "").strip() or None
    if status is not None and status not in statuses:
        raise BadFilter("status")
    sort = (args.get("sort") or "").strip() or None
    if sort is not None and sort not in sorts:
        raise BadFilter("sort")
    direction = (args.get("dir") or "desc").strip()
    if direction not in ("asc", "desc"):
        raise BadFilter("dir")
    page = _int(args, "page") or 1
    if page > MAX_PAGE:
        raise BadFilter("page")
    chosen = period(args, today, tz)
    kept = {k: (args.get(k) or "").strip() for k in ("district", "block", "product", "status", "from", "to",
                                                     "sort", "dir")}
    kept = {k: v for k, v in kept.items() if v}
    return Filters(area=area, period=chosen, product=product, status=status, sort=sort,
                   descending=direction == "desc", page=max(page, 1), args=kept)
