"""The inbox: webhooks store each incoming message and answer at once; handler threads (in
`python -m bot worker`, as many processes as you like) take the stored messages and handle them.

One sender's messages strictly in order, different senders in parallel: a worker locks, with
`FOR UPDATE SKIP LOCKED`, the oldest pending message of senders who have no earlier one pending,
handles them and marks them done in the same transaction. A crashed worker's transaction rolls
back and its locks go with its connection, so another worker takes the same rows over.

Idle threads wait for the webhooks' NOTIFY (PostgreSQL LISTEN), and poll only now and then."""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Callable

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from models import InboxMessage, InboxStatus, utcnow

from . import identity, outbox
from .channels import telegram
from .config import Settings
from .db import Database
from .inbound import handle
from .inbox_writer import NOTIFY_CHANNEL
from .messages import Incoming

log = logging.getLogger(__name__)
LISTENING_POLL_SECONDS = 5.0  # with LISTEN on, a poll only catches what a NOTIFY missed
HEAD_PER_ROW = 50  # how deep into the queue a batch looks for senders who are free
TELEGRAM_UPDATE = "telegram_update"  # a stored row's payload key for an update kept as it came


# Built once: the statement's compiled form is cached, so a webhook pays only for its execution.
_STORE = {dialect: insert(InboxMessage).on_conflict_do_nothing(index_elements=["channel", "provider_id"])
          .returning(InboxMessage.id) for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))}


def store(db: Database, msg: Incoming, now: datetime | None = None) -> bool:
    """Keep `msg` for the workers, committed when this returns. False when its provider id was
    stored before (a retry). On PostgreSQL the rows of concurrent requests share one INSERT and one
    commit (bot/inbox_writer.py); elsewhere one INSERT each."""
    return _store(db, msg.channel, msg.provider_id, msg.address, msg.to_payload(), now)


def store_telegram_update(db: Database, provider_id: str, address: str, update: dict, now: datetime | None = None) -> bool:
    """Keep a Telegram update as it came, for the handler to parse (bot/channels/telegram.route_key
    gave its id and sender): the webhook then pays for no parsing. Same answer as `store`."""
    return _store(db, telegram.CHANNEL, provider_id, address, {TELEGRAM_UPDATE: update}, now)


def incoming(payload: dict) -> Incoming | None:
    """The message a stored row holds; None for a Telegram update we do not act on. Raises
    ValueError for one we cannot read (it was acknowledged; nothing is answered)."""
    if TELEGRAM_UPDATE in payload:
        return telegram.parse_update(payload[TELEGRAM_UPDATE])
    return Incoming.from_payload(payload)


def _store(db: Database, channel: str, provider_id: str | None, address: str, payload: dict,
           now: datetime | None) -> bool:
    row = dict(channel=channel, provider_id=provider_id, address=address,
               message=payload, status=InboxStatus.PENDING, received_at=now or utcnow())
    if db.engine.dialect.name == "postgresql":
        return db.inbox_writer.store(**row)
    with db.engine.begin() as conn:
        stored = conn.execute(_STORE[db.engine.dialect.name], row).scalar()
    return stored is not None


def next_batch_query(limit: int, *, exclude: list[int] | None = None, whole_queue: bool = False):
    """The oldest pending message of each sender who has no earlier message pending, locked;
    rows another worker holds are skipped (its sender's later rows wait: they have an earlier one).

    Read from the queue's head (the oldest `HEAD_PER_ROW * limit` pending rows, by index), where a
    sender's first row is her oldest pending one: a plan that does not depend on the table's
    statistics. NOT EXISTS over every pending row became an anti-join that, with a backlog the
    statistics had not seen (a burst into an emptied inbox), read every pending row for each batch
    (bench/inbox_backlog.py). `whole_queue` is that query, for when the head is one sender's rows."""
    free = InboxMessage.status == InboxStatus.PENDING
    if whole_queue:
        earlier = aliased(InboxMessage)
        free = free & ~exists().where(earlier.channel == InboxMessage.channel, earlier.address == InboxMessage.address,
                                      earlier.status == InboxStatus.PENDING, earlier.id < InboxMessage.id)
    else:
        head = (select(InboxMessage.id, InboxMessage.channel, InboxMessage.address)
                .where(InboxMessage.status == InboxStatus.PENDING)
                .order_by(InboxMessage.id).limit(HEAD_PER_ROW * limit).subquery("head"))
        free = free & InboxMessage.id.in_(select(func.min(head.c.id)).group_by(head.c.channel, head.c.address))
    if exclude:
        free = free & InboxMessage.id.not_in(exclude)
    return select(InboxMessage).where(free).order_by(InboxMessage.id).limit(limit).with_for_update(skip_locked=True)


