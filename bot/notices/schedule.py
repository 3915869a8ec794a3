"""When a notice goes: a time typed in Bihar's way ("कल सुबह 9 बजे", "kal 10 baje", "05/12 10:00",
"aaj sham 5"), read on Bihar's clock; and the night hours when phones should not ring.

Written here because dateparser (1.2, checked) reads neither "कल सुबह 9 बजे" nor "aaj sham 5 baje"
and takes "परसों" for the past and "10 बजे" for the 10th of the month."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot import quiet_hours
from bot.conversation import DEVANAGARI_DIGITS

_DAYS = {  # words for "today", "tomorrow", "the day after"
    0: ("आज", "aaj", "aj", "today"),
    1: ("कल", "kal", "kl", "tomorrow", "tmrw"),
    2: ("परसों", "परसो", "parson", "parso", "parsoon"),
}
# Part of the day: how an hour without am/pm is read ("शाम 5" is 17:00).
_MORNING = ("सुबह", "सुबे", "subah", "subha", "subeh", "morning", "am", "a.m.")
_NOON = ("दोपहर", "dopahar", "dopahr", "dophar", "afternoon", "noon")
_EVENING = ("शाम", "sham", "shaam", "evening", "pm", "p.m.", "रात", "raat", "rat", "night")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?(?!\d)")
_TIME = re.compile(r"(?<![\d/.-])(\d{1,2})(?:\s*[:.]\s*(\d{2}))?(?![\d/])")
_HOUR_WORDS = ("बजे", "बजकर", "baje", "bje", "o'clock", "am", "pm")


def _words(text: str) -> list[str]:
    return [w.strip(",;!?()") for w in text.lower().split()]  # \w would split Devanagari at its vowel signs


def _has(words: list[str], vocabulary) -> bool:
    return any(w.rstrip(".") in vocabulary or w in vocabulary for w in words)


def parse_when(text: str, now: datetime, tz: str) -> datetime | None:
    """A moment in UTC, or None when no day or hour could be read. A time without a day means
    today, or tomorrow once it has passed; a date without a year, the next such date."""
    zone = ZoneInfo(tz)
    local_now = now.astimezone(zone)
    text = re.sub(r"(\d)\s*([ap]\.?m\.?)(?!\w)", r"\1 \2", text.translate(DEVANAGARI_DIGITS).lower())
    words = _words(text)
    day: date | None = None
    rest = text
    if (found := _DATE.search(text)) is not None:
        d, m, y = int(found.group(1)), int(found.group(2)), found.group(3)
        year = (int(y) + 2000 if len(y) == 2 else int(y)) if y else local_now.year
        try:
            day = date(year, m, d)
        except ValueError:
            return None
        if not y and day < local_now.date():
            day = date(year + 1, m, d)
        rest = text[:found.start()] + " " + text[found.end():]
    else:
        for offset, names in _DAYS.items():
            if _has(words, names):
                day = local_now.date() + timedelta(days=offset)
    clock = _TIME.search(rest)
    if clock is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    if hour <= 12:
        if _has(words, _EVENING) and hour < 12:
            hour += 12
        elif _has(words, _NOON) and hour < 6:  # "दोपहर 2 बजे" is 14:00
            hour += 12
        elif _has(words, _MORNING) and hour == 12:
            hour = 0
    if day is None:
        day = local_now.date()
        if datetime.combine(day, time(hour, minute), zone) <= local_now:
            day += timedelta(days=1)
    return datetime.combine(day, time(hour, minute), zone).astimezone(timezone.utc)


in_quiet_hours = quiet_hours.in_quiet_hours  # the notice flow's night check is everyone's


def morning_after(moment: datetime, tz: str, end_hour: int) -> datetime:
    """The end of the night `moment` falls in: 07:00 the same morning, or the next one."""
    local = moment.astimezone(ZoneInfo(tz))
    morning = datetime.combine(local.date(), time(end_hour), ZoneInfo(tz))
    if local.hour >= end_hour:
        morning += timedelta(days=1)
    return morning.astimezone(timezone.utc)


def common_times(now: datetime, tz: str) -> list[datetime]:
    """Buttons offered for the usual moments: this evening at 17:00 if still ahead, tomorrow 09:00 and 11:00."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    tomorrow = local.date() + timedelta(days=1)
    times = [datetime.combine(tomorrow, time(9), zone), datetime.combine(tomorrow, time(11), zone)]
    evening = datetime.combine(local.date(), time(17), zone)
    if evening > local + timedelta(minutes=30):
        times.insert(0, evening)
    return [t.astimezone(timezone.utc) for t in times]
