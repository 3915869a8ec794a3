"""Timed work on APScheduler, in exactly one process (the worker, or `serve` in development).

Jobs are periodic sweeps over database state (what is due is a row with a due time), so a restart
or a missed run loses nothing: the next sweep picks it up."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import delete

from models import ProcessedUpdate, utcnow

from .runtime import Runtime

log = logging.getLogger(__name__)
KEEP_UPDATE_IDS = timedelta(days=7)  # Telegram keeps undelivered updates 24 h, Twilio retries for less


def purge_processed_updates(rt: Runtime) -> int:
    """Forget update ids older than any provider would retry."""
    with rt.db.session() as session:
        return session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.received_at < utcnow() - KEEP_UPDATE_IDS)).rowcount


# (job id, function, trigger arguments); later features add their sweeps here.
JOBS: list[tuple[str, Callable[[Runtime], object], dict]] = [
    ("purge_processed_updates", purge_processed_updates, {"trigger": "cron", "hour": 3, "minute": 17}),
]


def build_scheduler(rt: Runtime) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        timezone=rt.settings.timezone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
    )
    for job_id, func, trigger in JOBS:
        scheduler.add_job(func, args=[rt], id=job_id, replace_existing=True, **trigger)
    return scheduler
