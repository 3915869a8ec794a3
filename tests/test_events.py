"""Events through the simulator (SQLite and PostgreSQL), with the clock controlled the way the
sweeps take it: a CSV import with bad rows reported, the invitation previewed and sent as a notice,
"yes" on the delivered invitation, reminders the day before and that morning at Bihar times (never
at night), a cancelled event told to those who said yes, the list near the user, and a buyer-seller
meet listing the didis coming for a buyer."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.events import reminders
from bot.scheduler import run_all
from models import Event, EventInvite, Notice, OutboxMessage, utcnow
from tests.area_helpers import staff_member
from tests.notice_helpers import no_quiet_hours, quiet_now, set_quiet_hours
from tests.test_market import buyer_in
from tests.test_onboarding import registered
from tests.test_restart_and_cli import run_cli

IST = ZoneInfo("Asia/Kolkata")
TZ = "Asia/Kolkata"


def bihar(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), IST).astimezone(ZoneInfo("UTC"))


def bihar_today():
    return utcnow().astimezone(IST).date()


def last_noon() -> datetime:
    """The latest 12:00 Bihar time that has passed: a daytime 'now' whose pushes are due already."""
    noon = bihar(bihar_today(), 12)
    return noon if noon <= utcnow() else noon - timedelta(days=1)


def queued(runtime, address: str) -> list[str]:
    """Every push for this person, sent or held for the morning (a chat-made change at night waits)."""
    with runtime.db.sessions() as session:
        return [r.payload["text"] for r in session.scalars(select(OutboxMessage).where(
            OutboxMessage.address == address).order_by(OutboxMessage.id))]


def texts(person) -> list[str]:
    return [m["text"] for m in person.inbox()]


def write_csv(tmp_path, rows: list[str]):
    path = tmp_path / "events.csv"
    path.write_text("\n".join(["kind,title,start,end,venue,district,block,audience,product,registration", *rows]) + "\n",
                    encoding="utf-8")
    return path


def event_day():
    return bihar_today() + timedelta(days=3)


def test_csv_import_invitation_yes_reminders_and_cancel(chat, runtime, settings, tmp_path):
    staff_member(runtime, "staff-bihta")
    staff = chat("staff-bihta")
    kamla = registered(chat, "didi1", phone="+919811111111", name="कमला")
    kamla.say("50 kilo makhana hai 700 rupaye kilo")
    kamla.tap("सही है")
    sita = registered(chat, "didi2", name="सीता")
    rani = registered(chat, "didi3", name="रानी")
    gone = registered(chat, "didi4", name="गीता")
    gone.say("STOP")
    gaya = chat("didi5")
    gaya.say("hi"), gaya.tap("हिन्दी"), gaya.tap("दीदी"), gaya.say("मीना"), gaya.say("gaya"), gaya.say("bodhgaya"), gaya.say("समूह")
    buyer = buyer_in(chat, "buyer1", district="patna", block="patna sadar")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    buyer.tap("Yes, right")

    day = event_day().strftime("%d/%m/%Y")
    path = write_csv(tmp_path, [
        f"meet,ODOP क्रेता-विक्रेता सम्मेलन,{day} 10:00,{day} 17:00,प्रखंड सभागार,Patna,Bihta,didis,,yes",
        f"fair,मेला,32/13/2026 10:00,,मैदान,Patna,Bihta,didis,,yes",
        f"training,प्रशिक्षण,{day} 10:00,,हॉल,Atlantis,,didis,,no",
        f"training,पुराना प्रशिक्षण,01/01/2020 10:00,,हॉल,Patna,,didis,,no",
        f"party,पार्टी,{day} 10:00,,हॉल,Patna,,didis,,no",
    ])
    done = run_cli("events", "import", str(path), database_url=settings.database_url)
    assert "line 3: rejected: Date not understood" in done.stdout
    assert "line 4: rejected: District not found" in done.stdout
    assert "line 5: rejected: That time has already passed" in done.stdout
    assert "line 6: rejected: Kind not understood" in done.stdout
    assert "1 created, 4 rejected" in done.stdout and done.returncode == 1
    with runtime.db.sessions() as session:
        [event] = session.scalars(select(Event)).all()
        assert event.starts_at == bihar(event_day(), 10) and event.registration and event.kind == "meet"
        event_id = event.id

    staff.say("कार्यक्रम")  # the staff member's list: the imported event, not invited yet
    assert f"#{event_id} ODOP क्रेता-विक्रेता सम्मेलन" in staff.text and "निमंत्रण 0" in staff.text
    staff.tap(f"निमंत्रण भेजें #{event_id}")
    preview = staff.inbox()[-2]["text"]
    assert preview.startswith("निमंत्रण ऐसा दिखेगा:\n\n📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:")
    assert "यह 4 लोगों तक जाएगा (Simulator 4)" in staff.text  # kamla, sita, rani + the buyer wanting makhana
    assert "1 ने सूचनाएं बंद की हैं" in staff.text
    assert staff.options() == ["निमंत्रण भेजें", "समय तय करें", "अभी नहीं"]
    staff.tap("निमंत्रण भेजें")
    assert "भेजा जा रहा है" in staff.text
    run_all(runtime)  # the notice sweep fans it out, the dispatcher sends
    invitation = kamla.inbox()[-1]
    assert invitation["text"].startswith("📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:\n🎪 ODOP क्रेता-विक्रेता सम्मेलन")
    assert f"{event_day():%d/%m} 10:00 – 17:00" in invitation["text"] and "प्रखंड सभागार, बिहटा, पटना" in invitation["text"]
    assert "आना है? 1 हाँ 2 नहीं" in invitation["text"]
    assert [o["label"] for o in invitation["options"]] == ["हाँ, आऊँगी", "नहीं"]
    assert not any("निमंत्रण" in t for t in texts(gaya))  # another district
    assert not any("निमंत्रण" in t for t in texts(gone))  # opted out
    assert any("You are invited" in t for t in texts(buyer))
    run_all(runtime)  # nothing left to send: the notice is done
    with runtime.db.sessions() as session:
        event = session.get(Event, event_id)
        notice = session.get(Notice, event.notice_id)
        assert notice.author_id is not None and notice.status == "done"
        assert session.query(OutboxMessage).filter_by(notice_id=notice.id).count() == 4

    kamla.say("1")  # the invitation's first option
    assert "दर्ज हुआ: आप ODOP क्रेता-विक्रेता सम्मेलन में आएँगी" in kamla.text
    sita.say(button=sita.inbox()[-1]["options"][1]["value"])  # नहीं
    assert "नहीं आएँगी" in sita.text

    buyer.say("events")
    assert "ODOP क्रेता-विक्रेता सम्मेलन" in buyer.text
    buyer.tap("ODOP")
    assert "1 didi(s) with what you need are coming:" in buyer.text and "• कमला (Bihta, Patna): Makhana" in buyer.text

    staff.say("कार्यक्रम")
    assert f"#{event_id} ODOP क्रेता-विक्रेता सम्मेलन" in staff.text and "हाँ 1 · नहीं 1 · निमंत्रण 4" in staff.text
    staff.tap(f"#{event_id} की रिपोर्ट")  # the invitation's notice report ("My notices")
    assert "कुल 4 · कतार में 0 · भेजी 4" in staff.text
    assert 'कार्यक्रम "ODOP क्रेता-विक्रेता सम्मेलन": हाँ 1 · नहीं 1' in staff.text  # who answers, in her report

    before = {name: len(p.inbox()) for name, p in (("kamla", kamla), ("sita", sita), ("rani", rani))}
    assert reminders.send(runtime, now=bihar(event_day() - timedelta(days=1), 17, 50)) == 0  # not yet
    assert reminders.send(runtime, now=bihar(event_day() - timedelta(days=1), 18, 5)) == 3  # kamla, rani, buyer
    assert reminders.send(runtime, now=bihar(event_day() - timedelta(days=1), 18, 15)) == 0  # once
    assert kamla.inbox()[-1]["text"].startswith("⏰ याद दिलाना: कल है\n🎪 ODOP")
    assert len(sita.inbox()) == before["sita"]  # she said no
    assert rani.inbox()[-1]["text"].startswith("⏰ याद दिलाना: कल है")  # she did not answer
    assert reminders.send(runtime, now=bihar(event_day(), 6, 30)) == 0  # night: nothing
    assert reminders.send(runtime, now=bihar(event_day(), 7, 35)) == 3
    assert kamla.inbox()[-1]["text"].startswith("⏰ याद दिलाना: आज है")

    staff.say(f"event cancel {event_id}")
    assert f"कार्यक्रम #{event_id} रद्द; हाँ कहने वाले 1 लोगों को बताया" in staff.text
    assert queued(runtime, "didi1")[-1].startswith("❌ यह कार्यक्रम रद्द हो गया है:\n🎪 ODOP")
    assert not any("रद्द" in t for t in queued(runtime, "didi2"))  # she had said no
    kamla.say("कार्यक्रम")
    assert "कोई कार्यक्रम नहीं" in kamla.text


def test_reminders_and_invitations_never_ring_at_night(chat, runtime):
    staff_member(runtime, "staff-bihta")
    kamla = registered(chat, "didi1")
    staff = chat("staff-bihta")
    day = event_day()
    staff.say(f"event add training | सिलाई प्रशिक्षण | {day:%d/%m/%Y} 08:00 | - | पंचायत भवन | - | didis | - | yes")
    assert "कार्यक्रम #" in staff.text and "यह 1 लोगों तक जाएगा (Simulator 1)" in staff.text
    with runtime.db.sessions() as session:
        event_id = session.scalar(select(Event.id))
    morning = quiet_now(runtime)  # it is night now (the configured quiet hours): the invitation waits
    staff.tap("निमंत्रण भेजें")
    assert "रात के समय फ़ोन नहीं बजाते" in staff.text and f"{morning:02d}:00 को जाएगा" in staff.text
    with runtime.db.sessions() as session:
        notice = session.get(Notice, session.get(Event, event_id).notice_id)
        assert notice.status == "scheduled" and notice.scheduled_at.astimezone(IST).hour == morning
        assert notice.scheduled_at > utcnow()
    run_all(runtime)
    assert not any("निमंत्रण" in t for t in texts(kamla))  # not before the morning
    no_quiet_hours(runtime)
    with runtime.db.session() as session:  # the morning comes
        session.get(Notice, notice.id).scheduled_at = utcnow()
    run_all(runtime)
    assert texts(kamla)[-1].startswith("📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:")
    set_quiet_hours(runtime, 21, 7)  # the default night, from config.yaml's quiet_hours
    assert reminders.send(runtime, now=bihar(day - timedelta(days=1), 21, 30)) == 0  # evening reminder missed: not at night
    assert reminders.send(runtime, now=bihar(day, 7, 1)) == 1  # the morning one, before the 08:00 start
    with runtime.db.sessions() as session:
        invite_row = session.scalar(select(EventInvite))
        assert invite_row.morning_reminded_at is not None and invite_row.eve_reminded_at is not None
    assert reminders.send(runtime, now=bihar(day, 7, 40)) == 0
    assert queued(runtime, "didi1")[-1].startswith("⏰ याद दिलाना: आज है")  # after the invitation


def test_events_list_near_the_user_and_past_events_gone(chat, runtime, tmp_path, settings):
    day = event_day().strftime("%d/%m/%Y")
    soon = (utcnow() + timedelta(hours=2)).astimezone(IST)
    path = write_csv(tmp_path, [
        f"exhibition,पटना प्रदर्शनी,{day} 11:00,,गांधी मैदान,Patna,,both,,yes",
        f"samagam,गया उद्यम समागम,{day} 10:00,,गया कॉलेज,Gaya,,both,,yes",
        f"training,जल्दी प्रशिक्षण,{soon:%d/%m/%Y %H:%M},,हॉल,Patna,Bihta,didis,,no",
    ])
    assert "3 created" in run_cli("events", "import", str(path), database_url=settings.database_url).stdout
    didi = registered(chat, "didi1")
    didi.say("कार्यक्रम")
    assert "पटना प्रदर्शनी" in didi.text and "जल्दी प्रशिक्षण" in didi.text and "गया" not in didi.text
    assert f"{event_day():%d/%m} 11:00 · गांधी मैदान, पटना" in didi.text
    buyer = buyer_in(chat, "buyer1")
    buyer.say("events")
    assert buyer.text.index("पटना प्रदर्शनी") < buyer.text.index("गया उद्यम समागम")  # his district first
    didi.tap("पटना प्रदर्शनी")
    didi.tap("हाँ, आऊँगी")
    didi.say("कार्यक्रम")
    assert "पटना प्रदर्शनी" in didi.text and "✅ आप आ रही हैं" in didi.text
    with runtime.db.session() as session:  # the training is over: it leaves the list
        training = session.scalar(select(Event).where(Event.title == "जल्दी प्रशिक्षण"))
        training.starts_at = utcnow() - timedelta(hours=3)
    didi.say("कार्यक्रम")
    assert "जल्दी प्रशिक्षण" not in didi.text


def test_staff_edit_tells_those_who_said_yes_and_area_is_enforced(chat, runtime):
    staff_member(runtime, "staff-bihta")
    staff_member(runtime, "staff-gaya", district="Gaya", block="Bodhgaya", phone="+919700000003")
    staff = chat("staff-bihta")
    day = event_day()
    staff.say(f"event add loan camp | ऋण शिविर | {day:%d/%m/%Y} 11:00 | - | बैंक शाखा | Danapur | didis | - | yes")
    assert "क्षेत्र से बाहर" in staff.text  # another block
    staff.say(f"event add loan camp | ऋण शिविर | {day:%d/%m/%Y} 11:00 | - | बैंक शाखा | - | didis | - | yes")
    with runtime.db.sessions() as session:
        event_id = session.scalar(select(Event.id))
    didi = registered(chat, "didi1")
    didi.say("कार्यक्रम")
    didi.tap("ऋण शिविर")
    didi.tap("हाँ, आऊँगी")
    gaya = chat("staff-gaya")
    gaya.say(f"event cancel {event_id}")
    assert "आपके क्षेत्र में नहीं मिला" in gaya.text
    staff.say(f"event change {event_id} start {day:%d/%m/%Y} 14:00")
    assert "हाँ कहने वाले 1 लोगों को बताया" in staff.text
    note = queued(runtime, "didi1")[-1]
    assert note.startswith("✏️ कार्यक्रम में बदलाव हुआ है:") and f"{day:%d/%m} 14:00" in note
    staff.say(f"event change {event_id} start 01/01/2020 10:00")
    assert "बीत चुका" in staff.text
    with runtime.db.sessions() as session:
        assert session.get(Event, event_id).starts_at == bihar(day, 14)


def test_cli_invites_as_a_staff_member_and_lists_yes_counts_in_csv(chat, runtime, settings, tmp_path):
    no_quiet_hours(runtime)
    staff_member(runtime, "staff-bihta", phone="+919700000001")
    kamla = registered(chat, "didi1", name="कमला")
    day = event_day().strftime("%d/%m/%Y")
    path = write_csv(tmp_path, [
        f"training,अचार प्रशिक्षण,{day} 10:00,,प्रखंड सभागार,Patna,Bihta,didis,,yes",
        f"training,गया प्रशिक्षण,{day} 10:00,,हॉल,Gaya,Bodhgaya,didis,,yes",  # not her area
    ])
    refused = run_cli("events", "import", str(path), "--invite", database_url=settings.database_url)
    assert refused.returncode != 0 and "--invite needs --by PHONE" in refused.stderr
    done = run_cli("events", "import", str(path), "--invite", "--by", "9700000001", database_url=settings.database_url)
    assert "(invitation: notice #" in done.stdout and "not invited: outside the area" in done.stdout
    assert "2 created, 0 rejected, 1 invitations scheduled" in done.stdout and done.returncode == 1
    with runtime.db.session() as session:  # the CLI keeps config.yaml's quiet hours: be sure it is due now
        for notice in session.scalars(select(Notice)):
            notice.scheduled_at = utcnow()
    run_all(runtime)
    assert kamla.inbox()[-1]["text"].startswith("📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:\n🎪 अचार प्रशिक्षण")
    kamla.say("1")
    out = tmp_path / "counts.csv"
    listed = run_cli("events", "list", "--csv", str(out), database_url=settings.database_url)
    assert "अचार प्रशिक्षण\tinvited 1\tyes 1\tno 0" in listed.stdout
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id,title,kind,status,starts,district,block,invited,yes,no"
    assert any(r.endswith(",अचार प्रशिक्षण,training,planned," + f"{event_day():%d/%m} 10:00,Patna,Bihta,1,1,0")
               for r in rows)
