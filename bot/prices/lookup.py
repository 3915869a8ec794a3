"""Nearest-first price lookup: the user's district, its neighbours (shared border), the rest of
Bihar, then the neighbouring states; newest first within each. Reports from the last `recent_days`
are preferred in every tier; only when there are none anywhere do older ones answer."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from bot import places
from models import PriceReport, PriceSource, ReportStatus

BIHAR = "Bihar"


def _tiers(district_code: int | None, states: tuple[str, ...]) -> list:
    tiers = []
    if district_code:
        near = [d.code for d in places.neighbours(district_code)]
        tiers.append(PriceReport.district_code == district_code)
        if near:
            tiers.append(PriceReport.district_code.in_(near))
        known = [district_code, *near]
        tiers.append(and_(PriceReport.state == BIHAR,
                          or_(PriceReport.district_code.is_(None), not_(PriceReport.district_code.in_(known)))))
    else:
        tiers.append(PriceReport.state == BIHAR)
    others = [s for s in states if s != BIHAR]
    if others:
        tiers.append(PriceReport.state.in_(others))
    return tiers


def nearest(session: Session, product: str, district_code: int | None, states: tuple[str, ...], today: date,
            recent_days: int, limit: int, *, source: str | None = None) -> list[PriceReport]:
    """Up to `limit` reports, one per market, nearest tier first and newest first."""
    tiers = _tiers(district_code, states)
    for since in (today - timedelta(days=recent_days), None):
        found: list[PriceReport] = []
        markets: set[tuple] = set()
        for tier in tiers:
            query = select(PriceReport).where(PriceReport.product == product, PriceReport.status == ReportStatus.APPROVED,
                                              not_(PriceReport.flagged), tier)
            if since is not None:
                query = query.where(PriceReport.arrival_date >= since)
            if source is not None:
                query = query.where(PriceReport.source == source)
            for report in session.scalars(query.order_by(PriceReport.arrival_date.desc(), PriceReport.id.desc())
                                          .limit(limit * 8)):
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
              recent_days: int) -> PriceReport | None:
    """The one recent mandi report a listing or demand card quotes (None when nothing is recent)."""
    tiers = _tiers(district_code, states)
    since = today - timedelta(days=recent_days)
    for tier in tiers:
        report = session.scalar(select(PriceReport).where(
            PriceReport.product == product, PriceReport.status == ReportStatus.APPROVED, not_(PriceReport.flagged),
            PriceReport.source == PriceSource.AGMARKNET, PriceReport.arrival_date >= since, tier)
            .order_by(PriceReport.arrival_date.desc(), PriceReport.id.desc()).limit(1))
        if report is not None:
            return report
    return None
