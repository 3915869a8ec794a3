"""Her data, her say (DPDP Act 2023), through the simulator on both databases: the notice at first
contact, "my data", "delete my data" with a confirmation, the counterparty told, counts kept;
and `python -m bot user delete --phone` for staff."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.scheduler import run_all
from models import Demand, Follow, Listing, Match, Media, OutboxMessage, User
from tests.test_market import buyer_in, didi_in
from tests.test_restart_and_cli import run_cli

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 200


def connected(chat, runtime):
    """A didi with a listing and a buyer with a demand, connected (both said yes)."""
    didi = didi_in(chat, "didi-p", "+919811111111")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer-p")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    buyer.tap("Yes, right")
    run_all(runtime)
    didi.say(button=didi.inbox()[-1]["options"][0]["value"])
    buyer.say(button=buyer.inbox()[-1]["options"][0]["value"])
    assert "+919811111111" in buyer.text  # connected
    return didi, buyer


def test_the_first_message_carries_a_privacy_line_and_the_full_notice(chat):
    didi = chat("new-didi")
    didi.say("namaste")
    assert "🔒" in didi.text and didi.options()[-1] == "निजता सूचना पढ़ें / Privacy"
    didi.say("3")
    assert "निजता सूचना" in didi.text and "मेरा डेटा हटाएं" in didi.text
    assert didi.options() == ["हिन्दी", "English", "निजता सूचना पढ़ें / Privacy"]  # the question again
    didi.say("1")
    assert "आप कौन हैं?" in didi.text


def test_my_data_shows_what_the_bot_holds(chat):
    didi = didi_in(chat, "didi-show", "+919822222222")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    didi.say("मेरा डेटा")
    assert "नाम: कमला" in didi.text and "फ़ोन: +919822222222" in didi.text
    assert "जगह: पटना, बिहटा" in didi.text and "समूह: जय माँ समूह" in didi.text
    assert "चालू लिस्टिंग: 1" in didi.text and "मेरा डेटा हटाएं" in didi.text
    buyer = buyer_in(chat, "buyer-show", phone="+919833333333")
    buyer.say("my data")
    assert "Name: Ravi Traders" in buyer.text and "Group: -" in buyer.text


def test_delete_my_data_erases_her_and_tells_the_buyer(chat, runtime):
    didi, buyer = connected(chat, runtime)
    with runtime.db.session() as session:  # a photo she sent, stored
        user = session.scalar(select(User).where(User.address == "didi-p"))
        (runtime.settings.media_dir).mkdir(parents=True, exist_ok=True)
        (runtime.settings.media_dir / "abc.jpg").write_bytes(JPEG)
        session.add(Media(owner_id=user.id, status="ready", filename="abc.jpg", content_type="image/jpeg"))
        didi_id = user.id
    didi.say("mera data hatao")
    assert "सारा डेटा हटा दें" in didi.text and didi.options() == ["हाँ, हटाएं", "नहीं, रहने दें"]
    didi.say("2")
    assert "कुछ नहीं हटाया" in didi.text
    didi.say("Mera Data Hatao!")
    didi.tap("हाँ, हटाएं")
    assert "डेटा हटा दिया गया" in didi.text
    with runtime.db.sessions() as session:
        user = session.get(User, didi_id)
        assert (user.name, user.phone, user.shg_name, user.address, user.channel) == (None,) * 5
        assert user.erased_at is not None and user.district_code is not None  # counted by district still
        assert session.scalar(select(Listing.status).where(Listing.user_id == didi_id)) == "withdrawn"
        assert session.scalar(select(func.count()).select_from(Match)) == 1  # anonymous counts stay
        texts = [str(r.payload) for r in session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == didi_id))]
        assert texts and all("कमला" not in t and "मखाना" not in t for t in texts)
        assert session.scalar(select(Media.status)) == "erased"
    assert not (runtime.settings.media_dir / "abc.jpg").exists()
    assert "the other person has left Didi Haat" in buyer.inbox()[-1]["text"]
    didi.say("hi")  # the same chat later: a newcomer, nothing of hers comes back
    assert "भाषा चुनें" in didi.text


def test_a_buyer_erasing_closes_his_demands(chat, runtime):
    didi, buyer = connected(chat, runtime)
    buyer.say("makhana Purnia follow karo")
    buyer.say("delete my data")
    buyer.tap("Yes, delete")
    assert "Your data has been deleted" in buyer.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(Demand.status)) == "closed"
        assert session.scalar(select(Follow)) is None  # what he followed went with him
    assert "दूसरी तरफ़ के व्यक्ति ने दीदी हाट छोड़ दिया" in didi.inbox()[-1]["text"]


def test_delete_works_mid_registration(chat, runtime):
    didi = chat("half-didi", phone="+919844444444")
    didi.say("hi")
    didi.tap("हिन्दी")
    didi.say("मेरा डेटा हटाएं")
    didi.say("हाँ")
    assert "डेटा हटा दिया गया" in didi.text
    with runtime.db.sessions() as session:
        assert session.scalar(select(User.phone).where(User.erased_at.is_not(None))) is None
        assert session.scalar(select(func.count()).select_from(User).where(User.phone == "+919844444444")) == 0


def test_staff_delete_a_user_by_phone(chat, runtime, settings):
    didi_in(chat, "didi-cli", "+919855555555")
    done = run_cli("user", "delete", "--phone", "98555 55555", database_url=settings.database_url)
    assert done.returncode == 0, done.stderr
    assert "erased 1 user" in done.stdout
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.phone == "+919855555555")) == 0
    again = run_cli("user", "delete", "--phone", "9855555555", database_url=settings.database_url)
    assert again.returncode == 1 and "no user with phone +919855555555" in again.stderr


def test_delete_my_data_blanks_what_she_typed_in_the_inbox(chat, runtime):
    """In queue mode the inbox keeps each message she sent: erasing blanks hers (text and address), not others'."""
    from bot import inbox
    from bot.messages import Incoming
    from models import InboxMessage, InboxStatus
    didi, buyer = connected(chat, runtime)
    for who, pid in [("didi-p", "d1"), ("didi-p", "d2"), ("buyer-p", "b1")]:
        inbox.store(runtime.db, Incoming(channel="simulator", address=who, provider_id=pid, text="कमला, 50 किलो मखाना"))
    with runtime.db.session() as session:
        for row in session.scalars(select(InboxMessage)):
            row.status = InboxStatus.DONE
    didi.say("delete my data")
    didi.tap("हाँ")
    assert "डेटा हटा दिया गया" in didi.text
    with runtime.db.sessions() as session:
        rows = {r.provider_id: r for r in session.scalars(select(InboxMessage))}
        assert rows["d1"].message == {"erased": True} and rows["d2"].address == "erased"
        assert rows["b1"].message["text"] == "कमला, 50 किलो मखाना" and rows["b1"].address == "buyer-p"
