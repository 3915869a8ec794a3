"""The scheduler's notice job: start notices that are due, finish fan-outs a crash interrupted,
mark finished notices done, and skip rows a stopped notice still had waiting."""
from __future__ import annotations

from sqlalchemy import exists, select

from models import Notice, NoticeStatus, OutboxMessage, OutboxStatus, utcnow

from . import fanout


def start_due(rt, now=None) -> int:
    """Idempotent: run as often as you like (every few seconds). Returns rows created."""
    now = now or utcnow()
    made = 0
    with rt.db.session() as session:
        for notice in session.scalars(select(Notice).where(Notice.status == NoticeStatus.SCHEDULED,
                                                           Notice.scheduled_at <= now).order_by(Notice.id)):
            fanout.begin(session, notice, now)
    with rt.db.sessions() as session:
        fanning = list(session.scalars(select(Notice.id).where(Notice.status == NoticeStatus.SENDING,
                                                               Notice.fanned_out_at.is_(None)).order_by(Notice.id)))
    for notice_id in fanning:
        made += fanout.fan_out(rt.db, rt.settings, notice_id, now)
    unsent = exists().where(OutboxMessage.notice_id == Notice.id,
                            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    with rt.db.session() as session:
        for notice in session.scalars(select(Notice).where(Notice.status == NoticeStatus.SENDING,
                                                           Notice.fanned_out_at.is_not(None), ~unsent)):
            notice.status, notice.finished_at = NoticeStatus.DONE, now
        for notice in session.scalars(select(Notice).where(Notice.status == NoticeStatus.STOPPED, unsent)):
            fanout.skip_unsent(session, notice.id, now)
    if fanning:
        rt.dispatcher.wake()
    return made
