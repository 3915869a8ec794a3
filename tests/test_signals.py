"""Instant signals without flooding: the first match alert goes out with the next sweep (seconds),
later ones within the throttle window come as one message, and nothing rings at night."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from bot.market.alerts import notify_sellers
from bot.scheduler import build_scheduler
from models import utcnow
from tests.test_market import buyer_in, didi_in

IST = timezone(timedelta(hours=5, minutes=30))


def demand_alerts(didi, before: int) -> list[dict]:
    return [m for m in didi.inbox()[before:] if "चाहिए" in m["text"] and "D-" in m["text"]]


def post(chat, user: str, phone: str, text: str) -> str:
    buyer = buyer_in(chat, user, phone=phone)
    buyer.say(text)
    buyer.tap("Yes, right")
    return re.search(r"D-\d+", buyer.text).group()


def test_the_first_alert_goes_at_once_and_later_ones_within_the_window_come_together(chat, runtime):
    didi = didi_in(chat, "sig1", "+919811100001")
    didi.say("500 kilo aloo 12 rupaye kilo")
    didi.tap("सही है")
    before = len(didi.inbox())

    first = post(chat, "sigbuyer1", "+919900011001", "Need 100 kg potato in Patna")
    start = utcnow()  # the sweeps' clock runs from here, however long the post took
    notify_sellers(runtime, now=start + timedelta(seconds=3))  # the next sweep, seconds later
    runtime.dispatcher.run_once()
    (alert,) = demand_alerts(didi, before)
    assert first in alert["text"]

    second = post(chat, "sigbuyer2", "+919900011002", "Need 80 kg potato in Patna")
    third = post(chat, "sigbuyer3", "+919900011003", "Need 60 kg potato in Patna")
    for seconds in (60, 120, 240):  # within the 5-minute window: they wait
        notify_sellers(runtime, now=start + timedelta(seconds=seconds))
    runtime.dispatcher.run_once()
    assert len(demand_alerts(didi, before)) == 1

    notify_sellers(runtime, now=start + timedelta(minutes=5, seconds=4))
    runtime.dispatcher.run_once()
    alerts = demand_alerts(didi, before)
    assert len(alerts) == 2
    assert second in alerts[1]["text"] and third in alerts[1]["text"]  # one message for both


def test_quiet_hours_hold_an_alert_until_seven_in_the_morning(chat, runtime):
    runtime.settings = replace(runtime.settings, quiet_start_hour=21, quiet_end_hour=7)
    didi = didi_in(chat, "sig2", "+919811100002")
    didi.say("2 quintal pyaz 14 rupaye kilo")
    didi.tap("सही है")
    before = len(didi.inbox())
    code = post(chat, "sigbuyer4", "+919900011004", "Need 50 kg onion in Patna")

    night = datetime.combine(utcnow().astimezone(IST).date() + timedelta(days=1),
                             datetime.min.time(), IST).replace(hour=22)
    for hour in (0, 3, 8):  # 22:00, 01:00, 06:00 Bihar time: nothing rings
        notify_sellers(runtime, now=night + timedelta(hours=hour, minutes=59))
    runtime.dispatcher.run_once()
    assert demand_alerts(didi, before) == []

    notify_sellers(runtime, now=night + timedelta(hours=9, minutes=1))  # 07:01
    runtime.dispatcher.run_once()
    (alert,) = demand_alerts(didi, before)
    assert code in alert["text"]


def test_replies_are_never_held_at_night(chat, runtime):
    runtime.settings = replace(runtime.settings, quiet_start_hour=0, quiet_end_hour=23)  # almost always quiet
    didi = didi_in(chat, "sig3", "+919811100003")
    didi.say("menu")
    assert "क्या करना है" in didi.text


def test_the_worker_looks_for_new_matches_every_few_seconds(runtime):
    jobs = {job.id: job for job in build_scheduler(runtime).get_jobs()}
    for name in ("notify_sellers", "notify_buyers"):
        assert jobs[name].trigger.interval == timedelta(seconds=runtime.settings.market.alert_sweep_seconds)
    assert runtime.settings.market.alert_sweep_seconds <= 5
