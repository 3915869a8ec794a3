"""Quiet hours: no unasked-for push rings a phone at night (default 21:00-07:00 Bihar time).
Sweeps that push alerts, follow-ups and renewals skip a quiet run; what waited goes out, gathered,
with the first sweep of the morning. Replies to someone who wrote are never held."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .config import Settings


def in_quiet_hours(moment: datetime, tz: str, start_hour: int, end_hour: int) -> bool:
    """True when `moment` falls between the hours on the clock of `tz` (the span may cross midnight)."""
    hour = moment.astimezone(ZoneInfo(tz)).hour
    return hour >= start_hour or hour < end_hour if start_hour > end_hour else start_hour <= hour < end_hour


def quiet(settings: Settings, now: datetime) -> bool:
    """True in the configured quiet hours (config.yaml: quiet_hours)."""
    return in_quiet_hours(now, settings.timezone, settings.quiet_start_hour, settings.quiet_end_hour)
