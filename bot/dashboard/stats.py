"""The overview's numbers, counted in the database: five grouped queries (people, listings,
demand, matches, deals), each reading one index range of its table (the `*_area_*`, `*_created`
indexes); at most a few thousand grouped rows reach Python, never the rows themselves."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import BigInteger, and_, cast, func, or_, select
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

    # listings and demand of the period by place and product, then by week
    listed: dict[str, int] = defaultdict(int)
    for code, product, new, active, sold in session.execute(
            _by_place_and_product(Listing, area, period, place)
            .add_columns(func.count().filter(Listing.status == ListingStatus.ACTIVE),
                         func.count().filter(Listing.status == ListingStatus.SOLD))):
        counts = rows[code].counts
        counts["listings_new"] += new
        counts["listings_active"] += active
        counts["listings_sold"] += sold
        listed[product] += new
    demanded: dict[str, int] = defaultdict(int)
    for code, product, demand in session.execute(_by_place_and_product(Demand, area, period, place)):
        rows[code].counts["demand"] += demand
        demanded[product] += demand
    steps = period.weeks()
    weekly_listings, weekly_demand = _by_week(session, Listing, area, period, steps), \
        _by_week(session, Demand, area, period, steps)

    # matches, connections and deals count where the listing (the didi's stall) is: its place is
    # copied onto the match, so neither query reads the listings
    g = place(Match).label("g")
    for code, matches, connections in session.execute(
            select(g, func.count().filter(_in(Match.created_at, period)),
                   func.count().filter(_in(Match.connected_at, period)))
            .where(area.where(Match.district_code, Match.block_code),
                   or_(_in(Match.created_at, period), _in(Match.connected_at, period)))
            .group_by(g)):
        rows[code].counts.update(matches=matches, connections=connections)

    # deals: a match counts once even when both sides report it; its value is the larger report
    per_match = (select(DealReport.match_id, func.max(DealReport.quantity * DealReport.price).label("value"))
                 .where(DealReport.happened.is_(True), _in(DealReport.created_at, period))
                 .group_by(DealReport.match_id).subquery())
    for code, deals, value in session.execute(
            select(g, func.count(), func.coalesce(func.sum(per_match.c.value), 0))
            .select_from(per_match).join(Match, Match.id == per_match.c.match_id)
            .where(area.where(Match.district_code, Match.block_code)).group_by(g)):
        rows[code].counts["deals"] = deals
        rows[code].value = Decimal(value or 0).quantize(Decimal("0.01"))

    total = Row(None)
    by_place = []
    for code, row in rows.items():
        row.code = code
        total.add(row)
        by_place.append(row)
    by_place.sort(key=lambda r: (-r.counts["listings_new"], -r.counts["didis"], r.code or 0))
    weeks = [(a.date().isoformat(), n, d) for (a, _), n, d in zip(steps, weekly_listings, weekly_demand)]
    return Overview(by_place=by_place, total=total, weeks=weeks, top_listed=_top(listed),
                    top_demanded=_top(demanded), grouped_by="block" if by_block else "district")


def _by_place_and_product(model, area: Area, period: Period, place):
    """(place, product, count) of `model`'s rows created in the period."""
    g = place(model).label("g")
    return (select(g, model.product, func.count())
            .where(area.where(model.district_code, model.block_code), _in(model.created_at, period))
            .group_by(g, model.product))


WEEK_SECONDS = 7 * 24 * 3600


def _by_week(session: Session, model, area: Area, period: Period, steps) -> list[int]:
    """Counts per seven-day step of the period (steps end with its last day, so the step is the
    number of whole weeks between a row and the period's end, counted back)."""
    end = int(period.end.timestamp())
    seconds = cast(func.extract("epoch", model.created_at), BigInteger)
    back = ((end - seconds) // WEEK_SECONDS).label("back")  # whole numbers: integer division
    counts = [0] * len(steps)
    for weeks_back, n in session.execute(
            select(back, func.count()).where(area.where(model.district_code, model.block_code),
                                             _in(model.created_at, period)).group_by(back)):
        i = len(steps) - 1 - int(weeks_back)
        if 0 <= i < len(steps):
            counts[i] += n
    return counts


def _top(counted: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(((p, n) for p, n in counted.items() if n), key=lambda item: (-item[1], item[0]))[:TOP]
