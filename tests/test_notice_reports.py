"""The notice report from the CLI (counts and a CSV with masked phones) matches the outbox rows,
failures are named in words, and a JEEViKA roster imports line by line, safely twice."""
from __future__ import annotations

import csv

from sqlalchemy import func, select, update

from bot import cli, places
from bot.scheduler import run_all
from models import Notice, OutboxMessage, OutboxStatus, User
from tests.notice_helpers import enrol, no_quiet_hours, person
from tests.test_notices import bihta_staff, compose, notices_to


def test_report_and_csv_match_the_rows(chat, runtime, monkeypatch, tmp_path, capsys):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    didis = [person(chat, f"d{n}", name=f"दीदी{'कखग'[n]}", phone=f"+91981234500{n}") for n in range(3)]
    compose(staff)
    staff.tap("अभी भेजें")
    run_all(runtime)
    runtime.dispatcher.run_once()
    with runtime.db.session() as session:
        notice = session.scalar(select(Notice))
        rows = {r.address: r for r in session.scalars(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id))}
        rows["d1"].status, rows["d1"].error = OutboxStatus.FAILED, "Forbidden: bot was blocked by the user"
        rows["d2"].status = OutboxStatus.READ
    run_all(runtime)
    capsys.readouterr()
    out = tmp_path / "report.csv"
    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    assert cli.main(["notice", "report", str(notice.id), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Total 3 · queued 0 · sent 2 · delivered 1 · read 1" in printed
    assert "Not sent 1: blocked the bot" in printed and "3 rows written" in printed
    with out.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 3
    assert sorted(r["status"] for r in table) == ["failed", "read", "sent"]
    failed = next(r for r in table if r["status"] == "failed")
    assert failed["reason"] == "blocked" and failed["phone"] == "+91 98xxxxx001" and failed["channel"] == "simulator"
    assert all("+9198123450" not in value for r in table for value in r.values())  # phones masked
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.notice_id == notice.id)) == len(table)
    # in the chat too
    staff.say("मेनू")
    staff.tap("मेरी सूचनाएं")
    staff.say("1")
    assert "कुल 3 · कतार में 0 · भेजी 2 · पहुँची 1 · पढ़ी 1" in staff.text and "नहीं गई 1: बॉट ब्लॉक कर दिया" in staff.text


def test_unknown_notice_report_says_so(runtime, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    try:
        cli.main(["notice", "report", "999"])
    except SystemExit as exc:
        assert "no notice #999" in str(exc)
    else:
        raise AssertionError("a missing notice must stop the command")


ROSTER = """name,phone,district,block,shg,language,consent
सुनीता देवी,98123 45678,Patna,Bihta,लक्ष्मी समूह,hi,yes
Rekha Kumari,+91 9812345679,पटना,Maner,,english,हाँ
बिना सहमति,9812345680,Patna,Bihta,,hi,no
गलत नंबर,12345,Patna,Bihta,,hi,yes
कोई,9812345681,Atlantis,Bihta,,hi,yes
गलत प्रखंड,9812345682,Patna,Rajgir,,hi,yes
दोहरा,9812345678,Patna,Bihta,,hi,yes
खाली सहमति,9812345683,Patna,Bihta,,hi,
"""


def test_roster_import_validates_each_line_and_is_safe_twice(chat, runtime, monkeypatch, tmp_path, capsys):
    no_quiet_hours(runtime)
    already = person(chat, "kamla", phone="+919812345684", name="कमला")  # registered herself
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER + "कमला दूसरी,9812345684,Patna,Maner,,hi,yes\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    capsys.readouterr()
    assert cli.main(["contacts", "import", str(roster)]) == 0
    first = capsys.readouterr().out
    assert "line 5: phone '12345' is not an Indian mobile number" in first
    assert "line 6: no Bihar district called 'Atlantis'" in first
    assert "line 7: 'Rajgir' is not a block of Patna" in first
    assert "line 8: same phone as line 2" in first
    assert "line 9: missing consent" in first
    assert "added 3, updated 0, unchanged 0, already registered 1, rejected 5" in first
    assert "Telegram cannot message anyone who has not started the bot" in first

    assert cli.main(["contacts", "import", str(roster)]) == 0
    second = capsys.readouterr().out
    assert "added 0, updated 0, unchanged 3, already registered 1, rejected 5" in second
    with runtime.db.sessions() as session:
        found = list(session.scalars(select(User).where(User.phone.like("+9198123456%"))))
    users = {u.phone: u for u in found}
    assert len(found) == len(users) == 4  # three imported and Kamla, nobody twice
    sunita = users["+919812345678"]
    assert (sunita.address, sunita.name, sunita.roster_consent, sunita.onboarded) == (
        "whatsapp:+919812345678", "सुनीता देवी", True, False)
    assert sunita.block_code == places.find_block(212, "Bihta").code
    assert users["+919812345679"].language == "en" and users["+919812345680"].roster_consent is False
    assert users["+919812345684"].block_code == places.find_block(212, "Bihta").code  # her own answer stands

    # a notice to Bihta's didis counts the imported one with consent, not the one without
    staff = bihta_staff(chat, monkeypatch, runtime)
    preview = compose(staff)
    assert "यह 2 लोगों तक जाएगी" in preview and "WhatsApp 1" in preview and "Simulator 1" in preview
    assert "1 लोगों ने 24 घंटे से कुछ नहीं लिखा और टेम्पलेट सेट नहीं है" in preview
