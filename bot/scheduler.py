"""Timed work on APScheduler, in exactly one process (the worker, or `serve` in development).

Jobs are periodic sweeps over database state (what is due is a row with a due time), so a restart
or a missed run loses nothing: the next sweep picks it up."""
from __future__ import annotations

import logging
from typing import Callable

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from .dashboard import summary as dashboard_summary
from .digests import run as digests
from .events import reminders as event_reminders
from .market import alerts, follows, lifecycle, photos
from .notices import sweep as notices
from .ops import retention
from .prices import alerts as price_alerts, importer as price_import, queries as price_queries
from .prices.settings import price_settings
from .runtime import Runtime

log = logging.getLogger(__name__)


def jobs(rt: Runtime) -> list[tuple[str, Callable[..., object], dict]]:
    """(job id, sweep, trigger arguments). Every sweep is `f(rt, now=None)` and idempotent."""
    every = {"trigger": "interval", "minutes": max(rt.settings.market.notify_every_minutes, 1)}
    at_once = {"trigger": "interval", "seconds": rt.settings.market.alert_sweep_seconds}
    return [
        ("fetch_photos", photos.fetch_pending, {"trigger": "interval", "seconds": 20}),
        ("offer_lots", alerts.offer_lots, every),
        ("notify_sellers", alerts.notify_sellers, at_once),
        ("notify_buyers", alerts.notify_buyers, at_once),
        ("notify_follows", follows.notify, at_once),
        ("notify_follows_daily", follows.notify_daily,
         {"trigger": "cron", "hour": rt.settings.market.follow_digest_hour, "minute": 0}),
        ("send_followups", alerts.send_followups, {"trigger": "interval", "minutes": 30}),
        ("ask_renewals", lifecycle.ask_renewals, {"trigger": "interval", "minutes": 30}),
        ("expire", lifecycle.expire, {"trigger": "interval", "minutes": 15}),
        ("start_notices", notices.start_due, {"trigger": "interval", "seconds": 10}),
        ("retention", retention.daily, {"trigger": "cron", "hour": 3, "minute": 41}),  # config: retention
        ("import_prices", price_import.daily_import, {"trigger": "cron", "hour": price_settings(rt.settings).import_at[0],
                                                      "minute": price_settings(rt.settings).import_at[1]}),
        ("price_alerts", price_alerts.check, {"trigger": "interval", "minutes": 15}),
        ("daily_price_lines", price_alerts.send_daily_lines, {"trigger": "interval", "minutes": 15}),
        ("purge_price_queries", price_queries.purge, {"trigger": "cron", "hour": 3, "minute": 27}),
        ("event_reminders", event_reminders.send, {"trigger": "interval", "minutes": 10}),
        ("dashboard_summary", dashboard_summary.refresh, {"trigger": "interval", "minutes": 10}),
        *digests.jobs(rt),  # config: digests.city_at / village_at
    ]


def run_all(rt: Runtime, now=None) -> None:
    """Run every sweep once, in order (tests and `serve` at start)."""
    for _, func, _ in jobs(rt):
        func(rt, now)
    rt.dispatcher.wake()


def build_scheduler(rt: Runtime) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        timezone=rt.settings.timezone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
    )
    for job_id, func, trigger in jobs(rt):
        scheduler.add_job(func, args=[rt], id=job_id, replace_existing=True, **trigger)

    def wake_dispatcher(event: JobExecutionEvent) -> None:
        if event.retval:  # the sweep queued something: send it now, not at the next poll
            rt.dispatcher.wake()

    scheduler.add_listener(wake_dispatcher, EVENT_JOB_EXECUTED)
    return scheduler
