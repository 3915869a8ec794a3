"""Putting outgoing messages in the outbox. Nothing here talks to a channel: the dispatcher sends.

A bare "1" on WhatsApp means an option of the last message the user *saw*. A reply's options take
effect as it is said; a push's options take effect when it is delivered, and a push that asks
something waits while the user is answering one of our questions, so it never steals her "1"."""
from __future__ import annotations

from datetime import datetime, timedelta

from typing import NamedTuple

from sqlalchemy import and_, select, tuple_, update
from sqlalchemy.orm import Session

from models import Conversation, OutboxKind, OutboxMessage, OutboxStatus, User, utcnow

from .messages import Outgoing

PRIORITY = {"callback": -1, OutboxKind.REPLY: 0, OutboxKind.TEMPLATE: 5, OutboxKind.PUSH: 10}


def enqueue(session: Session, channel: str, address: str, message: Outgoing, *, user: User | None = None,
            kind: str = OutboxKind.REPLY, not_before: datetime | None = None) -> OutboxMessage:
    row = OutboxMessage(
        user_id=user.id if user else None,
        channel=channel,
        address=address,
        kind=kind,
        priority=PRIORITY[kind],
        payload=message.to_payload(),
        next_attempt_at=not_before or utcnow(),
    )
    session.add(row)
    return row


def push(session: Session, user: User, message: Outgoing, *, not_before: datetime | None = None) -> OutboxMessage | None:
    """An alert or notice the user did not ask for in this turn; held back if they opted out."""
    if user.channel is None or user.address is None:
        return None  # enrolled from the CLI, has not written yet: nowhere to send
    return enqueue(session, user.channel, user.address, message, user=user, kind=OutboxKind.PUSH, not_before=not_before)


def answer_callback(session: Session, channel: str, address: str, callback_id: str) -> OutboxMessage:
    """Telegram wants every button tap acknowledged; it goes out first, through the same outbox."""
    row = OutboxMessage(channel=channel, address=address, kind=OutboxKind.REPLY, priority=PRIORITY["callback"],
                        payload={"callback_answer": callback_id})
    session.add(row)
    return row


# Why the dispatcher holds a push back (kept in the row's error column while it waits).
WAITING = "waiting: user is answering"
OUTSIDE_WINDOW = "waiting: outside WhatsApp's 24-hour window"


class Release(NamedTuple):
    """She wrote: her pushes held for the window go out after this reply, and those held while
    she answered a step too, once she is not in one (`in_a_step` False)."""

    channel: str
    address: str
    in_a_step: bool


def release_waiting_all(session: Session, releases: list[Release], now: datetime) -> int:
    """Release what waited for these senders (at most two UPDATEs, however many); returns how many rows."""
    released = 0
    for in_a_step in (True, False):
        who = [(r.channel, r.address) for r in releases if r.in_a_step is in_a_step]
        if not who:
            continue
        reasons = [OUTSIDE_WINDOW] if in_a_step else [OUTSIDE_WINDOW, WAITING]
        recipient = (and_(OutboxMessage.channel == who[0][0], OutboxMessage.address == who[0][1]) if len(who) == 1
                     else tuple_(OutboxMessage.channel, OutboxMessage.address).in_(who))
        released += session.execute(update(OutboxMessage).where(
            recipient, OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.error.in_(reasons),
        ).values(next_attempt_at=now).execution_options(synchronize_session=False)).rowcount
    return released


def waiting_for_window(session: Session, channel: str, address: str) -> bool:
    return session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.channel == channel, OutboxMessage.address == address,
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.error == OUTSIDE_WINDOW).limit(1)) is not None


def answering_a_step(session: Session, user_id: int, now: datetime, expire_minutes: int) -> bool:
    """True while the user is in the middle of one of our questions (and it has not expired)."""
    return in_a_step(session.get(Conversation, user_id), now, expire_minutes)


def in_a_step(convo: Conversation | None, now: datetime, expire_minutes: int) -> bool:
    """`answering_a_step`, for her conversation row at hand."""
    return (convo is not None and convo.flow is not None and convo.updated_at is not None
            and now - convo.updated_at <= timedelta(minutes=expire_minutes))


def delivered(session: Session, row: OutboxMessage) -> None:
    """A push with options was delivered: a typed number now answers it."""
    values = [o["value"] for o in row.payload.get("options") or []]
    if row.kind != OutboxKind.PUSH or not values or row.user_id is None:
        return
    convo = session.get(Conversation, row.user_id)
    if convo is None:
        convo = Conversation(user_id=row.user_id, data={}, options=[])
        session.add(convo)
    convo.options = values
    convo.option_labels = [o["label"] for o in row.payload.get("options") or []]
