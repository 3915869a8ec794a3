"""Inputs an independent probe found that crashed a handler, lost a message or broke a rule;
each answered politely now (the race ones are in test_races.py, the chunked bodies in
test_chunked_bodies.py)."""
from __future__ import annotations

import copy
import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.market import deals
from bot.scheduler import run_all
from models import DealReport, Listing, ListingStatus, Match, ProcessedUpdate, User, utcnow
from tests.live import FIXTURES, tg_post, tg_texts, tg_update, wa_bodies, wa_form, wa_post
from tests.test_market import buyer_in, didi_in
from tests.test_onboarding import registered

SORRY = ("अभी कुछ गड़बड़ हो गई", "something went wrong")  # errors.handler, the apology


def no_apology(texts) -> bool:
    return not any(s in t for t in texts for s in SORRY)


# --- 3. NUL bytes are cleaned where a message enters ---------------------------------------
def test_nul_in_a_typed_name_is_dropped(chat, runtime):
    c = chat("nul1")
    c.say("hi")
    c.tap("हिन्दी")
    c.tap("दीदी")
    c.say("Sun\u0000ita")
    assert no_apology([c.text])
    with runtime.db.sessions() as session:
        assert session.scalar(select(User.name)) == "Sunita"


def test_nul_in_a_telegram_first_name_and_a_whatsapp_profile_name(live, standins):
    rt, client = live
    tg, tw = standins
    for text in ("hi", "2"):
        update = tg_update(text=text, user_id=880001)
        update["message"]["from"]["first_name"] = "A\u0000B"
        assert tg_post(client, update).status_code == 200
        form = wa_form(text, phone="919800000077", ProfileName="Ram\x00esh")
        assert wa_post(client, form).status_code == 200
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        names = set(session.scalars(select(User.profile_name)))
        errors = list(session.scalars(select(ProcessedUpdate.error)))
    assert names == {"AB Lastname", "Ramesh"}
    assert errors == [None] * 4
    assert len(tg_texts(tg)) == 2 and no_apology(tg_texts(tg))
    assert len(wa_bodies(tw)) == 2 and no_apology(wa_bodies(tw))


# --- 4. forged or odd button values ------------------------------------------------------------
def test_forged_button_values_are_answered_not_crashed(chat):
    buyer = buyer_in(chat, "buyer1")
    for value in ("connect:want:99999999999", "connect:lot:99999999999", "connect:deal:99999999999:yes",
                  "connect:want:²", "connect:interest:-1", "connect:want:"):
        buyer.say(button=value)
        assert "That is not among yours." in buyer.text and no_apology([buyer.text]), value


def test_a_forged_product_at_the_browse_step_asks_again(chat):
    buyer = buyer_in(chat, "buyer2")
    buyer.say(button="menu:buy")
    buyer.say(button="buy:browse")
    buyer.say(button="buy:browse:nosuchproduct")
    assert "Which product?" in buyer.text and no_apology([buyer.text])


# --- 5. the simulator's phone is not trusted when real channels are on --------------------------
def test_simulator_phone_refused_with_real_channels(live):
    rt, client = live
    with rt.db.session() as session:
        session.add(User(phone="+919876500001", phone_verified=True, role="staff", onboarded=True,
                         district_code=230))
    response = client.post("/simulator/api/messages", json={"user": "x", "text": "hi", "phone": "+919876500001"})
    assert response.status_code == 403
    with rt.db.sessions() as session:
        staff = session.scalar(select(User).where(User.phone == "+919876500001"))
        assert staff.address is None and staff.channel is None  # not taken over


# --- 7. the listing cap is checked again when the card is confirmed -----------------------------
def test_renewing_while_a_card_is_open_cannot_exceed_the_cap(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    now = utcnow()
    with runtime.db.session() as session:
        user = session.scalar(select(User).where(User.address == "didi1"))
        made = [deals.create_listing(session, user, {"product": "makhana", "quantity": "10", "unit": "kg",
                                                     "price": "700"}, now) for _ in range(20)]
        session.flush()
        for listing in made[:2]:
            listing.status = ListingStatus.EXPIRED
        expired = [listing.code for listing in made[:2]]
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "सही है" in didi.options()
    for code in expired:
        didi.say(button=f"mine:renew:{code}")
        assert "खरीदारों को दिखेगा" in didi.text
    didi.say(button="sell:confirm")
    assert "आपकी 20 लिस्टिंग पहले से चालू हैं" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Listing)
                              .where(Listing.status == ListingStatus.ACTIVE)) == 20


# --- 8. a deal is reported only after a connection ----------------------------------------------
def test_no_deal_report_on_a_match_never_connected(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    buyer.tap("Yes, right")
    with runtime.db.sessions() as session:
        match = session.scalar(select(Match))
    for who in (didi, buyer):
        who.say(button=f"connect:deal:{match.id}:yes")
        assert no_apology([who.text])
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DealReport)) == 0


# --- 9. unblocking the bot says nothing ---------------------------------------------------------
def test_unblocking_says_nothing_and_she_is_reachable_again(live, standins):
    rt, client = live
    tg, _ = standins
    blocked = json.loads((FIXTURES / "telegram" / "update_my_chat_member_blocked.json").read_text())
    unblocked = copy.deepcopy(blocked)
    unblocked["update_id"] += 1
    member = unblocked["my_chat_member"]
    member["old_chat_member"], member["new_chat_member"] = member["new_chat_member"], member["old_chat_member"]
    assert tg_post(client, blocked).status_code == 200
    with rt.db.sessions() as session:
        assert session.scalar(select(User.unreachable)) is True
    assert tg_post(client, unblocked).status_code == 200
    rt.dispatcher.run_once()
    assert tg_texts(tg) == []
    with rt.db.sessions() as session:
        assert session.scalar(select(User.unreachable)) is False
