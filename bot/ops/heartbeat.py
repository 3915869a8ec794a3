"""The worker says it is alive: a row rewritten every few seconds by a background thread, which
also watches for faults that need a human (bot.ops.incidents)."""
from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from models import WorkerHeartbeat, utcnow

from . import incidents

log = logging.getLogger(__name__)
WATCH_EVERY = timedelta(seconds=60)


def process_name(role: str) -> str:
    return f"{role}@{socket.gethostname()[:40]}:{os.getpid()}"


def beat(db, role: str, now: datetime | None = None, name: str | None = None) -> None:
    """Write this process's heartbeat (insert the first time)."""
    now = now or utcnow()
    name = name or process_name(role)
    with db.session() as session:
        row = session.get(WorkerHeartbeat, name)
        if row is None:
            host, _, pid = name.partition("@")[2].rpartition(":")
            session.add(WorkerHeartbeat(name=name, role=role, host=host[:64], pid=int(pid or 0), started_at=now,
                                        beat_at=now))
        else:
            row.beat_at = now


def stale_workers(session, now: datetime, stale_seconds: int) -> list[WorkerHeartbeat]:
    """Workers whose last beat is older than `stale_seconds` (within the last day: older rows are
    processes long gone, pruned by retention)."""
    cutoff = now - timedelta(seconds=stale_seconds)
    return list(session.scalars(select(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < cutoff,
                                                              WorkerHeartbeat.beat_at >= now - timedelta(days=1))))


def live_workers(session, now: datetime, stale_seconds: int) -> list[WorkerHeartbeat]:
    cutoff = now - timedelta(seconds=stale_seconds)
    return list(session.scalars(select(WorkerHeartbeat).where(WorkerHeartbeat.beat_at >= cutoff,
                                                              WorkerHeartbeat.role == "worker")))


class Heartbeat:
    """Beats every `ops.heartbeat_seconds` until stopped; a database that stays away longer than
    `ops.database_down_alert_seconds` is logged at ERROR once, and its return at INFO."""

    def __init__(self, rt, role: str = "worker") -> None:
        self.rt, self.role, self.name = rt, role, process_name(role)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self.database_down_since: datetime | None = None
        self._alerted = False
        self._watched: datetime | None = None

    def start(self) -> "Heartbeat":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def once(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        ops = self.rt.settings.ops
        try:
            beat(self.rt.db, self.role, now, self.name)
            if self._watched is None or now - self._watched >= WATCH_EVERY:  # a few queries: not every beat
                incidents.watch(self.rt.db, now)
                self._watched = now
        except SQLAlchemyError as exc:
            self.database_down_since = self.database_down_since or now
            away = (now - self.database_down_since).total_seconds()
            if away >= ops.database_down_alert_seconds and not self._alerted:
                self._alerted = True
                log.error("database unreachable for %d s: %s", away, type(exc).__name__,
                          extra={"incident": "database:unreachable"})
            return
        if self.database_down_since is not None:
            away = (now - self.database_down_since).total_seconds()
            if self._alerted:
                log.info("database reachable again after %d s", away)
                incidents.record_closed(self.rt.db, "database:unreachable",
                                        f"database unreachable for {int(away)} s", self.database_down_since, now)
            self.database_down_since, self._alerted = None, False

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.once()
            except Exception:  # the heartbeat must outlive any surprise
                log.exception("heartbeat failed")
            self._stop.wait(self.rt.settings.ops.heartbeat_seconds)


def start(rt, role: str = "worker") -> Heartbeat:
    """Start beating in a daemon thread (`python -m bot worker` calls this)."""
    return Heartbeat(rt, role).start()
