"""Buyers beyond Bihar: a Delhi buyer registers (a state instead of a district, English with Hindi
one tap away), posts a demand that is matched against all of Bihar with didis who can send by
courier first; a didi in Purnia is told "दिल्ली के खरीदार को ...", and when they connect her block's
staff are told to help with dispatch."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot import states
from bot.market.alerts import notify_sellers
from models import Demand, Listing, User, utcnow
from tests.notice_helpers import enrol, no_quiet_hours, person


def far_buyer(chat, user: str, phone: str, *answers: str):
    b = chat(user, phone=phone)
    b.say("hi")
    b.tap("हिन्दी")
    b.tap("खरीदार")
    b.say("Ravi Traders")
    b.tap("बिहार के बाहर")
    for answer in answers:
        b.say(answer)
    return b


def user_row(runtime, address: str) -> User:
    with runtime.db.sessions() as session:
        return session.scalar(select(User).where(User.address == address))


def test_a_delhi_buyer_registers_in_english_with_hindi_one_tap_away(chat, runtime):
    b = chat("delhi1", phone="+919900066001")
    b.say("hi")
    b.tap("हिन्दी")
    b.tap("खरीदार")
    b.say("Ravi Traders")
    assert "🌏 बिहार के बाहर" in b.options()
    b.tap("बिहार के बाहर")
    assert b.text.startswith("Which state or union territory are you in?")
    assert b.options() == ["List of all states", "Another country", "हिन्दी में"]
    b.tap("हिन्दी में")
    assert b.text.startswith("आप किस राज्य या केंद्र शासित प्रदेश में हैं?") and "English" in b.options()
    b.say("यूपी")
    assert "उत्तर प्रदेश में कौन सा शहर?" in b.text
    b.say("2 quintal")
    assert "शहर का नाम लिखें" in b.text
    b.say("Noida")
    assert "धन्यवाद" in b.text, b.text
    row = user_row(runtime, "delhi1")
    assert (row.state_code, row.city, row.district_code, row.language, row.onboarded) == (9, "Noida", None, "hi", True)

    d = far_buyer(chat, "delhi0", "+919900066000", "Dilli")  # Delhi is one city: no city asked
    assert "धन्यवाद" in d.text or "Thank you" in d.text, d.text
    assert (user_row(runtime, "delhi0").state_code, user_row(runtime, "delhi0").city) == (7, None)


def test_bombay_typed_where_a_district_is_asked_names_state_and_city(chat, runtime):
    b = chat("mumbai1", phone="+919900066002")
    b.say("hi")
    b.tap("English")
    b.tap("Buyer")
    b.say("Asha Foods")
    b.say("Bombay")
    assert "Thank" in b.text or "menu" in b.text.lower(), b.text
    row = user_row(runtime, "mumbai1")
    assert (row.state_code, row.city, row.language) == (27, "Mumbai", "en")
    assert states.place_name("en", row.state_code, row.city) == "Mumbai, Maharashtra"

    c = far_buyer(chat, "abroad1", "+919900066003")
    c.tap("Another country")
    c.say("Dubai, UAE")
    assert (user_row(runtime, "abroad1").state_code, user_row(runtime, "abroad1").city) == (states.ABROAD, "Dubai, UAE")

    d = far_buyer(chat, "typo1", "+919900066004", "maharshtra")
    assert "Did you mean" in d.text and "Maharashtra" in d.options()
    d.tap("Maharashtra")
    assert "Which city in Maharashtra?" in d.text


def test_the_profile_of_a_buyer_outside_bihar_shows_her_state_and_city(chat, runtime):
    b = chat("mumbai2", phone="+919900066012")
    b.say("hi")
    b.tap("English")
    b.tap("Buyer")
    b.say("Asha Foods")
    b.say("Bombay")
    b.say("menu")
    b.tap("My profile")
    assert "📍 Mumbai, Maharashtra\n" in b.text and "📍 -" not in b.text, b.text
    d = far_buyer(chat, "delhi9", "+919900066013", "Dilli")
    d.say("menu")
    d.tap("My profile")
    assert "📍 Delhi\n" in d.text, d.text


def test_the_listing_card_offers_the_courier_mark_for_a_product_that_travels(chat, runtime):
    didi = person(chat, "shipdidi", district="purnia", block="baisi", phone="+919811166021")
    didi.say("100 kilo makhana 650 rupaye kilo")
    assert didi.options() == ["सही है", "बदलें", "✅ सही है, 🚚 कूरियर से भेज सकती हूँ"], didi.options()
    didi.tap("कूरियर से भेज सकती हूँ")
    saved = next(m["text"] for m in didi.last if re.search(r"L-\d+", m["text"]))
    code = re.search(r"L-\d+", saved).group(0)
    assert "🚚" in saved, didi.last
    with runtime.db.sessions() as session:
        assert session.scalar(select(Listing).where(Listing.id == int(code[2:]))).ships is True

    didi.say("50 kilo shahad 400 rupaye kilo")
    didi.tap("सही है")  # the plain way still lists it, without the mark
    plain = re.search(r"L-\d+", next(m["text"] for m in didi.last if re.search(r"L-\d+", m["text"]))).group(0)
    didi.say("20 kilo palak 30 rupaye kilo")  # greens do not travel: no courier button
    assert not any("कूरियर" in o for o in didi.options()), didi.options()
    didi.say(button="sell:confirm:ships")  # a forged tap for greens is just the card again
    assert not any("कूरियर" in o for o in didi.options()) and "सही है" in didi.options()
    with runtime.db.sessions() as session:
        assert session.scalar(select(Listing).where(Listing.id == int(plain[2:]))).ships is False
        assert session.scalar(select(Listing).where(Listing.product == "spinach")) is None


def test_a_delhi_buyers_demand_reaches_a_purnia_didi_and_staff_hear_of_the_connection(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    enrol(monkeypatch, runtime, "--phone", "9876500011", "--district", "Purnia", "--block", "Baisi",
          "--name", "BPM Baisi", "--language", "hi")
    staff = chat("bpmbaisi", phone="+919876500011")
    staff.say("hi")
    plain = person(chat, "pdidi1", district="purnia", block="baisi", phone="+919811166001")
    plain.say("100 kilo makhana 650 rupaye kilo")
    plain.tap("सही है")
    courier = person(chat, "pdidi2", district="purnia", block="dhamdaha", phone="+919811166002", name="सीता")
    courier.say("100 kilo makhana 690 rupaye kilo")
    courier.tap("सही है")
    code = re.search(r"L-\d+", courier.text).group(0)
    courier.say(code)
    courier.tap("कूरियर से भेज सकती हूँ")
    assert "दूर के खरीदारों को दिखेगा" in courier.text

    buyer = far_buyer(chat, "delhi2", "+919900066005", "Delhi")
    buyer.say("need 100 kg makhana max 700 rupees kg")
    assert "Delhi" in buyer.text, buyer.text  # the card: delivered to him, no district asked
    buyer.tap("Yes, right")
    found = buyer.text.split("\n")
    first = next(line for line in found if line.startswith("1) "))
    assert code in first and "🚚" in first, buyer.text  # the didi who can send by courier first
    with runtime.db.sessions() as session:
        demand = session.scalar(select(Demand).where(Demand.user_id == user_row(runtime, "delhi2").id))
        assert (demand.district_code, demand.state_code) == (states.OUTSIDE_BIHAR, 7)

    before = len(plain.inbox())
    notify_sellers(runtime, now=utcnow() + timedelta(seconds=3))
    runtime.dispatcher.run_once()
    told = [m["text"] for m in plain.inbox()[before:]]
    assert any(f"{demand.code}: दिल्ली के खरीदार को 100 किलो मखाना चाहिए, ₹700/किलो तक" in t for t in told), told

    before_staff = len(staff.inbox())
    buyer.tap(f"Talk to {code}")
    runtime.dispatcher.run_once()
    courier.say(button=next(o["value"] for m in reversed(courier.inbox()) for o in m.get("options", [])
                            if o["value"].startswith("connect:interest:")))
    assert "🤝" in courier.text and "Ravi Traders" in courier.text
    runtime.dispatcher.run_once()
    news = [m["text"] for m in staff.inbox()[before_staff:]]
    assert news == []  # Baisi's block staff: the didi who connected is in Dhamdaha, not their block


def test_district_staff_are_told_of_a_distant_connection(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    enrol(monkeypatch, runtime, "--phone", "9876500013", "--district", "Purnia", "--name", "DPM Purnia", "--language", "en")
    dpm = chat("dpm2", phone="+919876500013")
    dpm.say("hi")
    didi = person(chat, "pdidi3", district="purnia", block="baisi", phone="+919811166003", name="गीता")
    didi.say("50 kilo makhana 650 rupaye kilo")
    didi.tap("सही है")
    code = re.search(r"L-\d+", didi.text).group(0)
    buyer = far_buyer(chat, "kolkata1", "+919900066006", "Calcutta")
    buyer.say("need 50 kg makhana")
    buyer.tap("Yes, right")
    buyer.tap(f"Talk to {code}")
    runtime.dispatcher.run_once()
    didi.say(button=next(o["value"] for m in reversed(didi.inbox()) for o in m.get("options", [])
                         if o["value"].startswith("connect:interest:")))
    runtime.dispatcher.run_once()
    (note,) = [m["text"] for m in dpm.inbox() if m["text"].startswith("🚚")]
    assert note.startswith("🚚 Connection with a distant buyer: buyer Ravi Traders (D-") and "Kolkata, West Bengal" in note
    assert f"didi गीता ({code}), Makhana · 50 kg · ₹650/kg · Baisi, Purnia" in note
    assert "+91" not in note


def test_a_didi_follows_makhana_and_hears_of_demand_from_delhi(chat, runtime):
    from bot.market.follows import notify

    no_quiet_hours(runtime)
    didi = person(chat, "pdidi4", district="purnia", block="baisi", phone="+919811166004")
    didi.say("makhana follow karo")
    assert "मखाना" in didi.text
    before = len(didi.inbox())
    buyer = far_buyer(chat, "delhi3", "+919900066007", "Delhi")
    buyer.say("need 80 kg makhana max 700 rupees kg")
    buyer.tap("Yes, right")
    code = re.search(r"D-\d+", buyer.text).group(0)
    notify(runtime, now=utcnow() + timedelta(seconds=3))
    runtime.dispatcher.run_once()
    (news,) = [m for m in didi.inbox()[before:] if m["text"].startswith("🔔")]
    assert news["text"] == (f"🔔 मखाना की नई मांग, बिहार और बाहर कहीं से भी (1):\n"
                            f"{code} · मखाना · 80 किलो · ₹700/किलो तक · दिल्ली"), news["text"]
    didi.say("1")  # "D-..: मेरे पास है", by its number: she has no listing yet
    assert "पहले बेचने के लिए डालें" in didi.text