class Inbox:
    """Handler threads over the inbox table. `start()`/`stop()`; `run_once()` handles one batch."""

    def __init__(self, db: Database, settings: Settings, on_handled: Callable[[], None] | None = None) -> None:
        self.db, self.settings, self.on_handled = db, settings, on_handled
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._listening = threading.Event()
        self._threads: list[threading.Thread] = []

    def run_once(self) -> int:
        """Handle one batch of senders' next messages in one transaction; how many were handled.

        Optimistic first: no savepoint per message, what waited for the senders released in one
        UPDATE. If any handler fails or the database refuses any of it, the batch rolls back and
        is handled again with each message isolated (a failure is then her apology, kept)."""
        try:
            return self._batch(isolated=False)
        except Exception:
            log.info("inbox batch failed as a whole; handling it again one message at a time", exc_info=True)
        return self._batch(isolated=True)

    def _batch(self, *, isolated: bool) -> int:
        now = utcnow()
        with self.db.sessions() as session:
            limit = self.settings.inbox.batch_size
            rows = list(session.scalars(next_batch_query(limit)))
            if len(rows) < limit:  # a short queue, or one sender's many rows at its head: look further
                rows += session.scalars(next_batch_query(limit - len(rows), exclude=[r.id for r in rows],
                                                         whole_queue=True))
            released: list[outbox.Release] = []
            messages = []
            for row in rows:
                try:
                    messages.append((row, incoming(row.message)))
                except ValueError as exc:  # acknowledged already: Telegram would send it again unchanged
                    log.warning("ignored Telegram update %s: %s", row.provider_id, exc)
            if not isolated:  # (isolated, a savepoint rolled back would leave what was read stale)
                identity.prefetch(session, [(m.channel, m.address) for _, m in messages if m is not None])
            for row, msg in messages:
                if msg is None:
                    continue
                if not isolated:
                    row.error = handle(session, self.settings, msg, now, isolated=False, released=released)
                    continue
                try:
                    with session.begin_nested():
                        row.error = handle(session, self.settings, msg, now, released=released)
                except Exception as exc:  # the database refused something of it: kept, not retried forever
                    log.exception("inbox message %s (%s %s) could not be handled", row.id, row.channel, row.provider_id)
                    row.error = f"{type(exc).__name__}: {exc}"[:500]
                    released = [r for r in released if (r.channel, r.address) != (msg.channel, msg.address)]
            outbox.release_waiting_all(session, released, now)
            # One UPDATE for the batch, not one per row (failures were written with their row).
            session.execute(update(InboxMessage).where(InboxMessage.id.in_([r.id for r in rows]))
                            .values(status=InboxStatus.DONE, handled_at=now).execution_options(synchronize_session=False))
            session.commit()
        if rows and self.on_handled:
            self.on_handled()
        return len(rows)

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self.run_once():
                    continue  # more may be waiting
            except Exception:  # the database is away: try again after a pause, lose nothing
                log.exception("inbox worker pass failed")
            poll = self.settings.inbox.poll_seconds
            self._wake.wait(max(poll, LISTENING_POLL_SECONDS) if self._listening.is_set() else poll)
            self._wake.clear()

    def _listen(self) -> None:
        """Wake the handler threads on each NOTIFY of the webhooks' commits (bot/inbox_writer.py)."""
        while not self._stop.is_set():
            fairy = None
            try:
                fairy = self.db.engine.raw_connection()
                conn = fairy.driver_connection
                conn.autocommit = True
                conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                self._listening.set()
                self._wake.set()  # rows stored before we listened
                while not self._stop.is_set():
                    for _ in conn.notifies(timeout=1.0, stop_after=1):
                        self._wake.set()
            except Exception:  # the database is away: poll meanwhile, listen again after a pause
                log.warning("inbox LISTEN lost; polling meanwhile", exc_info=True)
                self._listening.clear()
                self._stop.wait(self.settings.inbox.poll_seconds * 10)
            finally:
                self._listening.clear()
                if fairy is not None:
                    fairy.invalidate()  # autocommit and listening: not for the pool

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        for n in range(self.settings.inbox.threads):
            thread = threading.Thread(target=self._loop, name=f"inbox-{n + 1}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.db.engine.dialect.name == "postgresql":
            thread = threading.Thread(target=self._listen, name="inbox-listen", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
