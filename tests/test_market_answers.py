"""The market when people answer the way they really do: "haan" instead of a tap, a new listing
typed in the middle of another, a break of hours, STOP mid-question, a second tap, a silly number."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from bot.scheduler import run_all
from models import Conversation, DealReport, Demand, Listing, utcnow
from tests.test_market import buyer_in, didi_in
from tests.test_restart_and_cli import run_cli


def count(runtime, model) -> int:
    with runtime.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def makhana_listed_and_wanted(chat):
    """A didi with 50 kg of makhana listed, and a Patna buyer who has just posted a demand for 40 kg."""
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna")
    buyer.tap("Yes, right")
    return didi, buyer


def test_a_typed_yes_confirms_the_card(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.say("haan")
    assert "L-" in didi.text and count(runtime, Listing) == 1
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna")
    buyer.say("ok")
    assert "D-" in buyer.text and count(runtime, Demand) == 1


def test_a_refused_ceiling_is_asked_again_not_dropped(chat, runtime):
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna, max Rs 9999999/kg")
    assert "That price does not look right." in buyer.text and "Highest price?" in buyer.text
    buyer.say("750")
    assert "Makhana · 40 kg · up to ₹750/kg" in buyer.text


def test_a_new_listing_typed_mid_flow_starts_over_with_it(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("shahad bechna hai")
    assert "कितना शहद है" in didi.text
    didi.say("50 kilo makhana 700 rupaye kilo")
    assert "मखाना · 50 किलो · ₹700/किलो" in didi.text and "शहद" not in didi.text


def test_a_demand_typed_after_a_long_break_is_not_lost(chat, runtime, settings):
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need honey")
    assert "How much Honey do you need?" in buyer.text
    with runtime.db.session() as session:
        session.execute(update(Conversation).values(
            updated_at=utcnow() - timedelta(minutes=settings.conversation_expire_minutes + 1)))
    buyer.say("Need 200 kg makhana in Patna, max Rs 650/kg")
    assert "Makhana · 200 kg · up to ₹650/kg" in buyer.text  # the new demand's card, after a short note


def test_stop_mid_question_then_start_repeats_the_question(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("shahad bechna hai")
    didi.say("STOP")
    assert "कोई सूचना या अलर्ट नहीं" in didi.text
    didi.say("शुरू")
    assert "फिर से चालू" in didi.text and "कितना शहद है" in didi.text
    assert "कोई सूचना या अलर्ट नहीं" not in didi.text
    didi.say("20")
    assert "किस भाव" in didi.text  # the listing went on where it stopped


def test_second_taps_send_nothing_twice(chat, runtime):
    didi, buyer = makhana_listed_and_wanted(chat)
    run_all(runtime)
    offer = didi.inbox()[-1]
    didi.say(button=offer["options"][0]["value"])
    didi.say(button=offer["options"][0]["value"])
    assert "खरीदार को बता दिया" in didi.text
    assert len([m for m in buyer.inbox() if "A didi is ready" in m["text"]]) == 1
    ready = buyer.inbox()[-1]
    buyer.say(button=ready["options"][0]["value"])
    buyer.say(button=ready["options"][0]["value"])
    assert "each other's number already" in buyer.text
    assert len([m for m in didi.inbox() if "अब आप सीधे बात कर सकते हैं" in m["text"]]) == 1
    didi.say(button=offer["options"][0]["value"])
    assert "नंबर पहले ही भेज दिया" in didi.text


def test_a_silly_deal_amount_is_questioned_not_stored(chat, runtime):
    didi, buyer = makhana_listed_and_wanted(chat)
    buyer.say(button=buyer.last[-1]["options"][0]["value"])  # talk to her
    offer = didi.inbox()[-1]
    didi.say(button=offer["options"][0]["value"])  # interested: connected
    run_all(runtime, now=utcnow() + timedelta(days=runtime.settings.market.followup_days, hours=1))
    question = didi.inbox()[-1]
    didi.say(button=question["options"][0]["value"])
    didi.say("5000000 kilo 700 rupaye kilo")
    assert "सही नहीं लगा" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(DealReport)).quantity is None
    didi.say("40 kilo 720 rupaye kilo")
    assert "सौदा दर्ज हुआ" in didi.text


def test_needed_by_reads_as_a_day_and_lasts_to_its_end_in_bihar(chat, runtime):
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna")
    buyer.tap("Change")
    buyer.tap("Needed by")
    buyer.say("7 days")
    due = datetime.now(ZoneInfo("Asia/Kolkata")).date() + timedelta(days=7)
    assert f"Needed by: {due:%d/%m}" in buyer.text
    buyer.tap("Yes, right")
    code = re.search(r"D-(\d+)", buyer.text).group(1)
    with runtime.db.sessions() as session:
        demand = session.get(Demand, int(code))
        end = demand.expires_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert (end.date(), end.hour, end.minute) == (demand.needed_by, 23, 59)


def test_a_changed_price_offers_the_demands_it_now_fits_best(chat, runtime):
    runtime.settings = replace(runtime.settings, market=replace(runtime.settings.market, matches_shown=1))
    small = buyer_in(chat, "buyer1")
    small.say("Need 50 kg makhana in Patna, max Rs 600/kg")
    small.tap("Yes, right")
    small_code = re.search(r"D-\d+", small.text).group()
    big = buyer_in(chat, "buyer2", phone="+919900000002")
    big.say("Need 500 kg makhana in Patna, max Rs 800/kg")
    big.tap("Yes, right")
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    assert small_code not in didi.text  # ₹700 is above his ceiling: the bigger buyer comes first
    listing_code = re.search(r"L-\d+", didi.text).group()
    didi.say(listing_code)
    didi.tap("भाव बदलें")
    didi.say("550")
    assert "बदल दिया" in didi.text and f"{small_code}: पटना के खरीदार को 50 किलो मखाना चाहिए" in didi.text
    didi.tap("रुचि है")
    assert "खरीदार को बता दिया" in didi.text
    didi.say(listing_code)
    didi.tap("भाव बदलें")
    didi.say("540")
    assert "बदल दिया" in didi.text and "खरीदार को यह चाहिए" not in didi.text  # nothing offered twice


def test_a_lot_is_offered_when_later_listings_complete_it(chat, runtime, client):
    done = run_cli("staff", "add", "--phone", "9876500000", "--district", "Patna", "--block", "Bihta",
                   "--name", "BPM Bihta", database_url=runtime.settings.database_url)
    assert done.returncode == 0, done.stderr
    staff = chat("bpm", phone="+919876500000")
    staff.say("hi")
    first = didi_in(chat, "lotdidi0", "+919810000000", name="गीता")
    first.say("100 kilo makhana 680 rupaye kilo")
    first.tap("सही है")
    buyer = buyer_in(chat, "bulkbuyer")
    buyer.say("Need 3 quintal makhana in Patna max Rs 700/kg")
    buyer.tap("Yes, right")
    assert "Together they cover it" not in buyer.text  # 100 kg is all there is yet
    for n, name in ((1, "सीता"), (2, "रीता")):
        d = didi_in(chat, f"lotdidi{n}", f"+91981000000{n}", name=name)
        d.say(f"{100 + n * 10} kilo makhana 680 rupaye kilo")
        d.tap("सही है")
    run_all(runtime)
    offers = [m for m in buyer.inbox() if "Together they cover it" in m["text"]]
    assert len(offers) == 1 and "3 didis, 330 kg in all, from Bihta, Patna" in offers[0]["text"]
    assert offers[0]["options"][-1]["label"] == "I want the whole lot"
    assert not [m for m in buyer.inbox() if m["text"].startswith("🔔") and "Together" not in m["text"]
                and m["id"] > offers[0]["id"]]  # the same listings are not alerted again
    assert any("Bulk order" in m["text"] or "बड़ा ऑर्डर" in m["text"] for m in staff.inbox())
    run_all(runtime)
    assert len([m for m in buyer.inbox() if "Together they cover it" in m["text"]]) == 1  # once


def test_a_forged_district_button_in_a_demand_is_asked_again(chat, runtime):
    buyer = buyer_in(chat, "buyer1")
    buyer.tap("Buy")
    buyer.tap("Post a requirement")
    buyer.say("onion")
    buyer.say("150")
    assert "Delivery in which district?" in buyer.text
    buyer.say(button="buy:district:abc")
    assert "That district was not found" in buyer.text
    buyer.say(button="buy:district:212")
    assert "Highest price?" in buyer.text
