"""The overview's numbers, counted in the database: a few grouped queries per page, each reading
one index range (see the `*_area_*` indexes), never rows into Python."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from models import DealReport, Demand, Listing, ListingStatus, Match, Role, User

from .area import Area
from .filters import Period

COUNTS = ("didis", "didis_new", "didis_active", "buyers", "listings_new", "listings_active", "listings_sold",
          "demand", "matches", "connections", "deals")
TOP = 5


@dataclass
class Row:
    """One block (or district) of the overview, or the area's total."""

    code: int | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    value: Decimal = Decimal(0)  # rupees of reported deals

    def add(self, other: "Row") -> None:
        for key in COUNTS:
            self.counts[key] += other.counts[key]
        self.value += other.value


@dataclass
class Overview:
    by_place: list[Row]  # blocks of a district, or districts for all of Bihar
    total: Row
    weeks: list[tuple[str, int, int]]  # (first Bihar day, listings, demand)
    top_listed: list[tuple[str, int]]
    top_demanded: list[tuple[str, int]]
    grouped_by: str  # "block" | "district"


def _in(col, period: Period):
    return and_(col >= period.start, col < period.end)


def overview(session: Session, area: Area, period: Period) -> Overview:
    by_block = area.district_code is not None
    rows: dict[int | None, Row] = defaultdict(lambda: Row(None))

    def place(model):
        return model.block_code if by_block else model.district_code

    # people: didis (all registered by the period's end, new, active) and buyers
    u = place(User).label("g")
    didi, buyer = User.role == Role.DIDI, User.role == Role.BUYER
    for g, didis, new, active, buyers in session.execute(
            select(u, func.count().filter(and_(didi, User.created_at < period.end)),
                   func.count().filter(and_(didi, _in(User.created_at, period))),
                   func.count().filter(and_(didi, _in(User.last_inbound_at, period))),
                   func.count().filter(and_(buyer, User.created_at < period.end)))
            .where(area.where(User.district_code, User.block_code), User.role.in_([Role.DIDI, Role.BUYER]))
            .group_by(u)):
        rows[g].counts.update(didis=didis, didis_new=new, didis_active=active, buyers=buyers)

    # listings of the period and what became of them
    g = place(Listing).label("g")
    for code, new, active, sold in session.execute(
            select(g, func.count(), func.count().filter(Listing.status == ListingStatus.ACTIVE),
                   func.count().filter(Listing.status == ListingStatus.SOLD))
            .where(area.where(Listing.district_code, Listing.block_code), _in(Listing.created_at, period))
            .group_by(g)):
        rows[code].counts.update(listings_new=new, listings_active=active, listings_sold=sold)

    g = place(Demand).label("g")
    for code, demand in session.execute(
            select(g, func.count()).where(area.where(Demand.district_code, Demand.block_code),
                                          _in(Demand.created_at, period)).group_by(g)):
        rows[code].counts["demand"] = demand

    # matches and connections, counted where the listing (the didi's stall) is
    g = place(Listing).label("g")
    for code, matches, connections in session.execute(
            select(g, func.count().filter(_in(Match.created_at, period)),
                   func.count().filter(_in(Match.connected_at, period)))
            .join(Listing, Listing.id == Match.listing_id)
            .where(area.where(Listing.district_code, Listing.block_code),
                   or_(_in(Match.created_at, period), _in(Match.connected_at, period)))
            .group_by(g)):
        rows[code].counts.update(matches=matches, connections=connections)

    # deals: a match counts once even when both sides report it; its value is the larger report
    per_match = (select(DealReport.match_id, func.max(DealReport.quantity * DealReport.price).label("value"))
                 .where(DealReport.happened.is_(True), _in(DealReport.created_at, period))
                 .group_by(DealReport.match_id).subquery())
    g = place(Listing).label("g")
    for code, deals, value in session.execute(
            select(g, func.count(), func.coalesce(func.sum(per_match.c.value), 0))
            .select_from(per_match).join(Match, Match.id == per_match.c.match_id)
            .join(Listing, Listing.id == Match.listing_id)
            .where(area.where(Listing.district_code, Listing.block_code)).group_by(g)):
        rows[code].counts["deals"] = deals
        rows[code].value = Decimal(value or 0).quantize(Decimal("0.01"))

    total = Row(None)
    by_place = []
    for code, row in rows.items():
        row.code = code
        total.add(row)
        by_place.append(row)
    by_place.sort(key=lambda r: (-r.counts["listings_new"], -r.counts["didis"], r.code or 0))
    return Overview(by_place=by_place, total=total, weeks=_weeks(session, area, period),
                    top_listed=_top(session, Listing, area, period), top_demanded=_top(session, Demand, area, period),
                    grouped_by="block" if by_block else "district")


def _weekly(session: Session, model, area: Area, steps) -> list[int]:
    counts = [func.count().filter(_in(model.created_at, _Span(a, b))) for a, b in steps]
    return list(session.execute(
        select(*counts).where(area.where(model.district_code, model.block_code),
                              model.created_at >= steps[0][0], model.created_at < steps[-1][1])).one())


def _weeks(session: Session, area: Area, period: Period) -> list[tuple[str, int, int]]:
    steps = period.weeks()
    listings, demand = _weekly(session, Listing, area, steps), _weekly(session, Demand, area, steps)
    return [(a.date().isoformat(), n, d) for (a, _), n, d in zip(steps, listings, demand)]


def _top(session: Session, model, area: Area, period: Period) -> list[tuple[str, int]]:
    n = func.count().label("n")
    return [(p, c) for p, c in session.execute(
        select(model.product, n).where(area.where(model.district_code, model.block_code),
                                       _in(model.created_at, period))
        .group_by(model.product).order_by(n.desc(), model.product).limit(TOP))]


@dataclass(frozen=True)
class _Span:
    """A [start, end) pair shaped like a Period for `_in`."""

    start: object
    end: object
