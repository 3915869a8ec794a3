"""Quiet hours: no unasked-for push rings a phone at night (default 21:00-07:00 Bihar time).
Sweeps that push alerts, follow-ups and renewals skip a quiet run; what waited goes out, gathered,
with the first sweep of the morning. Replies to someone who wrote are never held."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .config import Settings


def quiet(settings: Settings, now: datetime) -> bool:
    """True when `now` falls in the quiet hours on Bihar's clock (the window may cross midnight)."""
    start, end = settings.market.quiet_from_hour, settings.market.quiet_until_hour
    if start == end:
        return False  # quiet hours switched off
    hour = now.astimezone(ZoneInfo(settings.timezone)).hour
    return start <= hour < end if start < end else hour >= start or hour < end
