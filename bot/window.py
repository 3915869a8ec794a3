"""WhatsApp's 24-hour window: free text reaches a user only within 24 h of her last message.

Outside it an alert waits, and one approved template asks her to reply ("देखें"); her reply opens
the window and what waited goes out. Telegram and the simulator have no window."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboxKind, OutboxMessage, User

from . import outbox
from .channels.whatsapp import CHANNEL
from .config import Settings
from .i18n import t
from .messages import Option, Outgoing

OPEN = "window:open"  # the template's quick-reply payload


def closed(user: User, now: datetime, settings: Settings) -> bool:
    if user.channel != CHANNEL:
        return False
    last = user.last_inbound_at
    return last is None or now - last >= timedelta(hours=settings.whatsapp_window.hours)


def answered(user: User, template: OutboxMessage) -> bool:
    """She wrote after the template was queued: the window is open, the template not needed."""
    return user.last_inbound_at is not None and user.last_inbound_at > template.created_at


def too_old(row: OutboxMessage, now: datetime, settings: Settings) -> bool:
    return now - row.created_at > timedelta(days=settings.whatsapp_window.hold_days)


def ask_to_reopen(session: Session, user: User, settings: Settings) -> bool:
    """Queue the template once per closed window. False when no template is configured."""
    templates = settings.whatsapp_window.reopen_template
    sid = templates.get(user.lang) or next(iter(templates.values()), None)
    if not sid:
        return False
    asked = select(OutboxMessage.id).where(OutboxMessage.user_id == user.id, OutboxMessage.kind == OutboxKind.TEMPLATE)
    if user.last_inbound_at is not None:
        asked = asked.where(OutboxMessage.created_at > user.last_inbound_at)
    if session.scalar(asked.limit(1)) is None:
        name = user.name or user.profile_name or t(user.lang, "window.no_name")
        message = Outgoing(text=t(user.lang, "window.reopen", name=name),
                           options=[Option(t(user.lang, "window.show"), OPEN)],
                           template={"sid": sid, "variables": {"1": name}})
        outbox.enqueue(session, user.channel, user.address, message, user=user, kind=OutboxKind.TEMPLATE)
    return True
