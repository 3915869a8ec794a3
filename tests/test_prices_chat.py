"""Mandi prices through the simulator: asking, the honest "not reported" answer, haat reports with
staff approval, threshold alerts, the daily line, the rate limit and the reference on cards."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.prices import alerts, importer, queries
from models import ListingPriceReference, PriceReport, ReportStatus, utcnow
from tests.test_onboarding import registered

DATA = Path(__file__).resolve().parent.parent / "data"
DAILY = DATA / "agmarknet_daily_2025-04-25_all_india.csv"
HEADER = "State,District,Market,Commodity,Variety,Grade,Arrival_Date,Min_x0020_Price,Max_x0020_Price,Modal_x0020_Price\n"


def bihar_today() -> datetime:
    return datetime.now(ZoneInfo("Asia/Kolkata"))


def didi_in_bhojpur(chat, user: str, phone: str | None = None, lang: str = "हिन्दी"):
    c = chat(user, phone)
    c.say("hi")
    c.tap(lang)
    c.tap("दीदी" if lang == "हिन्दी" else "Didi")
    c.say("सुनीता")
    c.say("bhojpur")
    c.say("ara")
    c.say("लक्ष्मी समूह")
    return c


def csv_rows(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def aarah_potato(day: datetime, modal: int) -> str:
    return f"Bihar,Bhojpur,Aarah,Potato,Jyoti,FAQ,{day:%d/%m/%Y},{modal - 100},{modal + 100},{modal}"


def test_bhojpur_didi_asks_aloo_ka_bhav_and_hears_aarah_with_its_date(chat, runtime):
    importer.import_file(runtime, DAILY)
    didi = didi_in_bhojpur(chat, "bhojpur1")
    didi.say("aloo ka bhav")
    lines = didi.last[-1]["text"].split("\n")
    assert lines[0] == "📊 आलू का भाव:"
    assert lines[1] == "• Aarah, भोजपुर · पिछली रिपोर्ट 25/04/2025: ₹16/किलो (₹1,600/क्विंटल), ₹15-17"
    assert lines[2].startswith("• Natwar, रोहतास")  # a neighbouring district next
    assert len(lines) == 5 and lines[-1] == "(AGMARKNET / data.gov.in)"  # at most 3 report lines
    assert didi.options()[:2] == ["🔔 भाव पर अलर्ट", "रोज़ भाव भेजें"]


def test_english_question_names_another_district(chat, runtime):
    importer.import_file(runtime, DAILY)
    didi = didi_in_bhojpur(chat, "bhojpur2", lang="English")
    didi.say("What's the potato price in Araria?")
    lines = didi.last[-1]["text"].split("\n")
    assert lines[0] == "📊 Potato prices:"
    assert lines[1] == "• Forbesganj, Araria · last report 25/04/2025: ₹11/kg (₹1,100/quintal), ₹9-13"


def test_menu_asks_which_product_hers_first_and_makhana_gets_the_honest_answer(chat, runtime):
    importer.import_file(runtime, DAILY)
    didi = registered(chat, "mk1")
    didi.say("50 kilo makhana 700 rupaye kilo")
    didi.tap("सही है")
    other = registered(chat, "mk2", name="गीता")
    other.say("20 kilo makhana 650 rupaye kilo")
    other.tap("सही है")
    didi.say("मेनू")
    didi.tap("मंडी भाव")
    assert didi.options()[0] == "मखाना"  # what she lists comes first
    assert "आलू" in didi.options()
    didi.say("1")
    text = didi.last[-1]["text"]
    assert text.split("\n") == ["मखाना का भाव किसी मंडी से नहीं आता।",
                                "दीदी हाट पर इस हफ्ते: ₹650-700/किलो, 2 लिस्टिंग"]


def test_staff_haat_report_is_shown_with_its_label(chat, runtime):
    from tests.test_restart_and_cli import run_cli

    done = run_cli("staff", "add", "--phone", "9876500001", "--district", "Patna", "--block", "Bihta",
                   "--name", "BPM Bihta", database_url=runtime.settings.database_url)
    assert done.returncode == 0, done.stderr
    staff = chat("bpm1", phone="+919876500001")
    staff.say("hi")
    staff.say("haat bhav: aloo 18 kilo Bihta")
    assert "हाट भाव दर्ज हुआ" in staff.text and "हाट (बिहटा, स्टाफ़)" in staff.text
    didi = registered(chat, "hd1")
    didi.say("aloo ka bhav")
    assert "• हाट (बिहटा, स्टाफ़) · आज: ₹18/किलो (₹1,800/क्विंटल)" in didi.text
    assert "किसी मंडी से नहीं आता" in didi.text  # no mandi reports potato here: said plainly


def test_didi_haat_report_waits_for_one_tap_from_her_blocks_staff(chat, runtime):
    from tests.test_restart_and_cli import run_cli

    assert run_cli("staff", "add", "--phone", "9876500002", "--district", "Patna", "--block", "Bihta",
                   database_url=runtime.settings.database_url).returncode == 0
    staff = chat("bpm2", phone="+919876500002")
    staff.say("hi")
    reporter = registered(chat, "hd2")
    reporter.say("हाट भाव: प्याज 25 किलो बिहटा")
    assert "स्टाफ़ के देखने के बाद" in reporter.text
    asker = registered(chat, "hd3", name="गीता")
    asker.say("pyaz ka bhav")
    assert "हाट (" not in asker.text  # not shown before approval
    request = staff.inbox()[-1]
    assert "कमला दीदी ने हाट भाव भेजा" in request["text"] and "₹25/किलो" in request["text"]
    staff.say(button=request["options"][0]["value"])
    assert "भाव सबको दिख रहा है" in staff.text
    asker.say("pyaz ka bhav")
    assert "• हाट (बिहटा, दीदी) · आज: ₹25/किलो" in asker.text
    assert "अब सबको दिख रहा है" in reporter.inbox()[-1]["text"]
    staff.say(button=request["options"][0]["value"])  # a second tap changes nothing
    assert "फैसला हो चुका है" in staff.text
    intruder = registered(chat, "hd4", name="रीता")
    intruder.say(button=request["options"][1]["value"])  # a didi cannot reject it
    assert "आपके क्षेत्र की नहीं" in intruder.text
    with runtime.db.sessions() as session:
        assert session.scalars(select(PriceReport.status)).all() == [ReportStatus.APPROVED]


def test_threshold_alert_fires_once_on_a_crossing_report_then_rearms(chat, runtime, tmp_path):
    didi = didi_in_bhojpur(chat, "alert1")
    didi.say("aloo 20 se upar ho to batana")
    assert "आलू ₹20/किलो से ऊपर जाते ही बताएंगे" in didi.text
    before = len(didi.inbox())
    day = bihar_today()
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [aarah_potato(day - timedelta(days=3), 1900)]))
    assert len(didi.inbox()) == before  # below: nothing
    importer.import_file(runtime, csv_rows(tmp_path, "b.csv", [aarah_potato(day - timedelta(days=2), 2200),
                                                               aarah_potato(day - timedelta(days=1), 2300)]))
    fired = didi.inbox()[before:]
    assert len(fired) == 1  # two crossing reports, one message
    assert fired[0]["text"].startswith("🔔 आलू ₹20/किलो से ऊपर गया:\n• Aarah, भोजपुर")
    assert "₹22/किलो" in fired[0]["text"]
    alerts.check(runtime)  # the sweep again: still nothing new
    assert len(didi.inbox()) == before + 1
    importer.import_file(runtime, csv_rows(tmp_path, "c.csv", [aarah_potato(day, 1800)]))  # back below: re-armed
    importer.import_file(runtime, csv_rows(tmp_path, "d.csv", [aarah_potato(day + timedelta(days=1), 2400)]))
    assert len(didi.inbox()) == before + 2 and "₹24/किलो" in didi.inbox()[-1]["text"]


def test_alert_button_under_an_answer_and_the_daily_line(chat, runtime, tmp_path):
    day = bihar_today()
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [aarah_potato(day, 1500)]))
    didi = didi_in_bhojpur(chat, "alert2")
    didi.say("aloo ka bhav")
    assert "• Aarah, भोजपुर · आज: ₹15/किलो (₹1,500/क्विंटल), ₹14-16" in didi.text
    didi.tap("भाव पर अलर्ट")
    assert "कितना होने पर बताएं" in didi.text
    didi.say("12 से नीचे")
    assert "आलू ₹12/किलो से नीचे आते ही बताएंगे" in didi.text
    didi.say("aloo ka bhav")
    didi.tap("रोज़ भाव भेजें")
    assert "रोज़ 07:30 बजे" in didi.text
    morning = datetime.combine(day.date(), datetime.min.time(), ZoneInfo("Asia/Kolkata")) + timedelta(hours=8)
    assert alerts.send_daily_lines(runtime, now=morning.astimezone(timezone.utc)) == 1
    assert didi.inbox()[-1]["text"] == "📊 आज के भाव: आलू ₹15/किलो (Aarah)"
    assert alerts.send_daily_lines(runtime, now=morning.astimezone(timezone.utc) + timedelta(hours=1)) == 0


def test_price_questions_are_rate_limited_politely(chat, runtime):
    didi = registered(chat, "rl1")
    limit = 20
    for _ in range(limit):
        didi.say("aloo ka bhav")
    assert "घंटे में" not in didi.text
    didi.say("aloo ka bhav")
    assert "आपने एक घंटे में 20 बार भाव पूछा है" in didi.text
    assert queries.purge(runtime, now=utcnow() + timedelta(hours=1)) == 0  # still counted within a day
    assert queries.purge(runtime, now=utcnow() + timedelta(days=2)) == limit


def test_listing_and_demand_cards_show_the_mandi_reference(chat, runtime, tmp_path):
    from tests.test_market import buyer_in

    day = bihar_today()
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [aarah_potato(day - timedelta(days=2), 1100)]))
    didi = didi_in_bhojpur(chat, "card1")
    didi.say("50 kilo aloo 14 rupaye kilo")
    assert "\nमंडी भाव ₹11/किलो (Aarah, 2 दिन पहले); आपका ₹14" in didi.text
    didi.say("मेनू")
    didi.say("100 kilo aloo")
    didi.tap("मंडी भाव")  # the mandi-rate listing keeps the reference it meant
    didi.tap("फोटो नहीं")
    assert "मंडी भाव ₹11/किलो (Aarah, 2 दिन पहले)" in didi.text and "आपका" not in didi.text
    didi.tap("सही है")
    with runtime.db.sessions() as session:
        refs = session.scalars(select(ListingPriceReference)).all()
        report = session.scalar(select(PriceReport))
    assert [r.report_id for r in refs] == [report.id]
    buyer = buyer_in(chat, "cardbuyer", district="bhojpur", block="ara")
    buyer.say("Need 1 ton potatoes in Bhojpur, max Rs 13/kg")
    assert "Mandi rate ₹11/kg (Aarah, 2 days ago); yours ₹13" in buyer.text


def test_unclear_haat_reports_get_a_polite_example(chat, runtime):
    didi = registered(chat, "hb1")
    didi.say("haat bhav: kuch nahi")
    assert "हाट भाव ऐसे भेजें: हाट भाव: आलू 18 किलो बिहटा" in didi.text
    didi.say("haat bhav: aloo 900 kilo Bihta")  # ₹900 a kilo of potatoes: not plausible
    assert "यह भाव सही नहीं लगा" in didi.text
    didi.say("haat bhav: aloo 18 piece Bihta")  # potatoes are not sold by the piece
    assert "हाट भाव ऐसे भेजें" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalars(select(PriceReport)).all() == []


def test_the_daily_line_also_carries_the_products_she_follows(chat, runtime, tmp_path):
    """The issue: "a short daily price line for the products a didi lists or follows"."""
    day = bihar_today()
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [
        aarah_potato(day, 1500), f"Bihar,Bhojpur,Aarah,Onion,Red,FAQ,{day:%d/%m/%Y},2000,2400,2200"]))
    didi = didi_in_bhojpur(chat, "daily2")
    didi.say("pyaz Bhojpur follow karo")
    didi.say("aloo ka bhav")
    didi.tap("रोज़ भाव भेजें")
    morning = datetime.combine(day.date(), datetime.min.time(), ZoneInfo("Asia/Kolkata")) + timedelta(hours=8)
    assert alerts.send_daily_lines(runtime, now=morning.astimezone(timezone.utc)) == 1
    assert didi.inbox()[-1]["text"] == "📊 आज के भाव: आलू ₹15/किलो (Aarah), प्याज ₹22/किलो (Aarah)"
