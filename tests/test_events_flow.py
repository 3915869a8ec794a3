"""Staff create events step by step in the chat (SQLite and PostgreSQL): block staff get their block
without being asked, district staff pick a block (a forged area is refused), admins invite all of
Bihar; the time is read in Bihar time the notices' way; the invitation is previewed, scheduled,
cancelled from "My notices" and sent again; a Bihar-wide event reaches and is listed for everyone."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import places
from bot.scheduler import run_all
from models import Event, Notice, Role, utcnow
from tests.area_helpers import staff_member
from tests.notice_helpers import no_quiet_hours
from tests.test_market import buyer_in
from tests.test_onboarding import registered

IST = ZoneInfo("Asia/Kolkata")


def tomorrow():
    return (utcnow().astimezone(IST) + timedelta(days=1)).date()


def at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), IST).astimezone(ZoneInfo("UTC"))


def the_event(runtime) -> Event:
    with runtime.db.sessions() as session:
        return session.scalars(select(Event).order_by(Event.id.desc())).first()


def test_block_staff_step_by_step_then_schedule_cancel_and_send_again(chat, runtime):
    no_quiet_hours(runtime)
    staff_member(runtime, "staff-bihta")
    kamla = registered(chat, "didi1", name="कमला")
    staff = chat("staff-bihta")
    staff.say("कार्यक्रम जोड़ें")
    assert "कार्यक्रम का नाम लिखें" in staff.text
    staff.say("सिलाई प्रशिक्षण")
    assert staff.options() == ["उद्यम समागम / मेला", "प्रदर्शनी", "क्रेता-विक्रेता सम्मेलन", "प्रशिक्षण", "ऋण शिविर"]
    staff.tap("प्रशिक्षण")
    staff.say("कल सुबह 25 बजे")
    assert "समझ नहीं आया" in staff.text
    staff.say("कल सुबह 10 बजे")
    assert "कब तक चलेगा?" in staff.text
    staff.say("9:00")  # before the start
    assert "शुरू के बाद" in staff.text
    staff.say("दोपहर 1 बजे")
    staff.say("पंचायत भवन")
    assert "लोकेशन" in staff.text
    staff.say("बिहटा बाज़ार के पास")  # words are not a location
    assert "लोकेशन नहीं मिली" in staff.text
    staff.say(location=[25.56, 84.87])
    assert "निमंत्रण किसे जाए?" in staff.text  # block staff: their block, not asked
    staff.tap("दीदियां")
    staff.tap("सबको")
    staff.tap("हाँ, पूछें")
    assert "फोटो या PDF" in staff.text
    staff.say("कोई फोटो नहीं")  # text is not a picture: asked again
    assert "सिर्फ़ फोटो या PDF" in staff.text
    staff.tap("बिना फोटो")
    event = the_event(runtime)
    bihta = places.find_block(event.district_code, "Bihta").code
    assert (event.title, event.kind, event.venue, event.registration) == ("सिलाई प्रशिक्षण", "training", "पंचायत भवन", True)
    assert (event.starts_at, event.ends_at) == (at(tomorrow(), 10), at(tomorrow(), 13))
    assert (event.area, event.area_codes, event.block_code, event.photo) == ("block", [bihta], bihta, None)
    assert (event.lat, event.lon, event.product) == (25.56, 84.87, None)
    assert "🗺 https://maps.google.com/?q=25.56000,84.87000" in staff.inbox()[-3]["text"]
    assert f"✅ कार्यक्रम #{event.id} बना" in staff.inbox()[-3]["text"]
    assert "यह 1 लोगों तक जाएगा (Simulator 1)" in staff.text

    staff.tap("समय तय करें")
    staff.say("परसों सुबह 9 बजे")  # after the start
    assert "शुरू होने से पहले" in staff.text
    staff.say("कल सुबह 8 बजे")
    assert f"{tomorrow():%d/%m} 08:00 को जाएगा" in staff.text
    with runtime.db.sessions() as session:
        notice = session.get(Notice, the_event(runtime).notice_id)
        assert (notice.status, notice.scheduled_at) == ("scheduled", at(tomorrow(), 8))

    staff.say("मेनू")
    staff.tap("मेरी सूचनाएं")  # the invitation is one of her notices: its report, and cancel
    assert f"#{notice.id}" in staff.text and "सिलाई प्रशिक्षण" in staff.text
    staff.tap(f"#{notice.id} देखें")
    staff.tap("रद्द करें")
    with runtime.db.sessions() as session:
        assert session.get(Notice, notice.id).status == "cancelled"

    staff.say("कार्यक्रम")  # a cancelled invitation can be made again
    staff.tap(f"निमंत्रण भेजें #{event.id}")
    staff.tap("निमंत्रण भेजें")
    run_all(runtime)
    assert kamla.inbox()[-1]["text"].startswith("📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:\n🎪 सिलाई प्रशिक्षण")
    kamla.say("1")
    assert "दर्ज हुआ: आप सिलाई प्रशिक्षण में आएँगी" in kamla.text
    staff.say("कार्यक्रम")
    assert "हाँ 1 · नहीं 0 · निमंत्रण 1" in staff.text
    staff.say(button=f"event:go:{event.id}")  # a second send is refused: it went
    assert "जा चुका है" in staff.text
    for forged in (f"event:at:999999999999:{event.id}", "event:go:x", f"event:at:{10**9}:{event.id}", "event:go:99999"):
        staff.say(button=forged)  # polite, never a crash
        assert staff.text
    kamla.say(button=f"event:go:{event.id}")  # not staff: nothing is sent in her name
    assert "जा चुका है" not in kamla.text


def test_district_staff_pick_a_block_and_a_forged_area_is_refused(chat, runtime):
    staff_member(runtime, "dpm-patna", block=None)
    staff = chat("dpm-patna")
    day = tomorrow() + timedelta(days=2)
    staff.say("कार्यक्रम")  # none yet: "new event" is offered
    assert "कोई आने वाला कार्यक्रम नहीं" in staff.text
    staff.tap("नया कार्यक्रम")
    assert "कार्यक्रम का नाम लिखें" in staff.text
    staff.say("मखाना प्रदर्शनी")
    staff.tap("प्रदर्शनी")
    staff.say(f"{day:%d/%m} 11:00")
    staff.tap("बताना नहीं")
    staff.say("प्रखंड सभागार")
    staff.tap("बिना लोकेशन")
    assert "निमंत्रण किस क्षेत्र को जाए?" in staff.text and "पूरा ज़िला पटना" in staff.options() and "बिहटा" in staff.options()
    gaya = places.find_district("Gaya").code
    staff.say(button=f"earea:district:{gaya}")
    assert "आपके क्षेत्र से बाहर" in staff.text
    staff.tap("बिहटा")
    staff.tap("दोनों")
    staff.say("makhana")  # only those who traded makhana in 90 days
    staff.tap("नहीं")
    staff.tap("बिना फोटो")
    event = the_event(runtime)
    assert (event.area, event.block_code, event.starts_at, event.registration, event.product) == (
        "block", places.find_block(event.district_code, "Bihta").code, at(day, 11), False, "makhana")
    assert "इस क्षेत्र में अभी कोई नहीं है जिसे निमंत्रण भेजा जा सके" in staff.text  # nobody listed makhana


def test_admin_invites_all_of_bihar_and_everyone_sees_it(chat, runtime):
    no_quiet_hours(runtime)
    staff_member(runtime, "admin", block=None, role=Role.ADMIN, phone="+919700000009")
    patna = registered(chat, "didi1", name="कमला")
    gaya = chat("didi5")
    for said in ("hi", "हिन्दी", "दीदी", "मीना", "gaya", "bodhgaya", "समूह"):
        gaya.tap(said) if said in ("हिन्दी", "दीदी") else gaya.say(said)
    buyer = buyer_in(chat, "buyer1")
    admin = chat("admin")
    day = tomorrow() + timedelta(days=5)
    admin.say("event add")
    admin.say("राज्य सरस मेला")
    admin.tap("उद्यम समागम / मेला")
    admin.say(f"{day:%d/%m} 10:00")
    admin.say(f"{day + timedelta(days=2):%d/%m} 18:00")
    admin.say("गांधी मैदान")
    admin.tap("बिना लोकेशन")
    assert admin.options() == ["पूरा बिहार", "ज़िले चुनें"]
    admin.tap("पूरा बिहार")
    assert "किस ज़िले में होगा" in admin.text
    admin.say("Atlantis")
    assert "ज़िला नहीं मिला" in admin.text
    admin.say("Patna")
    admin.tap("दोनों")
    admin.tap("सबको")
    admin.tap("हाँ, पूछें")
    admin.tap("बिना फोटो")
    assert "यह 3 लोगों तक जाएगा (Simulator 3)" in admin.text
    event = the_event(runtime)
    assert (event.area, event.area_codes, event.district_code) == ("bihar", [], places.find_district("Patna").code)
    admin.tap("निमंत्रण भेजें")
    run_all(runtime)
    for person in (patna, gaya):
        got = person.inbox()[-1]
        assert got["text"].startswith("📢 जीविका, बिहार\n\n📣 आपको निमंत्रण है:\n🎪 राज्य सरस मेला")
        assert [o["label"] for o in got["options"]] == ["हाँ, आऊँगी", "नहीं"]
    assert buyer.inbox()[-1]["text"].startswith("📢 JEEViKA, Bihar\n\n📣 You are invited:")
    gaya.say("mela kab hai")  # held in Patna, for all Bihar: listed for a didi of Gaya
    assert "राज्य सरस मेला" in gaya.text
    gaya.tap("राज्य सरस मेला")
    gaya.tap("हाँ, आऊँगी")
    assert "दर्ज हुआ" in gaya.text
