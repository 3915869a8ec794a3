"""Follows: a buyer follows a product in a district and hears of new listings there at once (or
once a day), sees and removes follows; forged follow buttons get a polite answer."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.market.follows import notify, notify_daily
from models import Follow, utcnow
from tests.test_market import buyer_in


def didi_of(chat, user: str, phone: str, district: str, block: str):
    c = chat(user, phone)
    c.say("hi")
    c.tap("हिन्दी")
    c.tap("दीदी")
    c.say("सुनीता")
    c.say(district)
    c.say(block)
    c.say("लक्ष्मी समूह")
    return c


def lists(didi, text: str) -> None:
    didi.say(text)
    didi.tap("सही है")


def news(buyer, before: int) -> list[dict]:
    return [m for m in buyer.inbox()[before:] if m["text"].startswith("🔔 New")]


def test_a_buyer_follows_makhana_in_purnia_and_hears_of_new_listings_there_only(chat, runtime):
    buyer = buyer_in(chat, "fol1", phone="+919900022001")
    buyer.say("makhana Purnia follow karo")
    assert buyer.text.startswith("✅ You will now hear at once of new Makhana from Purnia.")
    before = len(buyer.inbox())

    purnia = didi_of(chat, "fold1", "+919811122001", "purnia", "baisi")
    lists(purnia, "40 kilo makhana 700 rupaye kilo")
    patna = didi_of(chat, "fold2", "+919811122002", "patna", "bihta")
    lists(patna, "30 kilo makhana 690 rupaye kilo")
    notify(runtime, now=utcnow() + timedelta(seconds=3))
    runtime.dispatcher.run_once()
    (alert,) = news(buyer, before)
    assert alert["text"].startswith("🔔 New Makhana from Purnia (1):\nL-")
    assert "40 kg · ₹700/kg · Baisi, Purnia" in alert["text"] and "Patna" not in alert["text"]

    notify(runtime, now=utcnow() + timedelta(minutes=10))  # nothing new: nothing sent
    runtime.dispatcher.run_once()
    assert len(news(buyer, before)) == 1


def test_follow_list_removes_and_daily_follows_wait_for_the_digest(chat, runtime):
    buyer = buyer_in(chat, "fol2", phone="+919900022002")
    buyer.say("honey follow")
    assert "new Honey from all of Bihar" in buyer.text
    buyer.tap("Tell me once a day")
    assert buyer.text.startswith("OK, you will hear of new Honey from all of Bihar once a day.")
    buyer.say("aloo Gaya follow")
    buyer.say("meri follow list")
    assert "Your follows (2):" in buyer.text and "1) Honey · all of Bihar · once a day" in buyer.text
    assert "2) Potato · Gaya · at once" in buyer.text
    buyer.tap("Remove: Potato (Gaya)")
    assert buyer.text.startswith("Removed: Potato (Gaya).")
    with runtime.db.sessions() as session:
        assert [f.product for f in session.scalars(select(Follow))] == ["honey"]

    before = len(buyer.inbox())
    didi = didi_of(chat, "fold3", "+919811122003", "gaya", "bodhgaya")
    lists(didi, "20 kilo shahad 400 rupaye kilo")
    lists(didi, "2 quintal aloo 12 rupaye kilo")
    notify(runtime, now=utcnow() + timedelta(seconds=3))  # the instant sweep: not for daily follows
    runtime.dispatcher.run_once()
    assert news(buyer, before) == []
    notify_daily(runtime, now=utcnow() + timedelta(hours=1))
    runtime.dispatcher.run_once()
    (digest,) = news(buyer, before)
    assert digest["text"].startswith("🔔 New Honey from all of Bihar (1):") and "Potato" not in digest["text"]


def test_forged_follow_buttons_and_a_follow_without_product(chat, runtime):
    buyer = buyer_in(chat, "fol3", phone="+919900022003")
    other = buyer_in(chat, "fol4", phone="+919900022004")
    other.say("makhana follow")
    with runtime.db.sessions() as session:
        theirs = session.scalar(select(Follow)).id
    for value in (f"follow:remove:{theirs}", "follow:remove:99999999999", "follow:daily:²", "follow:nuke:1"):
        buyer.say(button=value)
        assert buyer.text.startswith("That follow was not found.")
    with runtime.db.sessions() as session:
        assert session.get(Follow, theirs) is not None
    buyer.say("follow karo")
    assert buyer.text.startswith("Which product should we tell you about?")
