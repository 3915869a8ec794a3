"""Which worker runs the scheduler: the one holding a PostgreSQL advisory lock.

APScheduler's jobs must run in exactly one process (docs/PLATFORMS.md). Every worker tries the
session-level lock on a connection of its own; the holder starts the scheduler, the others try
again every `poll_seconds`. When the holder dies its connection closes, PostgreSQL drops the
lock, and the next try elsewhere takes over. On SQLite (one process, `serve`) the lock is ours."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from sqlalchemy import text

from .db import Database

log = logging.getLogger(__name__)
LOCK_KEY = 0x44494449  # "DIDI": one advisory lock per database, for the scheduler


class Leader:
    def __init__(self, db: Database, on_lead: Callable[[], None], on_lose: Callable[[], None],
                 poll_seconds: float = 15.0, key: int = LOCK_KEY) -> None:
        self.db, self.on_lead, self.on_lose = db, on_lead, on_lose
        self.poll_seconds, self.key = poll_seconds, key
        self.leading = False
        self._conn = None  # the dedicated connection holding the lock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def try_lead(self) -> bool:
        """One attempt (or, when leading, a check that the lock's connection is still alive)."""
        if self.db.engine.dialect.name != "postgresql":
            if not self.leading:
                self._lead()
            return True
        try:
            if self._conn is None:
                self._conn = self.db.engine.connect()
            if self.leading:
                self._conn.execute(text("SELECT 1"))
                self._conn.commit()
                return True
            got = bool(self._conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar())
            self._conn.commit()  # the lock is session-level: it outlives this transaction
        except Exception as exc:  # lost the database: whatever we held went with the connection
            log.warning("scheduler lock: %s", exc)
            self._drop_connection()
            if self.leading:
                self.leading = False
                self.on_lose()
            return False
        if got:
            self._lead()
        return got

    def _lead(self) -> None:
        self.leading = True
        log.info("this worker runs the scheduler")
        self.on_lead()

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()  # never back to the pool: it may hold the lock
            except Exception:
                pass
            self._conn = None

    def run(self) -> None:
        while not self._stop.is_set():
            self.try_lead()
            self._stop.wait(self.poll_seconds)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="scheduler-leader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        if self.leading:
            self.leading = False
            self.on_lose()
        self._drop_connection()  # closing the session releases the lock
