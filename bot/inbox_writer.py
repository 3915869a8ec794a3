"""Group commit for the webhooks' inbox rows (PostgreSQL): request threads hand their row to one
committer thread per process and wait; it writes every row that arrived while the previous commit
was in flight in one INSERT ... ON CONFLICT DO NOTHING, one transaction, then wakes them. A
request answers 200 only once its own row is committed (or was already stored: a retry)."""
from __future__ import annotations

import json
import logging
import os
import queue
import threading
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "didihaat_inbox"  # the inbox workers LISTEN here (bot/inbox.py)
MAX_ROWS = 500  # rows per INSERT: one commit for all of them
WAIT_SECONDS = 10.0  # longer than any healthy commit; after it the request answers 503 (a retry is deduplicated)

# One statement text and one parameter for any number of rows (psycopg prepares it once per
# connection): the rows as one JSON array, which the C encoder writes and PostgreSQL unpacks. The
# statement also signals the inbox workers when it stored anything, and runs on an autocommit
# connection: insert, NOTIFY and commit are one round trip.
_INSERT = """WITH stored AS (
INSERT INTO {table} (channel, provider_id, address, message, status, received_at)
SELECT channel, provider_id, address, message, status, received_at FROM json_populate_recordset(NULL::{table}, %s)
ON CONFLICT (channel, provider_id) DO NOTHING RETURNING channel, provider_id)
SELECT channel, provider_id, pg_notify('{channel}', '') FROM stored"""


def _held_lock() -> threading.Lock:
    lock = threading.Lock()
    lock.acquire()
    return lock


@dataclass(eq=False)
class _Pending:
    row: dict[str, Any]  # the inbox columns, received_at as naive UTC in ISO form
    # Released by the committer when the row's fate is known: one futex wake per request, where
    # an Event's set() (a Condition, its lock and a notify) held the GIL four times as long.
    done: threading.Lock = field(default_factory=_held_lock)
    fresh: bool = False
    error: BaseException | None = None


class GroupCommit:
    """`store(row)` from any thread: True when the row is now committed, False when its
    (channel, provider_id) was stored before. Raises SQLAlchemy's OperationalError (the database
    is away) or DataError (a value it refuses), as the simple path does."""

    def __init__(self, engine: Engine, table: str) -> None:
        self.engine = engine
        self._insert = _INSERT.format(table=table, channel=NOTIFY_CHANNEL)
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._conn = None  # the committer's own DBAPI connection (SQLAlchemy pool fairy)

    def store(self, channel: str, provider_id: str | None, address: str, message: dict[str, Any],
              status: str, received_at) -> bool:
        pending = _Pending(dict(channel=channel, provider_id=provider_id, address=address, message=message,
                                status=status, received_at=received_at.astimezone(timezone.utc).replace(tzinfo=None)
                                .isoformat()))
        self._ensure_thread()
        self._queue.put(pending)
        if not pending.done.acquire(timeout=WAIT_SECONDS):
            raise OperationalError(self._insert, None, TimeoutError("the inbox commit took too long"))
        if pending.error is not None:
            raise pending.error
        return pending.fresh

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._pid == os.getpid():
            return
        with self._lock:
            if self._thread is None or self._pid != os.getpid():  # a forked child starts its own
                self._pid, self._conn = os.getpid(), None
                self._queue = queue.SimpleQueue()
                self._thread = threading.Thread(target=self._run, name="inbox-committer", daemon=True)
                self._thread.start()

    def close(self) -> None:
        if self._thread is not None and self._pid == os.getpid():
            self._queue.put(None)
            self._thread.join(5)
        self._thread = None
        self._drop_connection()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_ROWS:  # what arrived while the last commit was in flight
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)
                    break
                batch.append(item)
            try:
                self._commit(batch)
            except Exception as exc:  # a bug here must not stop the thread every request waits on
                log.exception("inbox group commit failed")
                for pending in batch:
                    pending.error = exc
            for pending in batch:
                pending.done.release()

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            returned = self._execute(self._insert, [p.row for p in batch])
        except DBAPIError as exc:
            if isinstance(exc.orig, self._dbapi().OperationalError) or len(batch) == 1:
                for pending in batch:
                    pending.error = exc
                return
            # A value one row holds was refused: each row on its own, so only that row fails.
            for pending in batch:
                try:
                    self._claim([pending], self._execute(self._insert, [pending.row]))
                except DBAPIError as one:
                    pending.error = one
            return
        self._claim(batch, returned)

    @staticmethod
    def _claim(batch: list[_Pending], returned: list[tuple]) -> None:
        """Mark as fresh the rows the INSERT returned: one per (channel, provider_id), the first
        asking in the batch; rows without a provider id are always new."""
        inserted = set(returned)
        for pending in batch:
            key = (pending.row["channel"], pending.row["provider_id"])
            if key[1] is None:
                pending.fresh = True
            elif key in inserted:
                pending.fresh = True
                inserted.discard(key)

    def _dbapi(self):
        return self.engine.dialect.loaded_dbapi

    def _execute(self, statement: str, rows: list[dict[str, Any]]) -> list[tuple]:
        """One statement in its own transaction (autocommit): the insert and the NOTIFY to the inbox
        workers, committed together; the rows it stored."""
        dbapi = self._dbapi()
        try:
            if self._conn is None:
                conn = self.engine.raw_connection()  # raises SQLAlchemy's OperationalError itself
                conn.driver_connection.autocommit = True
                self._conn = conn
            cursor = self._conn.cursor()
            try:
                cursor.execute(statement, [json.dumps(rows, ensure_ascii=False)])
                return [(channel, provider_id) for channel, provider_id, _ in cursor.fetchall()]
            finally:
                cursor.close()
        except dbapi.Error as exc:
            if isinstance(exc, dbapi.OperationalError):
                self._drop_connection()
            raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc

    def _drop_connection(self) -> None:
        """Never back to the pool: it is in autocommit mode."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.invalidate()
        except Exception:
            log.debug("closing the committer's connection failed", exc_info=True)
