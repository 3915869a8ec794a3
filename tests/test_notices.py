"""Block staff send notices through the simulator: who gets them and who does not, areas that
cannot be forged, night hours, scheduling, cancelling, stopping, and the report."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.scheduler import run_all
from models import Notice, OutboxMessage, OutboxStatus, User, utcnow
from tests.notice_helpers import enrol, no_quiet_hours, person, quiet_now

STAFF_PHONE = "+919876500000"


def bihta_staff(chat, monkeypatch, runtime):
    enrol(monkeypatch, runtime, "--phone", "9876500000", "--district", "Patna", "--block", "Bihta", "--name", "BPM Bihta")
    staff = chat("bpm", phone=STAFF_PHONE)
    staff.say("hi")
    assert "सूचना भेजें" in staff.options() and "मेरी सूचनाएं" in staff.options()
    assert "बेचना है" not in staff.options()
    return staff


def compose(staff, text: str = "कल बिहटा में लोन कैंप है, सुबह 10 बजे प्रखंड कार्यालय आएं", audience: str = "दीदियां",
            *, typed: str | None = None):
    if typed:  # "notice", "सूचना", "broadcast" start it too
        staff.say(typed)
    else:
        staff.say("मेनू")
        staff.tap("सूचना भेजें")
    assert "सूचना लिखें" in staff.text
    staff.say(text)
    staff.tap("हिन्दी ही भेजें")
    staff.tap("बिना फोटो")
    staff.tap(audience)
    staff.tap("सबको")
    staff.tap("मेरा नंबर")
    return staff.text


def notices_to(c) -> list[dict]:
    return [m for m in c.inbox() if m["text"].startswith("📢")]


def test_staff_send_to_the_didis_of_their_block_only(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    sita = person(chat, "sita", name="सीता")
    gita = person(chat, "gita", name="गीता")
    stopped = person(chat, "rani", name="रानी")
    stopped.say("STOP")
    elsewhere = person(chat, "meena", block="maner", name="मीना")
    buyer = person(chat, "ravi", role="खरीदार", name="Ravi Traders")

    preview = compose(staff)
    assert "सूचना #" in preview and "प्रखंड कार्यालय, बिहटा" in preview and "लोन कैंप" in preview
    assert "यह 2 लोगों तक जाएगी (Simulator 2)" in preview
    assert "1 ने सूचनाएं बंद की हैं, 0 ने बॉट ब्लॉक किया है" in preview
    assert staff.options() == ["अभी भेजें", "समय तय करें", "बदलें", "रद्द करें"]
    staff.tap("अभी भेजें")
    assert "भेजी जा रही है" in staff.text
    run_all(runtime)

    for didi in (sita, gita):
        got = notices_to(didi)
        assert len(got) == 1
        assert got[0]["text"].startswith("📢 प्रखंड कार्यालय, बिहटा\n\nकल बिहटा में लोन कैंप है")
        assert [o["label"] for o in got[0]["options"]] == ["और जानकारी"]
    for nobody in (stopped, elsewhere, buyer):
        assert notices_to(nobody) == []

    sita.say("1")  # WhatsApp-style: the number of the notice's option
    assert "प्रखंड कार्यालय, बिहटा से बात करें: +919876500000" in sita.text
    run_all(runtime)  # nothing pending: the notice is done
    staff.say("मेनू")
    staff.tap("मेरी सूचनाएं")
    assert "भेजी गई" in staff.text
    staff.say("1")
    assert "कुल 2 · कतार में 0 · भेजी 2 · पहुँची 0 · पढ़ी 0" in staff.text
    assert "नहीं गई 1: सूचनाएं बंद हैं (STOP), भेजी ही नहीं" in staff.text

    with runtime.db.sessions() as session:
        sent = session.scalar(select(Notice))
    sita.say(button=f"notice:stop:{sent.id}")  # only its author can stop or open it
    assert "यह सूचना नहीं मिली" in sita.text
    sita.say(button=f"notice:view:{sent.id}")
    assert "यह सूचना नहीं मिली" in sita.text and "कुल 2" not in sita.text
    with runtime.db.sessions() as session:
        assert session.get(Notice, sent.id).status == "done"

    sita.say("मेनू")
    sita.tap("सूचनाएं")
    assert "आपके क्षेत्र की हाल की सूचनाएं" in sita.text and "लोन कैंप" in sita.text
    with runtime.db.sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.notice_id.is_not(None))).all()
        assert sorted(r.address for r in rows) == ["gita", "sita"]
        assert all(r.priority == 20 and r.kind == "push" and r.payload["broadcast"] is True for r in rows)


def test_a_forged_area_is_refused(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    enrol(monkeypatch, runtime, "--phone", "9876500001", "--district", "Patna", "--name", "DPM Patna")
    dpm = chat("dpm", phone="+919876500001")
    dpm.say("hi")
    dpm.tap("सूचना भेजें")
    dpm.say("ज़िले में पैकेजिंग केंद्र खुला")
    dpm.tap("हिन्दी ही भेजें")
    dpm.tap("बिना फोटो")
    assert "पूरा ज़िला पटना" in dpm.options() and "बिहटा" in dpm.options()
    gaya = 215  # not his district: a value no button of his carries
    dpm.say(button=f"area:district:{gaya}")
    assert "यह क्षेत्र आपके अधिकार में नहीं है" in dpm.text and "पूरा ज़िला पटना" in dpm.options()
    dpm.say(button="area:bihar")
    assert "यह क्षेत्र आपके अधिकार में नहीं है" in dpm.text
    dpm.say(button="area:block:999999")
    assert "यह क्षेत्र आपके अधिकार में नहीं है" in dpm.text
    dpm.tap("बिहटा")
    assert "किसे भेजनी है?" in dpm.text
    # a didi cannot compose at all, however she asks
    didi = person(chat, "sita")
    didi.say(button="menu:notice_send")
    assert "सूचना सिर्फ़ प्रखंड के कर्मचारी भेज सकते हैं" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Notice).where(Notice.status != "draft")) == 0


def test_a_forged_time_button_is_asked_again(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    compose(staff)
    staff.tap("समय तय करें")
    staff.say(button="when:999999999999")  # year 33658: no button of ours carries it
    assert "कब भेजें?" in staff.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(Notice.status)) == "draft"


def test_schedule_then_cancel_and_night_hours(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    sita = person(chat, "sita")
    compose(staff)
    staff.tap("समय तय करें")
    assert "कब भेजें?" in staff.text and len(staff.options()) >= 2
    staff.say("कल सुबह 9 बजे")
    assert "पर जाएगी" in staff.text and "09:00" in staff.text
    with runtime.db.sessions() as session:
        notice = session.scalar(select(Notice))
        assert notice.status == "scheduled"
        local = notice.scheduled_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata"))
        assert (local.hour, local.minute) == (9, 0)
    run_all(runtime)
    assert notices_to(sita) == []  # not yet
    staff.say(button=f"notice:stop:{notice.id}")
    assert f"सूचना #{notice.id} रद्द कर दी गई" in staff.text
    run_all(runtime, now=notice.scheduled_at + timedelta(minutes=1))
    assert notices_to(sita) == []
    with runtime.db.sessions() as session:
        assert session.get(Notice, notice.id).status == "cancelled"

    end = quiet_now(runtime)  # the night is now: sending asks first and offers the morning
    compose(staff, "दूसरी सूचना: बैठक", typed="broadcast")
    staff.tap("अभी भेजें")
    assert "रात का समय है" in staff.text and f"सुबह {end:02d}:00 भेजें" in staff.options()
    staff.tap("सुबह")
    with runtime.db.sessions() as session:
        second = session.scalars(select(Notice).order_by(Notice.id.desc())).first()
        local = second.scheduled_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata"))
        assert second.status == "scheduled" and (local.hour, local.minute) == (end, 0)
        assert second.scheduled_at > utcnow()


def test_stop_mid_way_skips_the_rest_and_the_report_counts_match_the_rows(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    didis = [person(chat, f"d{n}", name=f"दीदी{'ककखगघ'[n]}") for n in range(4)]
    compose(staff)
    staff.tap("अभी भेजें")
    from bot.notices import sweep
    sweep.start_due(runtime)  # rows made, nothing sent yet
    with runtime.db.session() as session:
        notice = session.scalar(select(Notice))
        first = session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id).order_by(OutboxMessage.id))
    runtime.dispatcher.run_once(channel="simulator")  # everything due goes: make two wait first
    with runtime.db.session() as session:
        sent = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.notice_id == notice.id, OutboxMessage.status == OutboxStatus.SENT))
    assert sent == 4 and first is not None
    # a second notice, stopped after one row went
    compose(staff, "दूसरी सूचना", typed="सूचना")
    staff.tap("अभी भेजें")
    sweep.start_due(runtime)
    with runtime.db.session() as session:
        second = session.scalars(select(Notice).order_by(Notice.id.desc())).first()
        ids = list(session.scalars(select(OutboxMessage.id).where(OutboxMessage.notice_id == second.id)
                                   .order_by(OutboxMessage.id)))
        later = utcnow() + timedelta(hours=1)
        for row_id in ids[1:]:
            session.get(OutboxMessage, row_id).next_attempt_at = later
    runtime.dispatcher.run_once(channel="simulator")
    staff.say("मेनू")
    staff.tap("मेरी सूचनाएं")
    staff.say(button=f"notice:view:{second.id}")
    assert "भेजी जा रही" in staff.text and "रोकें" in staff.options()
    assert "कुल 4 · कतार में 3 · भेजी 1" in staff.text
    staff.tap("रोकें")
    assert f"सूचना #{second.id} रोक दी गई" in staff.text
    assert "कुल 4 · कतार में 0 · भेजी 1 · पहुँची 0 · पढ़ी 0" in staff.text
    assert "नहीं गई 3: सूचना रोकी गई" in staff.text
    run_all(runtime, now=later + timedelta(minutes=1))
    got = [len([m for m in notices_to(d) if "दूसरी सूचना" in m["text"]]) for d in didis]
    assert sorted(got) == [0, 0, 0, 1]
    with runtime.db.sessions() as session:
        statuses = dict(session.execute(select(OutboxMessage.status, func.count()).where(
            OutboxMessage.notice_id == second.id).group_by(OutboxMessage.status)).all())
        assert statuses == {"sent": 1, "skipped": 3}
        assert session.get(Notice, second.id).status == "stopped"
        assert session.get(Notice, notice.id).status == "done"


def test_admin_sends_to_several_districts_only_to_those_who_trade_a_product(chat, runtime, monkeypatch):
    from bot import places
    from tests.test_market import buyer_in

    no_quiet_hours(runtime)
    enrol(monkeypatch, runtime, "--phone", "9876500009", "--district", "Patna", "--name", "State admin", "--admin")
    admin = chat("admin", phone="+919876500009")
    admin.say("hi")
    seller = person(chat, "seller", name="सीता")
    seller.say("50 kilo makhana 700 rupaye kilo")
    seller.tap("सही है")
    person(chat, "plain", name="गीता")  # Bihta, sells nothing
    gaya_block = places.blocks_of(places.find_district("Gaya").code)[0].name_en
    person(chat, "gayadidi", district="gaya", block=gaya_block, name="मीना")
    buyer = buyer_in(chat, "buyer")
    buyer.say("Need 1 quintal makhana in Patna max Rs 700/kg")
    buyer.tap("Yes, right")
    far = person(chat, "far", district="purnia", block=places.blocks_of(places.find_district("Purnia").code)[0].name_en)
    far.say("20 kilo makhana 650 rupaye kilo")
    far.tap("सही है")

    admin.tap("सूचना भेजें")
    admin.say("मखाना खरीद-बिक्री मेला 10 तारीख को पटना में")
    admin.tap("हिन्दी ही भेजें")
    admin.tap("बिना फोटो")
    assert admin.options() == ["पूरा बिहार", "ज़िले चुनें"]
    admin.tap("ज़िले चुनें")
    admin.say("पटना, Gaya, Atlantis")
    assert "ये ज़िले समझ नहीं आए: Atlantis" in admin.text
    admin.say("पटना, Gaya")
    admin.tap("दोनों")
    admin.say("makhana")
    admin.tap("मेरा नंबर")
    assert "📢 जीविका, बिहार" in admin.text
    assert "यह 2 लोगों तक जाएगी (Simulator 2)" in admin.text  # the seller and the buyer; not Gita, Meena or Purnia
    admin.tap("अभी भेजें")
    run_all(runtime)
    assert len(notices_to(seller)) == 1 and len(notices_to(buyer)) == 1
    assert notices_to(far) == []
    with runtime.db.sessions() as session:
        notice = session.scalar(select(Notice))
        assert (notice.area, sorted(notice.area_codes), notice.product) == (
            "districts", sorted([212, places.find_district("Gaya").code]), "makhana")
    buyer.say("1")
    assert "जीविका, बिहार से बात करें: +919876500009" in buyer.text or "JEEViKA, Bihar: +919876500009" in buyer.text


def test_more_information_gives_the_office_phone_when_staff_set_one(chat, runtime, monkeypatch):
    no_quiet_hours(runtime)
    enrol(monkeypatch, runtime, "--phone", "9876500000", "--district", "Patna", "--block", "Bihta",
          "--office-phone", "06115-223344")
    staff = chat("bpm", phone=STAFF_PHONE)
    staff.say("hi")
    sita = person(chat, "sita", name="सीता")
    staff.say("मेनू")
    staff.tap("सूचना भेजें")
    staff.say("कल बिहटा में लोन कैंप है")
    staff.tap("हिन्दी ही भेजें")
    staff.tap("बिना फोटो")
    staff.tap("दीदियां")
    staff.tap("सबको")
    staff.tap("कार्यालय का नंबर (या नाम)")
    staff.tap("अभी भेजें")
    run_all(runtime)
    assert len(notices_to(sita)) == 1
    sita.say("1")
    assert "प्रखंड कार्यालय, बिहटा में फ़ोन करें: 06115223344" in sita.text
    assert STAFF_PHONE not in sita.text  # her own number was not chosen

    enrol(monkeypatch, runtime, "--phone", "9876500000", "--district", "Patna", "--block", "Bihta",
          "--office-phone", "")  # removed: the office's name only
    sita.say(button=notices_to(sita)[0]["options"][0]["value"])
    assert "प्रखंड कार्यालय, बिहटा में संपर्क करें।" in sita.text and "06115" not in sita.text


def test_an_office_phone_that_is_not_a_number_is_refused(runtime, monkeypatch):
    import pytest

    from bot import cli

    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    with pytest.raises(SystemExit, match="office-phone"):
        cli.main(["staff", "add", "--phone", "9876500000", "--district", "Patna", "--office-phone", "block office"])
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.role.is_not(None))) == 0
