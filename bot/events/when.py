"""Event times: read as staff type them in Bihar time, shown in Bihar time, and the next moment
that does not ring phones at night."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import quiet_hours
FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%y %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y", "%Y-%m-%d", "%d/%m %H:%M", "%d/%m")


def read(text: str, tz: str, now: datetime) -> datetime | None:
    """ "15/12/2026 10:00", "2026-12-15 10:00", "15/12 10:00" (this year, or next if passed) -> UTC.
    A date without a time is 10:00."""
    text = " ".join(text.strip().split())
    zone = ZoneInfo(tz)
    for fmt in FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%H" not in fmt:
            parsed = parsed.replace(hour=10)
        if "%Y" not in fmt and "%y" not in fmt:
            local_now = now.astimezone(zone)
            parsed = parsed.replace(year=local_now.year)
            if parsed.replace(tzinfo=zone) < local_now - timedelta(days=1):
                parsed = parsed.replace(year=local_now.year + 1)
        return parsed.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return None


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def shown(moment: datetime, tz: str) -> str:
    """15/12 10:00, on Bihar's clock."""
    return local(moment, tz).strftime("%d/%m %H:%M")


def at(day, hour: int, minute: int, tz: str) -> datetime:
    """A Bihar wall-clock time on a Bihar date, in UTC."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


def quiet(moment: datetime, settings) -> bool:
    """In the configured quiet hours (config.yaml: quiet_hours)?"""
    return quiet_hours.quiet(settings, moment)


def not_before(now: datetime, settings) -> datetime | None:
    """None when now is fine for a push; otherwise the end of the quiet hours (07:00 Bihar time by default)."""
    if not quiet(now, settings):
        return None
    tz, end = settings.timezone, settings.quiet_end_hour
    today = local(now, tz)
    day = today.date() if today.hour < end else today.date() + timedelta(days=1)
    return at(day, end, 0, tz)
