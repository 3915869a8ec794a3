"""Times staff type for a notice, read on Bihar's clock, and the night hours."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.notices.schedule import common_times, in_quiet_hours, morning_after, parse_when

IST = ZoneInfo("Asia/Kolkata")
# 20:00 UTC on 1 December is 01:30 on 2 December in Bihar: "today" is Bihar's 2 December.
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)
AFTERNOON = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)  # 14:30 in Bihar


@pytest.mark.parametrize("typed, expected", [
    ("कल सुबह 9 बजे", (2026, 12, 3, 9, 0)),
    ("kal subah 9 baje", (2026, 12, 3, 9, 0)),
    ("कल सुबह ९:३० बजे", (2026, 12, 3, 9, 30)),
    ("tomorrow 9am", (2026, 12, 3, 9, 0)),
    ("tomorrow 5 pm", (2026, 12, 3, 17, 0)),
    ("कल शाम 5 बजे", (2026, 12, 3, 17, 0)),
    ("aaj sham 5 baje", (2026, 12, 2, 17, 0)),
    ("परसों 10 बजे", (2026, 12, 4, 10, 0)),
    ("दोपहर 2 बजे", (2026, 12, 2, 14, 0)),
    ("10 बजे", (2026, 12, 2, 10, 0)),  # later today in Bihar
    ("05/12 10:00", (2026, 12, 5, 10, 0)),
    ("5.12.2026 14:30", (2026, 12, 5, 14, 30)),
    ("01/12 10:00", (2027, 12, 1, 10, 0)),  # a date gone by this year is next year's
    ("raat 8 baje", (2026, 12, 2, 20, 0)),
])
def test_times_typed_in_bihar(typed, expected):
    assert parse_when(typed, NOW, "Asia/Kolkata").astimezone(IST).timetuple()[:5] == expected


def test_an_hour_gone_by_today_means_tomorrow():
    assert parse_when("11 बजे", AFTERNOON, "Asia/Kolkata").astimezone(IST).timetuple()[:5] == (2026, 12, 3, 11, 0)
    assert parse_when("शाम 5 बजे", AFTERNOON, "Asia/Kolkata").astimezone(IST).timetuple()[:5] == (2026, 12, 2, 17, 0)


@pytest.mark.parametrize("typed", ["hello", "कल", "31/02 10:00", "25 बजे", "10:75", ""])
def test_what_is_not_a_time(typed):
    assert parse_when(typed, NOW, "Asia/Kolkata") is None


def test_night_hours_and_the_morning_after():
    night = datetime(2026, 12, 2, 22, 30, tzinfo=IST)
    early = datetime(2026, 12, 3, 6, 59, tzinfo=IST)
    assert in_quiet_hours(night, "Asia/Kolkata", 21, 7) and in_quiet_hours(early, "Asia/Kolkata", 21, 7)
    assert not in_quiet_hours(datetime(2026, 12, 3, 7, 0, tzinfo=IST), "Asia/Kolkata", 21, 7)
    assert not in_quiet_hours(datetime(2026, 12, 3, 20, 59, tzinfo=IST), "Asia/Kolkata", 21, 7)
    assert morning_after(night, "Asia/Kolkata", 7).astimezone(IST).timetuple()[:5] == (2026, 12, 3, 7, 0)
    assert morning_after(early, "Asia/Kolkata", 7).astimezone(IST).timetuple()[:5] == (2026, 12, 3, 7, 0)
    assert not in_quiet_hours(night, "Asia/Kolkata", 0, 0)  # no night at all


def test_buttons_for_common_times():
    assert [t.astimezone(IST).strftime("%d %H:%M") for t in common_times(AFTERNOON, "Asia/Kolkata")] == [
        "02 17:00", "03 09:00", "03 11:00"]
    assert [t.astimezone(IST).strftime("%d %H:%M") for t in common_times(NOW, "Asia/Kolkata")] == [
        "02 17:00", "03 09:00", "03 11:00"]
