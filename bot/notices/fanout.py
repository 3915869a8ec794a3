"""A notice becomes one outbox row per recipient, created in chunks of users by set-based
`INSERT ... SELECT` (never a Python loop over people), each chunk committed with the notice's
progress. The unique index on (notice, channel, address) makes a resumed fan-out a no-op for
rows that already exist, so a crash anywhere repeats nobody."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, and_, func, literal, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Database
from models import GroupChat, Notice, NoticeStatus, OutboxKind, OutboxMessage, OutboxStatus, User

from . import area, audience, message

BULK_PRIORITY = 20  # after replies (0), templates (5) and alerts (10): a broadcast never delays a chat
STOPPED = "notice stopped"
COLUMNS = ["user_id", "channel", "address", "kind", "priority", "payload", "status", "attempts", "created_at",
           "next_attempt_at", "updated_at", "notice_id"]


def _insert(session: Session):
    """INSERT that skips rows already there (a resumed fan-out), in this database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(OutboxMessage)
    return sqlite.insert(OutboxMessage)


def _rows(notice: Notice, now: datetime, user_id, channel, address, payload: dict):
    return [user_id, channel, address, literal(OutboxKind.PUSH, String), literal(BULK_PRIORITY, Integer),
            literal(payload, JSON), literal(OutboxStatus.PENDING, String), literal(0, Integer),
            literal(now, OutboxMessage.created_at.type), literal(now, OutboxMessage.next_attempt_at.type),
            literal(now, OutboxMessage.updated_at.type), literal(notice.id, Integer)]


def _people_chunk(session: Session, settings: Settings, notice: Notice, author: User | None, now: datetime,
                  after: int, upto: int) -> int:
    """Rows for users with after < id <= upto: one statement per (language, WhatsApp or not)."""
    who = and_(audience.matching(notice, now), audience.reachable(), User.id > after, User.id <= upto)
    made = 0
    for lang in ("hi", "en"):
        speaks = User.language == "en" if lang == "en" else func.coalesce(User.language, "hi") != "en"
        for on_whatsapp in (True, False):
            channel = "whatsapp" if on_whatsapp else "other"
            body = message.payload(notice, author, lang, channel, settings.notices.template)
            source = select(*_rows(notice, now, User.id, User.channel, User.address, body)).where(
                who, speaks, (User.channel == "whatsapp") if on_whatsapp else (User.channel != "whatsapp"))
            made += max(session.execute(_insert(session).from_select(COLUMNS, source).on_conflict_do_nothing()).rowcount, 0)
    return made


def _groups(session: Session, notice: Notice, author: User | None, now: datetime) -> int:
    """Rows for the area's groups, each in the language the group is kept in (a city buyers' group in English)."""
    made = 0
    for lang in ("hi", "en"):
        speaks = GroupChat.language == "en" if lang == "en" else func.coalesce(GroupChat.language, "hi") != "en"
        body = message.payload(notice, author, lang, "telegram", {}, group=True)
        source = select(*_rows(notice, now, null(), GroupChat.channel, GroupChat.chat_id, body)).where(
            audience.groups(notice), speaks)
        made += max(session.execute(_insert(session).from_select(COLUMNS, source).on_conflict_do_nothing()).rowcount, 0)
    return made


def fan_out(db: Database, settings: Settings, notice_id: int, now: datetime) -> int:
    """Create the notice's rows from where the last run stopped; returns how many were made (as far as
    the driver tells: psycopg does not count rows of INSERT ... SELECT ... ON CONFLICT).
    Stops between chunks when the notice was stopped meanwhile."""
    made = 0
    with db.sessions() as session:
        top = session.scalar(select(func.max(User.id))) or 0
    while True:
        with db.session() as session:
            notice = session.get(Notice, notice_id, with_for_update=session.get_bind().dialect.name == "postgresql")
            if notice is None or notice.status != NoticeStatus.SENDING or notice.fanned_out_at is not None:
                return made
            author = session.get(User, notice.author_id) if notice.author_id else None
            if notice.fanout_after < top:
                upto = min(notice.fanout_after + settings.notices.fanout_chunk, top)
                made += _people_chunk(session, settings, notice, author, now, notice.fanout_after, upto)
                notice.fanout_after = upto
                continue
            made += _groups(session, notice, author, now)
            excluded = session.execute(select(
                func.count().filter(User.opted_out), func.count().filter(~User.opted_out & User.unreachable),
            ).where(audience.matching(notice, now))).one()
            notice.skipped_opted_out, notice.skipped_unreachable = int(excluded[0]), int(excluded[1])
            notice.fanned_out_at = now
            return made


def begin(session: Session, notice: Notice, now: datetime) -> bool:
    """A due notice starts, if its author may still send to its area (rights can be taken away)."""
    author = session.get(User, notice.author_id) if notice.author_id else None
    if author is None or not area.permitted(author, notice.area, list(notice.area_codes or [])):
        notice.status, notice.finished_at = NoticeStatus.CANCELLED, now
        return False
    notice.status, notice.started_at = NoticeStatus.SENDING, now
    return True


def stop(session: Session, notice: Notice, now: datetime) -> str:
    """Cancel a notice that has not started, or stop a running one: what was not sent is skipped.
    Returns the notice's status afterwards."""
    if notice.status in (NoticeStatus.DRAFT, NoticeStatus.SCHEDULED):
        notice.status, notice.finished_at = NoticeStatus.CANCELLED, now
    elif notice.status == NoticeStatus.SENDING:
        notice.status, notice.finished_at = NoticeStatus.STOPPED, now
    if notice.status == NoticeStatus.STOPPED:
        skip_unsent(session, notice.id, now)
    return notice.status


def skip_unsent(session: Session, notice_id: int, now: datetime) -> int:
    return session.execute(update(OutboxMessage).where(
        OutboxMessage.notice_id == notice_id, OutboxMessage.status == OutboxStatus.PENDING,
    ).values(status=OutboxStatus.SKIPPED, error=STOPPED, updated_at=now)).rowcount
