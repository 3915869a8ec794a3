"""Faults that need a human, read from what the outbox recorded: logged at ERROR once when they
open (not once per message), listed by `status`, closed when sends work again."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from models import Incident, OutboxKind, OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)
LOOK_BACK = timedelta(minutes=15)


@dataclass(frozen=True)
class Fault:
    key: str
    channel: str
    pattern: str  # how the sender words it in outbox.error
    summary: str
    kind: str | None = None  # only rows of this outbox kind


FAULTS = [
    Fault("twilio:20003", "whatsapp", "twilio 20003%", "Twilio refuses our credentials (20003): check "
          "TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN"),
    Fault("telegram:token", "telegram", "InvalidToken%", "Telegram refuses the bot token: check TELEGRAM_BOT_TOKEN "
          "(revoked in @BotFather?)"),
    Fault("telegram:unauthorized", "telegram", "Unauthorized%", "Telegram refuses the bot token (Unauthorized)"),
    Fault("whatsapp:template", "whatsapp", "twilio %", "the WhatsApp template was refused: check its approval in "
          "the Twilio console and whatsapp.reopen_template in config.yaml", kind=OutboxKind.TEMPLATE),
]


def _failing(session, fault: Fault, since: datetime) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == fault.channel, OutboxMessage.error.like(fault.pattern),
        OutboxMessage.updated_at >= since)
    if fault.kind:
        query = query.where(OutboxMessage.kind == fault.kind, OutboxMessage.status == OutboxStatus.FAILED)
    return session.scalar(query) or 0


def _last_sent(session, channel: str) -> datetime | None:
    return session.scalar(select(func.max(OutboxMessage.sent_at)).where(OutboxMessage.channel == channel))


def open_incident(session, key: str) -> Incident | None:
    return session.scalar(select(Incident).where(Incident.key == key, Incident.closed_at.is_(None)))


def report(session, key: str, summary: str, now: datetime, count: int = 1) -> Incident:
    """Open an incident (logged at ERROR) or count one more occurrence of the open one (not logged)."""
    incident = open_incident(session, key)
    if incident is None:
        incident = Incident(key=key, summary=summary[:300], count=count, opened_at=now, last_seen_at=now)
        session.add(incident)
        log.error("needs a human: %s", summary, extra={"incident": key})
    else:
        incident.count, incident.last_seen_at = incident.count + count, now
    return incident


def close(session, key: str, now: datetime) -> None:
    incident = open_incident(session, key)
    if incident is not None:
        incident.closed_at = now
        log.info("resolved: %s", incident.summary, extra={"incident": key})


def record_closed(db, key: str, summary: str, opened: datetime, closed: datetime) -> None:
    """Keep for `status` an incident noticed only once it was over (the database was away)."""
    with db.session() as session:
        session.add(Incident(key=key, summary=summary[:300], opened_at=opened, last_seen_at=closed, closed_at=closed))


def watch(db, now: datetime | None = None) -> None:
    """Look at the sends of the last minutes: a fault failing since the channel's last good send
    opens an incident (or keeps it open); a good send after it closes it."""
    now = now or utcnow()
    with db.session() as session:
        for fault in FAULTS:
            last_ok = _last_sent(session, fault.channel)
            failing = _failing(session, fault, max(now - LOOK_BACK, last_ok) if last_ok else now - LOOK_BACK)
            incident = open_incident(session, fault.key)
            if failing and incident is None:
                report(session, fault.key, fault.summary, now, failing)
            elif failing:
                incident.last_seen_at = now  # still going on: seen, not logged again
            elif incident is not None and last_ok is not None and last_ok > incident.opened_at:
                close(session, fault.key, now)


def recent(session, now: datetime, days: int = 7) -> list[Incident]:
    """Open incidents and those closed in the last `days`, newest first."""
    cutoff = now - timedelta(days=days)
    return list(session.scalars(select(Incident).where((Incident.closed_at.is_(None)) | (Incident.closed_at >= cutoff))
                                .order_by(Incident.opened_at.desc()).limit(20)))
