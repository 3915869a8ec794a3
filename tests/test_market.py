"""The market through the simulator: a didi lists, a buyer posts demand, both are told, both say
yes, both get each other's contact, and a few days later both are asked about the deal."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.scheduler import run_all
from models import DealReport, Demand, Listing, ListingStatus, Match, User, utcnow
from tests.test_onboarding import registered


def buyer_in(chat, user: str, district: str = "patna", block: str = "bihta", phone: str = "+919900000001"):
    b = chat(user, phone=phone)
    b.say("hi")
    b.tap("English")
    b.tap("Buyer")
    b.say("Ravi Traders")
    b.say(district)
    b.say(block)
    return b


def didi_in(chat, user: str, phone: str, name: str = "कमला"):
    return registered(chat, user, name=name, phone=phone)


def test_one_message_listing_to_connection_and_deal_followup(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "मखाना · 50 किलो · ₹700/किलो · बिहटा, पटना" in didi.text
    assert didi.options() == ["सही है", "बदलें", "✅ सही है, 🚚 कूरियर से भेज सकती हूँ"]  # the third: optional
    didi.tap("सही है")
    with runtime.db.sessions() as session:
        listing = session.scalar(select(Listing))
    assert f"L-{listing.id}" in didi.text and "अभी इसके खरीदार नहीं" in didi.text
    assert "बेचना है" in didi.options()  # every answer ends with something to tap or number to send
    assert (listing.product, listing.quantity, listing.price, listing.status) == ("makhana", 50, 700, "active")

    buyer = buyer_in(chat, "buyer1")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    assert "Makhana · 40 kg · up to ₹750/kg · Bihta, Patna" in buyer.text and "Needed by: Any time" in buyer.text
    buyer.tap("Yes, right")
    assert "D-" in buyer.text and "1 didi(s) have this" in buyer.text
    assert f"L-{listing.id} · Makhana · 50 kg · ₹700/kg · Bihta, Patna (जय माँ समूह)" in buyer.text
    assert "+9198111" not in buyer.text  # no phone before both say yes

    run_all(runtime)  # the alert batch
    offer = didi.inbox()[-1]
    assert "पटना के खरीदार को 40 किलो मखाना चाहिए, ₹750/किलो तक" in offer["text"]
    assert [o["label"] for o in offer["options"]] == ["रुचि है", "नहीं"]
    run_all(runtime)
    assert didi.inbox()[-1]["id"] == offer["id"]  # not told the same match twice

    didi.say(button=offer["options"][0]["value"])
    assert "खरीदार को बता दिया" in didi.text
    ready = buyer.inbox()[-1]
    assert "A didi is ready" in ready["text"] and "+9198111" not in ready["text"]
    buyer.say(button=ready["options"][0]["value"])
    assert "+919811111111" in buyer.text and "कमला" in buyer.text
    to_didi = didi.inbox()[-1]["text"]
    assert "Ravi Traders" in to_didi and "+919900000001" in to_didi

    run_all(runtime, now=utcnow() + timedelta(days=2))
    assert "सौदा हुआ" not in didi.inbox()[-1]["text"]  # not before the configured delay
    run_all(runtime, now=utcnow() + timedelta(days=runtime.settings.market.followup_days, hours=1))
    question = didi.inbox()[-1]
    assert f"L-{listing.id}: Ravi Traders जी के साथ मखाना का सौदा हुआ?" == question["text"]
    assert f"L-{listing.id}: did a deal for Makhana happen with कमला?" == buyer.inbox()[-1]["text"]
    didi.say(button=question["options"][0]["value"])
    assert "कितना और किस भाव" in didi.text
    didi.say("40 kilo 720 rupaye kilo")
    assert "सौदा दर्ज हुआ" in didi.text
    with runtime.db.sessions() as session:
        report = session.scalar(select(DealReport))
        assert (report.happened, report.quantity, report.price) == (True, 40, 720)


def test_step_by_step_listing_with_corrections(chat, runtime):
    didi = didi_in(chat, "didi2", "+919822222222")
    didi.tap("बेचना है")
    assert "क्या बेचना है" in didi.text
    didi.say("shahad")
    assert "कितना शहद है" in didi.text
    didi.say("50000000")
    assert "बहुत ज़्यादा" in didi.text and "कितना शहद" in didi.text
    didi.say("२०")
    assert "किस भाव" in didi.text and "मंडी भाव / मोलभाव" in didi.options()
    didi.say("bahut accha")
    assert "भाव समझ नहीं आया" in didi.text
    didi.tap("मंडी भाव")
    assert "फोटो" in didi.text
    didi.tap("फोटो नहीं")
    assert "शहद · 20 किलो · मंडी भाव / मोलभाव · बिहटा, पटना" in didi.text
    didi.tap("बदलें")
    didi.tap("मात्रा")
    didi.say("25")
    assert "शहद · 25 किलो" in didi.text
    didi.tap("सही है")
    with runtime.db.sessions() as session:
        listing = session.scalar(select(Listing))
        assert (listing.product, listing.quantity, listing.price) == ("honey", 25, None)


def test_unknown_product_offers_close_matches_and_cancel_leaves_cleanly(chat, runtime):
    didi = didi_in(chat, "didi3", "+919833333333")
    didi.tap("बेचना है")
    didi.say("xyzabc 20 kilo")
    assert "क्या बेचना है" in didi.text  # nothing close: asked again, politely
    didi.say("shehed 20 kilo")
    assert "\"shehed\" समझ नहीं आया" in didi.text and didi.options() == ["शहद"]
    didi.tap("शहद")
    assert "कितना शहद है" in didi.text
    didi.say("रद्द")
    assert "रद्द कर दिया" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(Listing)) is None


def test_bulk_demand_gets_a_lot_from_one_block_and_staff_are_told(chat, runtime, client):
    from tests.test_restart_and_cli import run_cli

    done = run_cli("staff", "add", "--phone", "9876500000", "--district", "Patna", "--block", "Bihta",
                   "--name", "BPM Bihta", database_url=runtime.settings.database_url)
    assert done.returncode == 0, done.stderr
    staff = chat("bpm", phone="+919876500000")
    staff.say("hi")

    didis = []
    for n, name in enumerate(["गीता", "सीता", "रीता"]):
        d = didi_in(chat, f"lotdidi{n}", f"+91981000000{n}", name=name)
        d.say(f"{100 + n * 10} kilo makhana 680 rupaye kilo")
        d.tap("सही है")
        didis.append(d)

    buyer = buyer_in(chat, "bulkbuyer")
    buyer.say("Need 3 quintal makhana in Patna max Rs 700/kg")
    buyer.tap("Yes, right")
    offer = buyer.last[-1]  # the best singles and the lot in one message, one set of numbers
    assert "3 didi(s) have this" in offer["text"]
    assert "Together they cover it: 3 didis, 330 kg in all, from Bihta, Patna" in offer["text"]
    assert buyer.options()[-1] == "I want the whole lot" and len(buyer.options()) == 4
    staff_note = staff.inbox()[-1]["text"]
    assert "Bulk order" in staff_note or "बड़ा ऑर्डर" in staff_note

    buyer.say("4")  # WhatsApp: the lot's number
    assert "asked every didi in the lot" in buyer.text
    for d in didis:
        offer = d.inbox()[-1]
        assert "300 किलो मखाना" in offer["text"]
        d.say(button=offer["options"][0]["value"])  # interested
        assert "+9198100" not in d.text or "Ravi Traders" in d.text
    contacts = [m["text"] for m in buyer.inbox() if "you can now talk directly" in m["text"]]
    assert len(contacts) == 3 and all("+9198100000" in c for c in contacts)

    run_all(runtime, now=utcnow() + timedelta(days=runtime.settings.market.followup_days, hours=1))
    for d, name in zip(didis, ["गीता", "सीता", "रीता"]):
        assert d.inbox()[-1]["text"].endswith(": Ravi Traders जी के साथ मखाना का सौदा हुआ?")
    questions = [m for m in buyer.inbox() if "did a deal for Makhana happen with" in m["text"]]
    assert sorted(q["text"].rsplit(" ", 1)[1] for q in questions) == ["गीता?", "रीता?", "सीता?"]
    buyer.say(button=questions[0]["options"][1]["value"])
    assert "Thank you for telling us" in buyer.text


def test_no_one_acts_on_someone_elses_match(chat, runtime):
    didi = didi_in(chat, "didi4", "+919844444444")
    didi.say("10 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer4")
    buyer.say("Need 10 kg makhana in Patna")
    buyer.tap("Yes, right")
    with runtime.db.sessions() as session:
        match = session.scalar(select(Match))
    intruder = didi_in(chat, "didi5", "+919855555555")
    intruder.say(button=f"connect:interest:{match.id}")
    assert "आपकी सूची में नहीं मिला" in intruder.text
    other_buyer = buyer_in(chat, "buyer5", phone="+919900000005")
    other_buyer.say(button=f"connect:want:{match.id}")
    assert "not among yours" in other_buyer.text
    assert "+919844444444" not in other_buyer.text
    with runtime.db.sessions() as session:
        match = session.get(Match, match.id)
        assert (match.seller_answer, match.buyer_answer, match.connected_at) == (None, None, None)


def test_withdrawn_listing_stops_matching_at_once(chat, runtime):
    didi = didi_in(chat, "didi6", "+919866666666")
    didi.say("30 kilo shahad 400 rupaye kilo")
    didi.tap("सही है")
    with runtime.db.session() as session:
        session.scalar(select(Listing)).status = ListingStatus.WITHDRAWN
    buyer = buyer_in(chat, "buyer6")
    buyer.say("Need 20 kg honey in Patna max Rs 450/kg")
    buyer.tap("Yes, right")
    assert "Nothing listed for this yet" in buyer.text


def test_alerts_come_one_message_per_sweep_capped_per_day(chat, runtime):
    market = replace(runtime.settings.market, max_match_alerts_per_day=2, matches_shown=2)
    runtime.settings = replace(runtime.settings, market=market)
    didi = didi_in(chat, "didi7", "+919877777777")
    didi.say("500 kilo aloo 12 rupaye kilo")
    didi.tap("सही है")
    codes = []
    for n in range(7):
        b = buyer_in(chat, f"capbuyer{n}", phone=f"+9199000001{n:02d}")
        b.say("Need 100 kg potato in Patna")
        b.tap("Yes, right")
        codes.append(re.search(r"D-\d+", b.text).group())
    before = len(didi.inbox())

    def offers() -> list[dict]:
        return [m for m in didi.inbox()[before:] if "आलू चाहिए" in m["text"]]

    start = utcnow()
    for minutes in (0, 10, 20):  # three sweeps; the cap is two messages a day
        run_all(runtime, now=start + timedelta(minutes=minutes))
    assert len(offers()) == 2
    first = offers()[0]
    assert first["text"].startswith("🔔 2 खरीदार को यह चाहिए:\n1) D-") and "\n2) D-" in first["text"]
    assert [o["label"] for o in first["options"]] == [f"{c}: रुचि है" for c in re.findall(r"D-\d+", first["text"])]
    for minutes in (0, 10, 20):
        run_all(runtime, now=start + timedelta(days=1, minutes=minutes + 1))
    told = re.findall(r"D-\d+", " ".join(m["text"] for m in offers()))
    assert sorted(told) == sorted(codes)  # everyone, over two days, none twice

    last = offers()[-1]
    assert [o["label"] for o in last["options"]] == ["रुचि है", "नहीं"]  # one demand: yes or no
    didi.say("2")  # WhatsApp: the second option of the last alert she saw
    assert didi.text == f"ठीक है, {re.search(r'D-[0-9]+', last['text']).group()} के बारे में आगे नहीं पूछेंगे।"


def test_a_demand_is_offered_once_to_a_didi_with_several_matching_listings(chat, runtime):
    didi = didi_in(chat, "didi9", "+919879999999")
    for typed in ("200 kilo aloo 12 rupaye kilo", "300 kilo aloo 11 rupaye kilo"):
        didi.say(typed)
        didi.tap("सही है")
    buyer = buyer_in(chat, "buyer9")
    buyer.say("Need 100 kg potato in Patna")
    buyer.tap("Yes, right")
    code = re.search(r"D-\d+", buyer.text).group()
    run_all(runtime)
    alerts = [m for m in didi.inbox() if code in m["text"]]
    assert len(alerts) == 1 and alerts[0]["text"].count(code) == 1


def test_buyer_cannot_list_and_caps_on_listings(chat, runtime, settings):
    buyer = buyer_in(chat, "buyer8")
    buyer.say("mere paas 20 kilo makhana hai")  # a buyer's sale message is read as what he wants
    assert "Makhana · 20 kg" in buyer.text
    buyer.say("cancel")
    assert "Sell" not in buyer.options()  # a buyer's menu has no "sell"
    buyer.say(button="menu:sell")  # a button from an old message
    assert "registered as a didi" in buyer.text


def test_step_by_step_demand_with_date_and_browse(chat, runtime):
    didi = didi_in(chat, "didi9", "+919899999999")
    didi.say("2 quintal pyaz 14 rupaye kilo")
    didi.tap("सही है")

    buyer = buyer_in(chat, "buyer9", district="gaya", block="bodhgaya")
    buyer.tap("Buy")
    buyer.tap("See what is available")
    buyer.say("onion patna")
    assert "Onion near Patna:" in buyer.text and "Onion · 200 kg · ₹14/kg · Bihta, Patna" in buyer.text
    assert "+919899999999" not in buyer.text

    buyer.tap("Post a requirement")
    buyer.say("onion")
    assert "How much Onion do you need?" in buyer.text
    buyer.say("150")
    assert "Delivery in which district?" in buyer.text and buyer.options() == ["Gaya"]
    buyer.say("patna")
    buyer.say("jo sahi lage")
    assert "Highest price?" in buyer.text
    buyer.say("sixteen rupees")
    buyer.say("30/2")
    assert "did not understand the date" in buyer.text
    buyer.say("7")
    assert "Onion · 150 kg · up to ₹16/kg · Patna" in buyer.text
    buyer.tap("Yes, right")
    assert "Onion · 200 kg · ₹14/kg · Bihta, Patna" in buyer.text
    with runtime.db.sessions() as session:
        demand = session.scalar(select(Demand))
        assert (demand.quantity, demand.max_price, demand.district_code) == (150, 16, 212)
        bihar_today = utcnow().astimezone(ZoneInfo(runtime.settings.timezone)).date()  # "7 days" counts from Bihar's day
        assert (demand.needed_by - bihar_today).days == 7


def test_an_unfinished_listing_expires_politely(chat, runtime, settings):
    from models import Conversation

    didi = didi_in(chat, "didi10", "+919810101010")
    didi.tap("बेचना है")
    didi.say("makhana")
    assert "कितना मखाना है" in didi.text
    with runtime.db.sessions() as session:
        user = session.scalar(select(User).where(User.address == "didi10"))
    with runtime.db.engine.begin() as conn:  # two hours of silence, set under the ORM's onupdate
        from sqlalchemy import update

        conn.execute(update(Conversation).where(Conversation.user_id == user.id)
                     .values(updated_at=utcnow() - timedelta(minutes=settings.conversation_expire_minutes + 1)))
    didi.say("50")
    assert "अधूरी रह गई थी" in didi.text and "बेचना है" in didi.options()
    with runtime.db.sessions() as session:
        assert session.scalar(select(Listing)) is None


def test_answering_an_alert_with_its_number_works_on_whatsapp_style_chats(chat, runtime):
    didi = didi_in(chat, "didi11", "+919811011011")
    didi.say("20 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer11")
    buyer.say("Need 20 kg makhana in Patna")
    buyer.tap("Yes, right")
    run_all(runtime)
    assert "रुचि है" in [o["label"] for o in didi.inbox()[-1]["options"]]
    didi.say("1")  # typed, not tapped: the alert's first option
    assert "खरीदार को बता दिया" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(Match)).seller_answer == "interested"


def test_ambiguous_and_off_topic_messages_get_the_reply_they_should(chat, runtime):
    didi = didi_in(chat, "didi12", "+919812121212")
    didi.say("kab aayega kharidar")  # names no product: not a buy of anything
    assert "समझ नहीं आया" in didi.text and "बेचना है" in didi.options()
    didi.say("makhana")  # a product alone: she is selling it, ask only what is missing
    assert "कितना मखाना है" in didi.text
    didi.say("menu")
    didi.say("aloo ka bhav")  # a rate question: answered; no mandi reports here yet, said plainly
    assert "आलू का भाव किसी मंडी से नहीं आता" in didi.text
    didi.say("🙏🙏🙏")
    assert "समझ नहीं आया" in didi.text
    didi.say("x" * 4000)
    assert "समझ नहीं आया" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(Listing)) is None
