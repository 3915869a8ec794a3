"""What operators watch: each worker's heartbeat and the incidents that need a human."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class WorkerHeartbeat(Base):
    """One row per worker process name; `beat_at` is rewritten every few seconds while it lives."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)  # "<role>@<host>:<pid>"
    role: Mapped[str] = mapped_column(String(20))  # worker | serve
    host: Mapped[str] = mapped_column(String(64))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)


class Incident(Base):
    """A fault only a person can fix (a revoked token, a rejected template, the database away).
    Logged at ERROR when it opens, counted while it lasts, closed when the fault is gone."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)  # e.g. "twilio:20003"; one open row per key
    summary: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(default=1)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
