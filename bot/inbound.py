"""Receiving one message: record its provider id (retries are answered once), route it, and put
the replies in the outbox, all in one transaction. A handler bug becomes an apology, not a 500.

`receive` does it inline (the simulator, `serve` on SQLite); with the inbox on, the webhooks only
`bot.inbox.store` the message and the inbox workers call `handle`."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ProcessedUpdate, utcnow

from . import identity, logs, metrics, outbox
from .config import Settings
from .db import Database
from .i18n import t
from .messages import Incoming, Outgoing
from .router import route

log = logging.getLogger(__name__)


@metrics.timed_inbound
@logs.with_message_context
def receive(db: Database, settings: Settings, msg: Incoming, now: datetime | None = None) -> bool:
    """Handle `msg` once. False when its provider id was seen before (a retry)."""
    now = now or utcnow()
    with db.sessions() as session:
        lock_sender(session, msg)
        record = None
        if msg.provider_id:
            record = ProcessedUpdate(channel=msg.channel, provider_id=msg.provider_id, received_at=now)
            session.add(record)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                return False
        error = handle(session, settings, msg, now)
        if record is not None and error:
            record.error = error
        session.commit()
    return True


def lock_sender(session: Session, msg: Incoming) -> None:
    """One sender's messages one at a time (PostgreSQL): her two first messages at once would both
    create her, and two answers at once would each overwrite the other's step. Held to commit."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                        {"key": f"{msg.channel}:{msg.address}"})


def handle(session: Session, settings: Settings, msg: Incoming, now: datetime, *, isolated: bool = True,
           released: list[outbox.Release] | None = None) -> str | None:
    """Route `msg` and queue its replies in `session` (not committed). Returns the handler's
    failure, if any: she got the apology, and the message is not tried again.

    `isolated=False` (the inbox's optimistic pass) runs the handler without a savepoint and lets
    its failure propagate: the caller rolls back and handles the batch again, isolated. With
    `released`, what waited for her is noted there for one UPDATE per batch instead of released now."""
    error, convo = None, None
    try:
        if isolated:
            with session.begin_nested():
                routed = route(session, settings, msg, now)
        else:
            routed = route(session, settings, msg, now)
        user, replies, convo = routed.user, routed.replies, routed.convo
    except Exception as exc:  # a bug in one handler must not lose the message or loop retries
        if not isolated:
            raise
        log.exception("handler failed for %s message %s", msg.channel, msg.provider_id)
        log.debug("the message that failed: %r", msg.text[:500])  # her words only when debugging
        error = f"{type(exc).__name__}: {exc}"[:500]
        user = identity.lookup(session, msg.channel, msg.address)
        lang = user.language if user is not None and user.language else settings.default_language
        replies = [Outgoing(text=t(lang, "errors.handler"))]
    if msg.callback_id:
        outbox.answer_callback(session, msg.channel, msg.address, msg.callback_id)
    for reply in replies:
        outbox.enqueue(session, msg.channel, msg.address, reply, user=user)
    if user is not None:
        expire = settings.conversation_expire_minutes
        in_a_step = (outbox.in_a_step(convo, now, expire) if convo is not None
                     else outbox.answering_a_step(session, user.id, now, expire))
        release = outbox.Release(msg.channel, msg.address, in_a_step)
        if released is None:
            outbox.release_waiting_all(session, [release], now)
        else:
            released.append(release)
    return error
