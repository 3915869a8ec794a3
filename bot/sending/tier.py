"""Meta's messaging tier: how many business-initiated WhatsApp conversations (a template sent to
someone outside her 24-hour window) the number may open per rolling 24 hours. Broadcasts beyond
it wait and go out as conversations age out of the window, instead of getting the number flagged."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import OutboxMessage, OutboxStatus

from ..channels.whatsapp import CHANNEL
from ..config import Settings

ROLLING = timedelta(hours=24)
WAITING = "waiting: WhatsApp daily tier limit"


def _opened_since(since: datetime):
    """Conversations we opened (or are opening now) in the window, one per recipient."""
    return (OutboxMessage.channel == CHANNEL, OutboxMessage.opens_conversation.is_(True),
            or_(OutboxMessage.sent_at >= since, OutboxMessage.status == OutboxStatus.SENDING))


def tier_room(session: Session, settings: Settings, now: datetime) -> int:
    """How many more business-initiated WhatsApp conversations fit in the rolling 24 h before
    Meta's tier (`whatsapp.tier_limit`) is reached: 0 when it is full. For the notice preview
    ("N would wait for tomorrow") and the dispatcher."""
    opened = session.scalar(select(func.count(func.distinct(OutboxMessage.address)))
                            .where(*_opened_since(now - ROLLING))) or 0
    return max(settings.sending.whatsapp_tier_limit - opened, 0)


def room_frees_at(session: Session, now: datetime) -> datetime:
    """When the oldest conversation in the window ages out (at least a minute from now); one
    being opened right now (in flight, not yet sent) counts from when it was claimed."""
    opened_at = func.coalesce(OutboxMessage.sent_at, OutboxMessage.updated_at)
    oldest = session.scalar(select(func.min(opened_at)).where(*_opened_since(now - ROLLING)))
    later = now + timedelta(minutes=1)
    if oldest is None:
        return later
    if oldest.tzinfo is None:  # SQLite hands datetimes back naive (they are UTC)
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max(oldest + ROLLING, later)
