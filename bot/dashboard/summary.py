"""The overview's summary: listings and demand counted per Bihar day, by block (with a listing's
status) and by product, for every whole day before the edge (today, when the job ran). The job
`refresh` rebuilds it in one transaction; the overview reads it for days before the edge and
counts the rest live (bot.dashboard.stats), and counts everything live while no summary exists.

Listings' status is read when the job runs: a listing of an earlier day that is sold or expires
later shows with its new status after the next run."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, Integer, cast, delete, func, literal_column, null, select, text
from sqlalchemy.orm import Session

from models import DashCount, DashSummary, Demand, Listing, Match, utcnow

EPOCH = date(1970, 1, 1)
DAY = 86400
SPAN = 16  # days summed in one row of the longer spans


def day_number(d: date) -> int:
    return (d - EPOCH).days


def offset_seconds(tz: str, at: datetime | None = None) -> int:
    """The zone's offset from UTC (Bihar's is a fixed +05:30)."""
    return int((at or utcnow()).astimezone(ZoneInfo(tz)).utcoffset().total_seconds())


def day_of(col, offset: int):
    """SQL: the local day number of a UTC timestamp column."""
    return ((cast(func.extract("epoch", col), BigInteger) + offset) // DAY)


def ranges(first: int, cut: int) -> list[tuple[int, int, int]]:
    """(span, from day, to day (excluded)) that cover days first..cut-1 with the fewest rows."""
    lo, hi = -(-first // SPAN) * SPAN, cut // SPAN * SPAN
    if lo >= hi:
        return [(1, first, cut)]
    return [r for r in ((SPAN, lo, hi), (1, first, lo), (1, hi, cut)) if r[1] < r[2]]


def edge(session: Session) -> int | None:
    """The first day the summary does not cover, or None when there is no summary yet."""
    return session.execute(select(DashSummary.before_day).where(DashSummary.id == 1)).scalar()


def build(session: Session, tz: str, now: datetime | None = None) -> int:
    """Rebuild the summary for every day before `now`'s local day; returns that day's number.
    (Row counts of a group: only dates that never change are summarized: when a listing, demand
    or match was made, when a match was connected; a listing's status as it is now.)"""
    now = min(now or utcnow(), utcnow())  # a sweep's made-up future must not hide rows still to come
    offset = offset_seconds(tz, now)
    today = day_number(now.astimezone(ZoneInfo(tz)).date())
    before = datetime.combine(EPOCH + timedelta(days=today), datetime.min.time(), ZoneInfo(tz))
    session.execute(delete(DashCount))
    c = DashCount
    cols = [c.kind, c.day, c.span, c.district_code, c.block_code, c.key, c.n]
    none, empty = cast(null(), Integer), literal_column("''")
    for kind, model, at, block, key in (
            ("listing_place", Listing, Listing.created_at, Listing.block_code, Listing.status),
            ("listing_product", Listing, Listing.created_at, None, Listing.product),
            ("listing_day", Listing, Listing.created_at, None, None),
            ("demand_place", Demand, Demand.created_at, Demand.block_code, None),
            ("demand_product", Demand, Demand.created_at, None, Demand.product),
            ("demand_day", Demand, Demand.created_at, None, None),
            ("match_created", Match, Match.created_at, Match.block_code, None),
            ("match_connected", Match, Match.connected_at, Match.block_code, None)):
        day = day_of(at, offset).label("day")
        groups = [day, model.district_code] + [col for col in (block, key) if col is not None]
        rows = (select(literal_column(f"'{kind}'"), day, literal_column("1"), model.district_code,
                       none if block is None else block, empty if key is None else key, func.count())
                .where(at < before).group_by(*groups))
        session.execute(DashCount.__table__.insert().from_select(cols, rows))
    first = (c.day // SPAN * SPAN).label("first")
    spans = (select(c.kind, first, literal_column(str(SPAN)), c.district_code, c.block_code, c.key, func.sum(c.n))
             .where(c.span == 1, c.kind.not_in(["listing_day", "demand_day"]))
             .group_by(c.kind, first, c.district_code, c.block_code, c.key))
    session.execute(DashCount.__table__.insert().from_select(cols, spans))
    state = session.get(DashSummary, 1)
    if state is None:
        session.add(DashSummary(id=1, before_day=today, built_at=now))
    else:
        state.before_day, state.built_at = today, now
    return today


def refresh(rt, now: datetime | None = None) -> int:
    """The scheduled job: rebuild the summary (seconds for a million listings), then on PostgreSQL
    vacuum it so the overview's reads of it stay index-only."""
    with rt.db.session() as session:
        today = build(session, rt.settings.timezone, now)
    if rt.db.engine.dialect.name == "postgresql":
        with rt.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE dash_counts"))
    return today
