"""Putting outgoing messages in the outbox. Nothing here talks to a channel: the dispatcher sends."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models import Conversation, OutboxKind, OutboxMessage, User, utcnow

from .messages import Outgoing

PRIORITY = {"callback": -1, OutboxKind.REPLY: 0, OutboxKind.PUSH: 10}


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
    if message.options:
        # On WhatsApp the answer is a bare "1": it must mean this message's first option.
        convo = session.get(Conversation, user.id)
        if convo is None:
            convo = Conversation(user_id=user.id, data={}, options=[])
            session.add(convo)
        convo.options = [o.value for o in message.options]
    return enqueue(session, user.channel, user.address, message, user=user, kind=OutboxKind.PUSH, not_before=not_before)


def answer_callback(session: Session, channel: str, address: str, callback_id: str) -> OutboxMessage:
    """Telegram wants every button tap acknowledged; it goes out first, through the same outbox."""
    row = OutboxMessage(channel=channel, address=address, kind=OutboxKind.REPLY, priority=PRIORITY["callback"],
                        payload={"callback_answer": callback_id})
    session.add(row)
    return row
