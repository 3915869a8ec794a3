"""The per-user limit on price questions: each answered question is a row; more than
`prices.max_queries_per_hour` in the last hour get a polite "ask later". Rows older than a day
are purged by the scheduler."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import PriceQuery, utcnow

WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)


def over_limit(session: Session, user_id: int, now: datetime, limit: int) -> bool:
    asked = session.scalar(select(func.count()).select_from(PriceQuery).where(
        PriceQuery.user_id == user_id, PriceQuery.asked_at > now - WINDOW)) or 0
    return asked >= limit


def record(session: Session, user_id: int, product: str | None, now: datetime) -> None:
    session.add(PriceQuery(user_id=user_id, product=product, asked_at=now))


def purge(rt, now: datetime | None = None) -> int:
    """The scheduler's sweep: forget questions older than a day."""
    now = now or utcnow()
    with rt.db.session() as session:
        return session.execute(delete(PriceQuery).where(PriceQuery.asked_at < now - KEEP)).rowcount
