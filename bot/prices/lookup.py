"""Nearest-first price lookup: the user's district, its neighbours (shared border), the rest of
Bihar, then the neighbouring states; newest first within each. Reports from the last `recent_days`
are preferred in every tier; only when there are none anywhere do older ones answer."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Row, and_, bindparam, literal, not_, or_, select, union_all
from sqlalchemy.orm import Session

from bot import places, reference_cache
from models import PriceReport, PriceSource, ReportStatus

BIHAR = "Bihar"


def _tiers(district_code: int | None, states: tuple[str, ...]) -> list[list]:
    """Each tier as a list of conditions read by separate index scans (newest first) and merged:
    one scan per state keeps each a short backward index scan."""
    tiers: list[list] = []
    if district_code:
        near = [d.code for d in places.neighbours(district_code)]
        tiers.append([PriceReport.district_code == district_code])
        if near:
            tiers.append([PriceReport.district_code.in_(near)])  # few rows each: one scan, sorted
        known = [district_code, *near]
        tiers.append([and_(PriceReport.state == BIHAR,
                           or_(PriceReport.district_code.is_(None), not_(PriceReport.district_code.in_(known))))])
    else:
        tiers.append([PriceReport.state == BIHAR])
    others = [s for s in states if s != BIHAR]
    if others:
        tiers.append([PriceReport.state == s for s in others])
    return tiers


@lru_cache(maxsize=1024)
def _statement(district_code: int | None, states: tuple[str, ...], since: bool, source: bool, wanted: int):
    """The UNION ALL of short index scans (one per tier, and per state for the last), each the
    newest `wanted` reports, tagged with its tier. Built once per shape: building it costs more
    than running it; product, since and source are bound at execution."""
    base = [PriceReport.product == bindparam("product"), PriceReport.status == ReportStatus.APPROVED,
            not_(PriceReport.flagged)]
    if since:
        base.append(PriceReport.arrival_date >= bindparam("since"))
    if source:
        base.append(PriceReport.source == bindparam("source"))
    scans = []
    for number, tier in enumerate(_tiers(district_code, states)):
        for condition in tier:
            scans.append(select(PriceReport, literal(number).label("tier")).where(*base, condition)
                         .order_by(PriceReport.arrival_date.desc(), PriceReport.id.desc()).limit(wanted).subquery())
    return union_all(*(select(scan) for scan in scans))


def _candidates(session: Session, product: str, district_code: int | None, states: tuple[str, ...],
                since: date | None, source: str | None, wanted: int) -> list[Row]:
    """The reports of every scan in one round trip, nearest tier first, then newest first: plain rows
    with PriceReport's column names (what the answers read; loading ORM objects cost half the time)."""
    statement = _statement(district_code, tuple(states), since is not None, source is not None, wanted)
    params = {"product": product, "since": since, "source": source}
    rows = session.execute(statement, {k: v for k, v in params.items() if v is not None}).all()
    rows.sort(key=lambda row: (row.tier, -row.arrival_date.toordinal(), -row.id))
    return rows


def nearest(session: Session, product: str, district_code: int | None, states: tuple[str, ...], today: date,
            recent_days: int, limit: int, *, source: str | None = None) -> list[Row]:
    """Up to `limit` reports, one per market, nearest tier first and newest first."""
    for since in (today - timedelta(days=recent_days), None):
        found: list[PriceReport] = []
        markets: set[tuple] = set()
        for report in _candidates(session, product, district_code, states, since, source, limit * 3):
            where = (report.source, report.state, report.district_name, report.market)
            if where in markets:
                continue
            markets.add(where)
            found.append(report)
            if len(found) >= limit:
                return found
        if found:
            return found
    return []


def reference(session: Session, product: str, district_code: int | None, states: tuple[str, ...], today: date,
              recent_days: int) -> Row | None:
    """The one recent mandi report a listing or demand card quotes (None when nothing is recent);
    cached a minute (bot/reference_cache.py): every card asks it."""
    def read() -> Row | None:
        found = _candidates(session, product, district_code, states, today - timedelta(days=recent_days),
                            PriceSource.AGMARKNET.value, 1)
        return found[0] if found else None
    return reference_cache.get(session.get_bind(), PriceReport.__tablename__,
                               (product, district_code, tuple(states), today, recent_days), read)
