"""Understanding people in context (issue 10, items 1, 2, 5, 6), through the simulator API:
changes to one's own listing typed as sentences, typed answers to the latest question, help that
says only what exists, and the menu shown when it is useful (else a "0 = मेनू" hint)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.scheduler import run_all
from models import Demand, DemandStatus, EventInvite, ListingStatus, Match
from tests.test_market import buyer_in
from tests.test_mine import add_demand, add_listing, listing
from tests.test_onboarding import registered

MENU_HI = ["बेचना है", "खरीदना है", "मेरी लिस्टिंग / मांग", "मंडी भाव"]


def english_didi(chat, user: str):
    didi = chat(user)
    for step in ("hi", "English"):
        didi.say(step) if step == "hi" else didi.tap(step)
    didi.tap("Didi")
    for answer in ("Kamla", "patna", "bihta", "Jai Maa group"):
        didi.say(answer)
    return didi


def demands(runtime) -> list[Demand]:
    with runtime.db.sessions() as session:
        return list(session.scalars(select(Demand)))


# --- 1. changes to a listing by text ------------------------------------------------------------
def test_price_quantity_sold_and_withdraw_typed_as_sentences_change_her_one_listing(chat, runtime):
    didi = registered(chat, "didi1")
    aloo = add_listing(runtime, "didi1", "potato", 100, 20)
    makhana = add_listing(runtime, "didi1", "makhana", 50, 700)

    didi.say("aloo ka daam 25 kar do")  # was read as a buyer's "कितना आलू चाहिए?"
    assert f"✅ L-{aloo} बदल दिया" in didi.text
    assert "पहले: आलू · 100 किलो · ₹20/किलो" in didi.text and "अब: आलू · 100 किलो · ₹25/किलो" in didi.text
    assert "चाहिए" not in didi.text and listing(runtime, aloo).price == 25

    didi.say("makhana ab 40 kilo hai")  # was a buyer demand one tap from being posted
    assert "अब: मखाना · 40 किलो · ₹700/किलो" in didi.text and listing(runtime, makhana).quantity == 40

    didi.say(f"L-{makhana} ka bhav 600 karo")  # was "समझ नहीं आया"
    assert "अब: मखाना · 40 किलो · ₹600/किलो" in didi.text and listing(runtime, makhana).price == 600

    didi.say("मखाना बिक गया")
    assert f"✅ L-{makhana} मखाना बिक गया" in didi.text and listing(runtime, makhana).status == ListingStatus.SOLD

    didi.say("aloo hata do")
    assert f"L-{aloo} आलू हटा दिया" in didi.text and listing(runtime, aloo).status == ListingStatus.WITHDRAWN
    assert demands(runtime) == []  # she was never made a buyer


def test_with_several_listings_of_the_product_she_picks_which(chat, runtime):
    didi = registered(chat, "didi2")
    first = add_listing(runtime, "didi2", "makhana", 50, 700)
    second = add_listing(runtime, "didi2", "makhana", 20, 900)
    didi.say("makhana ka bhav 650 kar do")
    assert "आपकी 2 मखाना की लिस्टिंग/मांग हैं" in didi.text
    assert didi.options() == [f"L-{first} · मखाना · 50 किलो · ₹700/किलो · बिहटा, पटना",
                              f"L-{second} · मखाना · 20 किलो · ₹900/किलो · बिहटा, पटना"]
    didi.say("2")
    assert f"✅ L-{second} बदल दिया" in didi.text
    assert (listing(runtime, first).price, listing(runtime, second).price) == (700, 650)

    didi.say("makhana bik gaya")
    didi.tap(f"L-{first}")
    assert listing(runtime, first).status == ListingStatus.SOLD and listing(runtime, second).status == "active"


def test_a_change_for_a_product_she_has_not_listed_says_so_and_a_forged_pick_changes_nothing(chat, runtime):
    didi = registered(chat, "didi3")
    other = registered(chat, "didi3b")
    theirs = add_listing(runtime, "didi3b", "makhana", 50, 700)
    didi.say("makhana bik gaya")
    assert "आपकी कोई चालू मखाना लिस्टिंग नहीं है" in didi.text
    didi.say(button=f"mine:set:L-{theirs}::1")  # someone else's listing, forged
    assert "नहीं मिला" in didi.text and listing(runtime, theirs).price == 700
    didi.say(f"L-{theirs} ka bhav 1 karo")
    assert "नहीं मिला" in didi.text and listing(runtime, theirs).price == 700
    assert other.last and demands(runtime) == []


def test_a_lone_number_with_the_code_asks_what_to_change_and_a_strange_price_is_questioned(chat, runtime):
    didi = registered(chat, "didi4")
    ident = add_listing(runtime, "didi4", "makhana", 50, 700)
    didi.say(f"L-{ident} 600 kar do")
    assert "क्या बदलना है?" in didi.text and "भाव बदलें" in didi.options()
    didi.say("makhana ka bhav 0 kar do")
    assert "यह भाव सही नहीं लगा" in didi.text and listing(runtime, ident).price == 700


def test_english_didi_changes_by_text_and_a_buyer_changes_his_demand(chat, runtime):
    didi = english_didi(chat, "didi5")
    ident = add_listing(runtime, "didi5", "makhana", 50, 700)
    didi.say("change price of makhana to 650")
    assert f"✅ L-{ident} changed" in didi.text and "Now: Makhana · 50 kg · ₹650/kg" in didi.text
    didi.say("makhana sold")
    assert listing(runtime, ident).status == ListingStatus.SOLD

    buyer = buyer_in(chat, "buyer5")
    demand = add_demand(runtime, "buyer5", "potato", 200, 15)
    buyer.say(f"D-{demand} ka rate 18 karo")
    assert f"✅ D-{demand} changed" in buyer.text and "up to ₹18/kg" in buyer.text
    buyer.say("aloo mil gaya")
    assert "closed" in buyer.text.lower()
    with runtime.db.sessions() as session:
        assert session.get(Demand, demand).status == DemandStatus.CLOSED


def test_a_new_listing_of_a_product_she_already_sells_is_still_a_listing(chat, runtime):
    didi = registered(chat, "didi6")
    add_listing(runtime, "didi6", "makhana", 50, 700)
    didi.say("30 kilo makhana 650 rupaye kilo")  # no change word: another lot to sell
    assert "मखाना · 30 किलो · ₹650/किलो" in didi.text and didi.options()[:2] == ["सही है", "बदलें"]


def test_wanting_to_buy_her_own_product_is_a_demand_not_a_change(chat, runtime):
    didi = registered(chat, "didi6b")
    ident = add_listing(runtime, "didi6b", "makhana", 50, 700)
    didi.say("ab mujhe 2 kilo makhana chahiye")  # a purchase word: she wants some, her listing stays
    assert "बदल दिया" not in didi.text and listing(runtime, ident).quantity == 50


# --- 2. typed answers to the latest question --------------------------------------------------
def alert_to(chat, runtime, didi_user: str, buyer_user: str):
    didi = registered(chat, didi_user, phone="+9198" + str(abs(hash(didi_user)))[:8].rjust(8, "1"))
    didi.say("20 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, buyer_user, phone="+9199" + str(abs(hash(buyer_user)))[:8].rjust(8, "2"))
    buyer.say("Need 20 kg makhana in Patna")
    buyer.tap("Yes, right")
    run_all(runtime)
    alert = didi.inbox()[-1]
    assert [o["label"] for o in alert["options"]] == ["रुचि है", "नहीं"]
    return didi, buyer


def seller_answer(runtime) -> str | None:
    with runtime.db.sessions() as session:
        return session.scalar(select(Match)).seller_answer


@pytest.mark.parametrize("typed, answer", [("haan", "interested"), ("रुचि है", "interested"),
                                           ("ha bhej do", "interested"), ("nahi", "declined"),
                                           ("नहीं", "declined")])
def test_an_alert_answered_in_words(chat, runtime, typed, answer):
    didi, _ = alert_to(chat, runtime, "didi7", "buyer7")
    didi.say(typed)
    assert "समझ नहीं आया" not in didi.text
    assert seller_answer(runtime) == answer


def test_the_alert_still_takes_its_number_after_another_question_until_she_starts_something_else(chat, runtime):
    didi, _ = alert_to(chat, runtime, "didi8", "buyer8")
    didi.say("पैकिंग कहाँ होगी")  # a question of her own, answered
    assert "दर्ज नहीं है" in didi.text and "0 = मेनू" in didi.text and didi.options() == []
    didi.say("1")  # still the alert's "रुचि है"
    assert "खरीदार को बता दिया" in didi.text and seller_answer(runtime) == "interested"
    assert "बेचना है" in didi.options()  # the question answered: the menu follows
    didi.say("1")  # now the menu's first item
    assert "क्या बेचना है" in didi.text or "बेच" in didi.text


def test_yes_to_a_question_with_several_yes_options_asks_which(chat, runtime):
    didi = registered(chat, "didi9", phone="+919811090909")
    for n, user in enumerate(("buyer9a", "buyer9b")):
        add_demand(runtime, buyer_in(chat, user, phone=f"+91990000009{n}").user, "makhana", 20, 800)
    didi.say("20 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")  # the two demands are offered in her listing's reply
    assert len([o for o in didi.options() if "रुचि" in o]) == 2
    didi.say("haan")
    assert "किसका जवाब" in didi.text and len([o for o in didi.options() if "रुचि" in o]) == 2
    didi.say("2")
    with runtime.db.sessions() as session:
        assert [m.seller_answer for m in session.scalars(select(Match).order_by(Match.id))] == [None, "interested"]


def test_a_yes_with_no_yes_question_standing_is_not_understood_as_before(chat, runtime):
    didi = registered(chat, "didi9b")  # the menu is standing: nothing in it means "yes"
    didi.say("haan")
    assert "समझ नहीं आया" in didi.text and didi.options()[:4] == MENU_HI


def test_an_event_card_answered_haan(chat, runtime, settings, tmp_path):
    from tests.test_events import event_day, write_csv
    from tests.test_restart_and_cli import run_cli

    path = write_csv(tmp_path, [f"exhibition,पटना प्रदर्शनी,{event_day():%d/%m/%Y} 11:00,,गांधी मैदान,Patna,,both,,yes"])
    assert "1 created" in run_cli("events", "import", str(path), database_url=settings.database_url).stdout
    didi = registered(chat, "didi9c")
    didi.say("कार्यक्रम")
    didi.tap("पटना प्रदर्शनी")  # the card: "हाँ, आऊँगी / नहीं"
    didi.say("हाँ जी")
    assert "समझ नहीं आया" not in didi.text
    with runtime.db.sessions() as session:
        assert [i.answer for i in session.scalars(select(EventInvite))] == ["yes"]


@pytest.mark.parametrize("typed, reply", [("mandi bhav", "किसका भाव जानना है"), ("सूचनाएं", "सूचना"),
                                          ("मेरी जानकारी", "👤 कमला")])
def test_menu_labels_typed_as_words_work_like_taps_even_mid_step(chat, runtime, typed, reply):
    didi = registered(chat, "didi10")
    didi.say("makhana")  # the selling step: "कितना मखाना है?"
    didi.say(typed)
    assert reply in didi.text
    didi.say("50")  # the step was left: 50 is not the makhana's quantity now
    assert "मखाना · 50 किलो" not in didi.text


def test_english_labels_and_a_typed_yes_to_an_alert(chat, runtime):
    didi = english_didi(chat, "didi11")
    didi.say("My profile")
    assert "👤 Kamla" in didi.text
    didi.say("mandi prices")
    assert "Price of what?" in didi.text
    didi.say("menu")
    didi.say("20 kilo makhana 700 rupaye kilo")
    didi.tap("Yes, right")
    buyer = buyer_in(chat, "buyer11")
    buyer.say("Need 20 kg makhana in Patna")
    buyer.tap("Yes, right")
    run_all(runtime)
    assert [o["label"] for o in didi.inbox()[-1]["options"]] == ["Interested", "No"]
    didi.say("yes, interested")
    assert "The buyer has been told" in didi.text and seller_answer(runtime) == "interested"


# --- 5. help says what exists, for whom -------------------------------------------------------
def test_help_for_a_buyer_does_not_tell_him_to_sell_and_a_didis_names_what_exists(chat, runtime):
    buyer = buyer_in(chat, "buyer12")
    buyer.say("help")
    assert "Post a requirement" in buyer.text and "Sell" not in buyer.text.replace("buyer-seller", "")
    assert "Sell" not in buyer.options()
    didi = registered(chat, "didi12")
    didi.say("मदद")
    for thing in ("बेचें", "मंडी भाव", "follow", "सूचनाएं", "कार्यक्रम", "योजना", "पैकिंग", "बिक गया"):
        assert thing in didi.text
    didi.say("mudra loan")  # what help promises is there
    assert "मुद्रा" in didi.text or "Mudra" in didi.text


def test_staff_help_names_their_tools_not_selling(chat, monkeypatch, runtime):
    from tests.test_notices import bihta_staff

    staff = bihta_staff(chat, monkeypatch, runtime)
    staff.say("मदद")
    assert "सूचना भेजें" in staff.text and "dashboard" in staff.text and "बेचें" not in staff.text


# --- 6. the menu when useful, else a one-line hint --------------------------------------------
def test_menu_after_a_finished_task_on_request_and_after_a_misunderstanding_else_a_hint(chat, runtime):
    didi = registered(chat, "didi13")
    assert didi.options()[:4] == MENU_HI  # registration finished: the menu
    didi.say("पैकिंग कहाँ होगी")
    assert didi.text.endswith("प्रखंड स्टाफ़ से पूछें।\n0 = मेनू") and didi.options() == []
    didi.say("2")  # numbered answers still work: the menu shown before is what "2" picks ("खरीदना है")
    assert didi.options() == ["मांग भेजें", "देखें क्या मिल रहा है"]
    didi.say("रद्द")
    didi.say("पैकिंग कहाँ होगी")
    didi.say("0")
    assert "क्या करना है? नंबर भेजें" in didi.text and didi.options()[:4] == MENU_HI
    didi.say("asdf qwer")
    assert "समझ नहीं आया" in didi.text and didi.options()[:4] == MENU_HI
    didi.say("20 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")  # a listing posted: a finished task
    assert "L-" in didi.text and "बेचना है" in didi.options()


def test_english_hint_and_zero_in_a_step_is_the_steps(chat, runtime):
    didi = english_didi(chat, "didi14")
    didi.say("where is a packing centre")
    assert didi.text.endswith("Please ask your block staff.\n0 = menu") and didi.options() == []
    ident = add_listing(runtime, "didi14", "makhana", 50, 700)
    didi.say(f"L-{ident}")
    didi.tap("Change quantity")
    didi.say("0")  # a quantity here, not the menu
    assert "What would you like to do" not in didi.text and listing(runtime, ident).quantity == 50


def test_no_events_comes_as_one_message_with_the_menu_and_its_numbers_work(chat, runtime):
    didi = registered(chat, "didi15")
    didi.say("कार्यक्रम")
    assert len(didi.last) == 1  # the answer and the menu: one message, not two
    assert didi.text == "अभी आपके पास कोई कार्यक्रम नहीं है।" and didi.options()[:4] == MENU_HI
    didi.say("2")  # the menu on that answer is what a number picks
    assert didi.options() == ["मांग भेजें", "देखें क्या मिल रहा है"]
    didi.say("रद्द")
    assert len(didi.last) == 1 and "रद्द" in didi.text and didi.options()[:4] == MENU_HI

    english = english_didi(chat, "didi16")
    english.say("events")
    assert len(english.last) == 1 and english.text == "No events near you right now."
    assert english.options()[:4] == ["Sell", "Buy", "My listings / demands", "Mandi prices"]


def test_a_price_answer_keeps_its_own_buttons_and_a_question_asked_meanwhile_ends_with_the_hint(chat, runtime):
    from bot.prices import importer
    from tests.test_prices_chat import DAILY

    importer.import_file(runtime, DAILY)
    didi = registered(chat, "didi17")
    didi.say("aloo ka bhav")
    assert len(didi.last) == 1 and didi.text.startswith("📊 आलू का भाव:")
    assert didi.options() == ["🔔 भाव पर अलर्ट", "रोज़ भाव भेजें", "मेनू"] and "0 = मेनू" not in didi.text
    didi.say("पैकिंग कहाँ होगी")  # asked in the middle: an answer, and the one-line hint, no menu
    assert len(didi.last) == 1 and didi.text.endswith("\n0 = मेनू") and didi.options() == []
    didi.say("1")  # the price answer's buttons still answer a number
    assert "आलू का भाव कितना होने पर बताएं?" in didi.text

    english = english_didi(chat, "didi18")
    english.say("potato price")
    assert len(english.last) == 1 and english.text.startswith("📊 Potato prices:")
    assert english.options() == ["🔔 Price alert", "Send prices daily", "Menu"]
    english.say("where is a packing centre")
    assert len(english.last) == 1 and english.text.endswith("\n0 = menu") and english.options() == []
    english.say("0")
    assert english.text.startswith("What would you like to do?") and english.options()[:2] == ["Sell", "Buy"]
