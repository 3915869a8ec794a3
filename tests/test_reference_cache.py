"""The cards' reference data (the mandi report quoted, the centre named) is read once a minute, not
on every message, and what this process writes shows on the very next card."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from bot.prices import importer
from tests.test_facilities import ADD_BIHTA, staff_member
from tests.test_onboarding import registered
from tests.test_prices_chat import aarah_potato, bihar_today, csv_rows, didi_in_bhojpur


def test_a_report_imported_after_a_card_is_quoted_on_the_next_card(chat, runtime, tmp_path):
    didi = didi_in_bhojpur(chat, "cache1")
    didi.say("50 kilo aloo 14 rupaye kilo")
    assert "आलू · 50 किलो" in didi.text and "मंडी भाव" not in didi.text  # nothing reported yet
    didi.say("मेनू")
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [aarah_potato(bihar_today() - timedelta(days=2), 1200)]))
    didi.say("40 kilo aloo 15 rupaye kilo")
    assert "\nमंडी भाव ₹12/किलो (Aarah, 2 दिन पहले); आपका ₹15" in didi.text


def test_a_centre_added_after_a_card_is_named_on_the_next_card(chat, runtime):
    didi = registered(chat, "cache2")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "पैकेजिंग सेंटर" not in didi.text
    didi.tap("सही है")
    staff_member(runtime, "staff-bihta")
    chat("staff-bihta").say(ADD_BIHTA)
    didi.say("20 kilo makhana hai 650 rupaye kilo")
    assert "📦 बिहटा पैकेजिंग सेंटर यह सामान लेता है (पैकेजिंग सेंटर)" in didi.text


def test_cards_of_one_product_and_place_read_the_mandi_reports_once(chat, runtime, tmp_path):
    importer.import_file(runtime, csv_rows(tmp_path, "a.csv", [aarah_potato(bihar_today() - timedelta(days=2), 1100)]))
    reads: list[str] = []

    def seen(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "price_reports" in statement:
            reads.append(statement)

    event.listen(runtime.db.engine, "before_cursor_execute", seen)
    try:
        for n in range(3):
            didi = didi_in_bhojpur(chat, f"cache-card{n}")
            didi.say(f"{50 + n} kilo aloo 14 rupaye kilo")
            assert "\nमंडी भाव ₹11/किलो (Aarah, 2 दिन पहले); आपका ₹14" in didi.text
    finally:
        event.remove(runtime.db.engine, "before_cursor_execute", seen)
    assert len(reads) == 1
