"""Claiming due outbox rows so two dispatchers (threads or processes) never send the same row.

PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED` then pending -> sending in the same transaction,
so workers take disjoint batches without waiting on each other. SQLite (one process): the same
update guarded by `status = 'pending'` (compare-and-set)."""
from __future__ import annotations

import functools
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import aliased

from models import OutboxMessage, OutboxStatus

from ..db import Database


@functools.cache
def _due(postgres: bool, bounded: bool):
    """One channel's due rows, replies before pushes before bulk (priority, then age). A row waits
    while an earlier one to the same recipient is in flight or waiting to be retried, so each
    person's messages keep their order; a held push does not hold back the replies after it.

    Built once with bound parameters (channel, now, limit, created_before): a pump claims several
    times a second, and building and keying this statement anew each time costs more CPU than
    running it."""
    now = bindparam("now", type_=OutboxMessage.next_attempt_at.type)
    earlier = aliased(OutboxMessage)
    blocked = exists().where(
        earlier.channel == OutboxMessage.channel,
        earlier.address == OutboxMessage.address,
        earlier.id < OutboxMessage.id,
        earlier.priority <= OutboxMessage.priority,
        or_(earlier.status == OutboxStatus.SENDING,
            and_(earlier.status == OutboxStatus.PENDING, earlier.next_attempt_at > now)),
    )
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.channel == bindparam("channel"), OutboxMessage.status == OutboxStatus.PENDING,
               OutboxMessage.next_attempt_at <= now, ~blocked)
        .order_by(OutboxMessage.priority, OutboxMessage.id)
        .limit(bindparam("limit", type_=Integer))
    )
    if bounded:
        query = query.where(OutboxMessage.created_at <= bindparam("created_before",
                                                                   type_=OutboxMessage.created_at.type))
    if postgres:
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    return query


_CLAIM = (update(OutboxMessage)
          .where(OutboxMessage.id.in_(bindparam("ids", expanding=True)), OutboxMessage.status == OutboxStatus.PENDING)
          .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1,
                  updated_at=bindparam("now", type_=OutboxMessage.updated_at.type))
          .returning(OutboxMessage.id, OutboxMessage.address)
          .execution_options(synchronize_session=False))


def claim(db: Database, channel: str, now: datetime, limit: int, created_before: datetime | None = None) -> list[int]:
    """Mark up to `limit` due rows of `channel` as sending (one attempt each); returns their ids,
    at most one per recipient. PostgreSQL: the rows are locked `FOR UPDATE SKIP LOCKED`, so
    workers claiming at once take disjoint batches."""
    query = _due(db.engine.dialect.name == "postgresql", created_before is not None)
    params = {"channel": channel, "now": now, "limit": limit, "created_before": created_before}
    with db.session() as session:
        ids = list(session.scalars(query, params))
        if not ids:
            return []
        claimed = session.execute(_CLAIM, {"ids": ids, "now": now}).all()
        # two rows to one recipient in one batch: the later waits for the earlier's outcome
        address_of = dict(claimed)  # type: ignore[arg-type]
        seen: set[str] = set()
        keep, later = [], []
        for row_id in ids:  # in lane order
            if row_id not in address_of:
                continue
            (later if address_of[row_id] in seen else keep).append(row_id)
            seen.add(address_of[row_id])
        if later:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(later))
                            .values(status=OutboxStatus.PENDING, attempts=OutboxMessage.attempts - 1)
                            .execution_options(synchronize_session=False))
    return keep


def requeue_stale(db: Database, now: datetime, stale_seconds: int) -> int:
    """A process that died mid-send leaves rows "sending"; send them again (at least once).
    A live process renews its claims (Pump.renew) well within `stale_seconds`, so only a dead
    one's rows are old enough."""
    cutoff = now - timedelta(seconds=stale_seconds)
    with db.session() as session:
        return session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.updated_at < cutoff)
            .values(status=OutboxStatus.PENDING, updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
