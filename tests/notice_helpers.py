"""Helpers for the notice scenarios: staff enrolled through the real CLI, didis and buyers
registered through the simulator, and the night hours moved so a test never depends on the clock."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import cli
from models import utcnow


def enrol(monkeypatch, runtime, *args: str) -> None:
    """`python -m bot staff add ...`, in this process, on the test database."""
    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    assert cli.main(["staff", "add", *args]) == 0


def person(chat, user: str, *, block: str = "bihta", district: str = "patna", role: str = "दीदी",
           name: str = "कमला", phone: str | None = None):
    """A didi (or buyer) of `block` who has finished registering, in Hindi."""
    c = chat(user, phone)
    c.say("hi")
    c.tap("हिन्दी")
    c.tap(role)
    c.say(name)
    c.say(district)
    c.say(block)
    if role == "दीदी":
        c.say("जय माँ समूह")
    assert "धन्यवाद" in c.text, c.text
    return c


def set_notices(runtime, **values) -> None:
    """Change notice settings for this test (the app, the handlers and the dispatcher share them)."""
    runtime.settings = replace(runtime.settings, notices=replace(runtime.settings.notices, **values))
    runtime.dispatcher.settings = runtime.settings


def set_quiet_hours(runtime, start: int, end: int) -> None:
    runtime.settings = replace(runtime.settings, quiet_start_hour=start, quiet_end_hour=end)
    runtime.dispatcher.settings = runtime.settings


def no_quiet_hours(runtime) -> None:
    set_quiet_hours(runtime, 0, 0)


def quiet_now(runtime) -> int:
    """Night hours that hold this very moment (from this hour for two hours); returns their end."""
    hour = datetime.now(ZoneInfo(runtime.settings.timezone)).hour
    set_quiet_hours(runtime, hour, (hour + 2) % 24)
    return (hour + 2) % 24


def now():
    return utcnow()
