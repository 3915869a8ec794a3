"""The overview's numbers, counted in the database by grouped queries (people, listings, demand,
matches, deals), each reading one index range of its table (the `*_area_*`, `*_created` indexes);
a district's or all of Bihar's listings and demand of whole days before the summary's edge come
from the summary (bot.dashboard.summary) instead. Only grouped rows reach Python."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from models import DashCount, DealReport, Demand, Listing, ListingStatus, Match, Role, User

from . import summary
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

    # listings and demand: whole days before the summary's edge from the summary (districts and
    # all of Bihar; a block's rows are few), the days since counted live
    first, last = summary.day_number(period.first), summary.day_number(period.last)
    cut = first
    if not area.block_code:
        before = summary.edge(session)
        if before is not None:
            cut = min(max(before, first), last + 1)
    tally = Tally()
    if cut > first:
        _summarized(session, area, by_block, first, cut, rows, tally)
    live = Period(summary.EPOCH + timedelta(days=cut), period.last, period.tz) if cut <= last else None
    if live:
        _live(session, area, live, place, rows, tally)
    steps = period.weeks()
    weekly_listings, weekly_demand = _weekly(tally.listed_on, last, len(steps)), _weekly(tally.demanded_on, last, len(steps))

    # matches, connections and deals count where the listing (the didi's stall) is: its place is
    # copied onto the match, so neither query reads the listings (matches of days before the
    # summary's edge: from the summary)
    g = place(Match).label("g")
    if live:
        for code, matches, connections in session.execute(
                select(g, func.count().filter(_in(Match.created_at, live)),
                       func.count().filter(_in(Match.connected_at, live)))
                .where(area.where(Match.district_code, Match.block_code),
                       or_(_in(Match.created_at, live), _in(Match.connected_at, live)))
                .group_by(g)):
            rows[code].counts["matches"] += matches
            rows[code].counts["connections"] += connections

    # deals: a match counts once even when both sides report it; its value is the larger report
    # (a report carries its match's place)
    per_match = (select(place(DealReport).label("g"), DealReport.match_id,
                        func.max(DealReport.quantity * DealReport.price).label("value"))
                 .where(area.where(DealReport.district_code, DealReport.block_code),
                        DealReport.happened.is_(True), _in(DealReport.created_at, period))
                 .group_by(place(DealReport), DealReport.match_id).subquery())
    for code, deals, value in session.execute(
            select(per_match.c.g, func.count(), func.coalesce(func.sum(per_match.c.value), 0))
            .group_by(per_match.c.g)):
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
    return Overview(by_place=by_place, total=total, weeks=weeks, top_listed=_top(tally.listed),
                    top_demanded=_top(tally.demanded), grouped_by="block" if by_block else "district")


@dataclass
class Tally:
    """Listings and demand of the period by product and by day (by place they go on the Rows)."""

    listed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    demanded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    listed_on: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # day number -> count
    demanded_on: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _live(session: Session, area: Area, period: Period, place, rows, tally: Tally) -> None:
    """Count the period's listings and demand from their tables."""
    for code, product, new, active, sold in session.execute(
            _by_place_and_product(Listing, area, period, place)
            .add_columns(func.count().filter(Listing.status == ListingStatus.ACTIVE),
                         func.count().filter(Listing.status == ListingStatus.SOLD))):
        counts = rows[code].counts
        counts["listings_new"] += new
        counts["listings_active"] += active
        counts["listings_sold"] += sold
        tally.listed[product] += new
    for code, product, demand in session.execute(_by_place_and_product(Demand, area, period, place)):
        rows[code].counts["demand"] += demand
        tally.demanded[product] += demand
    offset = summary.offset_seconds(period.tz, period.start)
    for model, daily in ((Listing, tally.listed_on), (Demand, tally.demanded_on)):
        day = summary.day_of(model.created_at, offset).label("day")
        for d, n in session.execute(select(day, func.count()).where(
                area.where(model.district_code, model.block_code), _in(model.created_at, period)).group_by(day)):
            daily[int(d)] += n


def _by_place_and_product(model, area: Area, period: Period, place):
    """(place, product, count) of `model`'s rows created in the period."""
    g = place(model).label("g")
    return (select(g, model.product, func.count())
            .where(area.where(model.district_code, model.block_code), _in(model.created_at, period))
            .group_by(g, model.product))


def _summarized(session: Session, area: Area, by_block: bool, first: int, cut: int, rows, tally: Tally) -> None:
    """Add the summary's days first..cut-1 (a district's or all of Bihar's)."""
    c = DashCount
    g = (c.block_code if by_block else c.district_code).label("g")
    n = func.sum(c.n)
    by_place = {"demand_place": "demand", "match_created": "matches", "match_connected": "connections"}
    for span, lo, hi in summary.ranges(first, cut):
        inside = (area.where(c.district_code, c.block_code), c.span == span, c.day >= lo, c.day < hi)
        for kind, code, key, count in session.execute(
                select(c.kind, g, c.key, n).where(c.kind.in_(["listing_place", *by_place]), *inside)
                .group_by(c.kind, g, c.key)):
            counts = rows[code].counts
            if kind in by_place:
                counts[by_place[kind]] += int(count)
                continue
            counts["listings_new"] += int(count)
            if key == ListingStatus.ACTIVE:
                counts["listings_active"] += int(count)
            elif key == ListingStatus.SOLD:
                counts["listings_sold"] += int(count)
        for kind, key, count in session.execute(
                select(c.kind, c.key, n).where(c.kind.in_(["listing_product", "demand_product"]), *inside)
                .group_by(c.kind, c.key)):
            (tally.listed if kind == "listing_product" else tally.demanded)[key] += int(count)
    for kind, day, count in session.execute(
            select(c.kind, c.day, n).where(c.kind.in_(["listing_day", "demand_day"]), c.span == 1, c.day >= first,
                                           c.day < cut, area.where(c.district_code, c.block_code))
            .group_by(c.kind, c.day)):
        (tally.listed_on if kind == "listing_day" else tally.demanded_on)[day] += int(count)


def _weekly(daily: dict[int, int], last: int, weeks: int) -> list[int]:
    """Day counts summed by seven-day step, the steps ending with the period's last day."""
    counts = [0] * weeks
    for day, n in daily.items():
        i = weeks - 1 - (last - day) // 7
        if 0 <= i < weeks:
            counts[i] += n
    return counts


def _top(counted: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(((p, n) for p, n in counted.items() if n), key=lambda item: (-item[1], item[0]))[:TOP]
