"""Digests for registered groups through the simulator (and a real Telegram group through the
PTB stand-in): a city group gets the new listings of its district with deep links that open the
listing in a private chat, ready to ask for it; a village group gets the demand for what its area
makes; `python -m bot digests run` posts what is new, scheduled runs keep quiet hours and the gap."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot import cli, places
from bot.digests import run as digests
from models import GroupChat, Listing, OutboxMessage, User, utcnow
from tests.live import FIXTURES, tg_post
from tests.notice_helpers import no_quiet_hours, person, quiet_now
from tests.test_market import buyer_in
from tests.test_notice_groups import in_group, posted

PURNIA = places.find_district("Purnia").code
BOT = "DidiHaatBot"


def with_digests(runtime, **values) -> None:
    raw = {**runtime.settings.raw, "digests": {"bot_username": BOT, **values}}
    runtime.settings = replace(runtime.settings, raw=raw)
    runtime.dispatcher.settings = runtime.settings


def register_group(client, runtime, name: str, audience: str, *, district: int, block: int | None = None) -> int:
    """An admin registers the simulator group `name` (the buttons /register offers, tapped)."""
    with runtime.db.session() as session:
        if session.scalar(select(User).where(User.address == "admin1")) is None:
            session.add(User(channel="simulator", address="admin1", role="admin", language="hi", onboarded=True,
                             name="Admin"))
    in_group(client, name, "admin1", "/register")
    with runtime.db.sessions() as session:
        gid = session.scalar(select(GroupChat.id).where(GroupChat.chat_id == f"group:{name}"))
    kind, code = ("block", block) if block else ("district", district)
    done = in_group(client, name, "admin1", button=f"greg:{gid}:s:{kind}:{code}:{audience}")
    assert "जुड़ गया" in done[-1]["text"], done
    return gid


def didi(chat, user: str, district: str, block: str, phone: str):
    return person(chat, user, district=district, block=block, phone=phone)


def lists(d, text: str) -> str:
    d.say(text)
    d.tap("सही है")
    return re.search(r"L-\d+", d.text).group(0)


def digests_in(client, group: str, mark: str) -> list[str]:
    return [m["text"] for m in posted(client, group) if m["text"].startswith(mark)]


def test_a_city_group_gets_new_listings_of_its_district_with_links_that_open_the_listing(chat, client, runtime,
                                                                                         monkeypatch):
    no_quiet_hours(runtime)
    with_digests(runtime)
    register_group(client, runtime, "purnia-buyers", "buyers", district=PURNIA)
    a = didi(chat, "pd1", "purnia", "baisi", "+919811100001")
    b = didi(chat, "pd2", "purnia", "dhamdaha", "+919811100002")
    p = didi(chat, "pd3", "patna", "bihta", "+919811100003")
    first = lists(a, "1500 kilo makhana 650 rupaye kilo")
    lists(b, "600 kilo makhana 720 rupaye kilo")
    lists(b, "180 kilo shahad 400 rupaye kilo")
    lists(p, "50 kilo makhana 700 rupaye kilo")

    monkeypatch.setenv("DATABASE_URL", runtime.settings.database_url)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", BOT)
    assert cli.main(["digests", "run"]) == 0  # the operators' command: its own runtime, this database
    runtime.dispatcher.run_once()
    (digest,) = digests_in(client, "purnia-buyers", "🧺")
    assert digest.startswith("🧺 आज पूर्णिया से:\n• मखाना 2.1 टन (2 दीदियाँ) ₹650-720/किलो\n"), digest
    assert f"{first} Baisi: https://t.me/{BOT}?start={first}" in digest
    assert "• शहद 180 किलो (1 दीदी) ₹400/किलो" in digest
    assert "पटना" not in digest and "बिहटा" not in digest and "50 किलो" not in digest

    # The link, tapped by someone who never used the bot: he registers, then the listing opens.
    buyer = chat("newbuyer", "+919900055001")
    buyer.say(f"/start {first}")
    buyer.tap("English")
    buyer.tap("Buyer")
    buyer.say("Ravi Traders")
    buyer.say("patna")
    buyer.say("bihta")
    assert f"{first} · Makhana · 1500 kg · ₹650/kg · Baisi, Purnia" in buyer.text, buyer.text
    buyer.tap("Ask for it")
    assert "How much" in buyer.text or "kg" in buyer.text
    buyer.say("200")
    buyer.tap("Yes, right")
    assert "D-" in buyer.text and "asked" in buyer.text.lower(), buyer.text
    runtime.dispatcher.run_once()
    offer = [m["text"] for m in a.inbox() if "खरीदार को 200 किलो मखाना चाहिए" in m["text"]]
    assert offer, a.inbox()[-1]

    # Nothing new: nothing posted. A new listing: only it, in the next digest.
    assert digests.run(runtime, force=True) == 0
    later = lists(a, "40 kilo makhana 660 rupaye kilo")
    assert digests.run(runtime, force=True) == 1
    runtime.dispatcher.run_once()
    newest = digests_in(client, "purnia-buyers", "🧺")[-1]
    assert later in newest and first not in newest and "शहद" not in newest
    with runtime.db.sessions() as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.address == "group:purnia-buyers")
                              .order_by(OutboxMessage.id.desc())).first()
        assert (row.kind, row.user_id, row.status) == ("push", None, "sent")


def test_a_registered_buyer_opens_a_whatsapp_link_code_and_own_codes_still_show_her_actions(chat, client, runtime):
    no_quiet_hours(runtime)
    a = didi(chat, "pd4", "purnia", "baisi", "+919811100004")
    code = lists(a, "100 kilo makhana 650 rupaye kilo")
    buyer = buyer_in(chat, "wabuyer", phone="+919900055002")
    buyer.say(code)  # wa.me/<number>?text=L-..: the code arrives as the message
    assert f"{code} · Makhana · 100 kg" in buyer.text and "Ask for it" in buyer.options()
    buyer.tap("Follow Makhana from Purnia")  # the card's other button: hear of the next ones at once
    assert buyer.text.startswith("✅ You will now hear at once of new Makhana from Purnia.")
    buyer.say(code)
    a.say(code)  # her own: the actions on it, as before
    assert "क्या करना है" in a.text or "बदलें" in " ".join(a.options()), a.text
    buyer.say("L-999999")
    assert "Ask for it" not in buyer.options()


def test_a_village_group_gets_the_demand_for_what_its_block_makes(chat, client, runtime):
    no_quiet_hours(runtime)
    with_digests(runtime)
    baisi = places.find_block(PURNIA, "Baisi").code
    register_group(client, runtime, "baisi-didis", "didis", district=PURNIA, block=baisi)
    a = didi(chat, "pd5", "purnia", "baisi", "+919811100005")
    lists(a, "100 kilo makhana 650 rupaye kilo")
    buyer = buyer_in(chat, "patnabuyer", phone="+919900055003")
    buyer.say("need 200 kg makhana max 650 rupees kg")
    buyer.tap("Yes, right")
    demand = re.search(r"D-\d+", buyer.text).group(0)
    buyer.say("need 30 kg aloo")
    buyer.tap("Yes, right")  # potatoes are not made in Baisi: not in its digest
    assert digests.run(runtime, force=True) == 1
    runtime.dispatcher.run_once()
    (digest,) = digests_in(client, "baisi-didis", "📣")
    assert digest.startswith("📣 खरीदारों की माँग (Baisi, पूर्णिया):\n"), digest
    assert f"पटना के खरीदार: 200 किलो मखाना ₹650/किलो तक ({demand})" in digest
    assert f"{demand}: https://t.me/{BOT}?start={demand}" in digest and "आलू" not in digest

    # A didi of the group sends the code in her private chat: her listing is offered to the buyer.
    other = didi(chat, "pd6", "purnia", "baisi", "+919811100006")
    other.say(f"/start {demand}")
    assert "पटना के खरीदार को 200 किलो मखाना चाहिए" in other.text
    other.tap("रुचि है")
    assert "मखाना" in other.text  # no listing of hers yet: list it first
    lists(other, "250 kilo makhana 640 rupaye kilo")
    other.say(demand)
    other.tap("रुचि है")
    runtime.dispatcher.run_once()
    assert any(demand in m["text"] and "250 kg" in m["text"] for m in buyer.inbox()), buyer.inbox()[-1]


def test_scheduled_digests_keep_quiet_hours_and_the_gap(chat, client, runtime):
    with_digests(runtime, every_hours=6)
    register_group(client, runtime, "purnia-city", "buyers", district=PURNIA)
    a = didi(chat, "pd7", "purnia", "baisi", "+919811100007")
    lists(a, "100 kilo makhana 650 rupaye kilo")
    quiet_now(runtime)
    assert digests.city_groups(runtime) == 0  # night: the scheduled run waits
    no_quiet_hours(runtime)
    assert digests.city_groups(runtime) == 1
    lists(a, "20 kilo shahad 400 rupaye kilo")
    assert digests.city_groups(runtime, utcnow() + timedelta(hours=1)) == 0  # within 6 hours of the last
    assert digests.city_groups(runtime, utcnow() + timedelta(hours=7)) == 1
    jobs = {job_id: trigger for job_id, _, trigger in digests.jobs(runtime)}
    assert jobs["city_digest_0"] == {"trigger": "cron", "hour": 18, "minute": 0}
    assert jobs["village_digest_0"] == {"trigger": "cron", "hour": 8, "minute": 0}


def register_for_purnia_buyers_and_list(rt, address: str, *, quantity: int, price: int) -> None:
    """The one recorded group (or channel) set to Purnia's buyers, as staff register it, and a didi of Baisi
    (Telegram `address`) with a makhana listing of `quantity` kg at `price`."""
    now = utcnow()
    with rt.db.session() as session:
        chat = session.scalar(select(GroupChat))
        chat.district_code, chat.audience, chat.registered_at = PURNIA, "buyers", now
        didi_row = User(channel="telegram", address=address, role="didi", language="hi", onboarded=True,
                        district_code=PURNIA, block_code=places.find_block(PURNIA, "Baisi").code, name="Sita")
        session.add(didi_row)
        session.flush()
        session.add(Listing(user_id=didi_row.id, product="makhana", quantity=quantity, unit="kg", price=price,
                            district_code=PURNIA, block_code=didi_row.block_code, ships=True, created_at=now,
                            expires_at=now + timedelta(days=30)))


def test_a_real_telegram_group_gets_its_digest_through_the_ptb_standin(live, standins):
    rt, client = live
    tg, _ = standins
    no_quiet_hours(rt)
    with_digests(rt)
    group = json.loads((FIXTURES / "telegram" / "update_group_message.json").read_text())
    group["message"]["text"] = "/register"
    group["message"]["entities"] = [{"offset": 0, "length": 9, "type": "bot_command"}]
    assert tg_post(client, group).status_code == 200  # the group is recorded (its area set below, as staff would)
    register_for_purnia_buyers_and_list(rt, "5555555", quantity=300, price=700)
    assert digests.run(rt, force=True) == 1
    rt.dispatcher.run_once()
    sent = [p for p in tg.params("sendMessage") if str(p["chat_id"]) == "-1001234567890" and "🧺" in p["text"]]
    assert len(sent) == 1 and "मखाना 300 किलो (1 दीदी) ₹700/किलो" in sent[0]["text"]
    assert f"🚚: https://t.me/{BOT}?start=L-" in sent[0]["text"]


def test_staff_widen_a_city_group_to_all_of_bihar_and_narrow_it_to_products(chat, client, runtime):
    no_quiet_hours(runtime)
    with_digests(runtime)
    register_group(client, runtime, "purnia-wide", "buyers", district=PURNIA)
    assert "सिर्फ़ जीविका के दर्ज कर्मचारी" in in_group(client, "purnia-wide", "stranger", "/digest bihar")[-1]["text"]
    reply = in_group(client, "purnia-wide", "admin1", "/digest bihar makhana")[-1]["text"]
    assert reply.startswith("इस ग्रुप के डाइजेस्ट में: पूरे बिहार · मखाना।"), reply
    a = didi(chat, "pd8", "purnia", "baisi", "+919811100008")
    lists(a, "20 kilo shahad 400 rupaye kilo")
    p = didi(chat, "pd9", "patna", "bihta", "+919811100009")
    patna_code = lists(p, "50 kilo makhana 700 rupaye kilo")
    assert digests.run(runtime, force=True) == 1
    runtime.dispatcher.run_once()
    (digest,) = digests_in(client, "purnia-wide", "🧺")
    assert digest.startswith("🧺 आज पटना से:\n• मखाना 50 किलो (1 दीदी) ₹700/किलो") and patna_code in digest
    assert "शहद" not in digest
    reply = in_group(client, "purnia-wide", "admin1", "/digest zila sab")[-1]["text"]
    assert reply.startswith("इस ग्रुप के डाइजेस्ट में: पूर्णिया · सब सामान।"), reply


def test_digests_are_posted_in_the_groups_language_which_staff_of_the_area_set(chat, client, runtime):
    no_quiet_hours(runtime)
    with_digests(runtime)
    with runtime.db.session() as session:
        session.add(User(channel="simulator", address="admin_en", role="admin", language="en", onboarded=True,
                         name="Admin"))
    in_group(client, "purnia-en", "admin_en", "/register")
    with runtime.db.sessions() as session:
        gid = session.scalar(select(GroupChat.id).where(GroupChat.chat_id == "group:purnia-en"))
    done = in_group(client, "purnia-en", "admin_en", button=f"greg:{gid}:s:district:{PURNIA}:buyers")
    assert "is registered" in done[-1]["text"], done
    baisi = places.find_block(PURNIA, "Baisi").code
    register_group(client, runtime, "baisi-village", "didis", district=PURNIA, block=baisi)  # by Hindi staff
    a = didi(chat, "pd20", "purnia", "baisi", "+919811100020")
    lists(a, "1500 kilo makhana 650 rupaye kilo")
    buyer = buyer_in(chat, "langbuyer", phone="+919900055020")
    buyer.say("need 200 kg makhana max 650 rupees kg")
    buyer.tap("Yes, right")

    assert digests.run(runtime, force=True) == 2
    runtime.dispatcher.run_once()
    (city,) = digests_in(client, "purnia-en", "🧺")
    assert city.startswith("🧺 Today from Purnia:\n• Makhana") and "Tap a code" in city, city
    (village,) = digests_in(client, "baisi-village", "📣")
    assert village.startswith("📣 खरीदारों की माँग"), village

    # Staff switch each: the city group to Hindi, the village group to English.
    assert "हिन्दी में" in in_group(client, "purnia-en", "admin1", "/digest hindi")[-1]["text"]
    assert "in English" in in_group(client, "baisi-village", "admin1", "/digest english")[-1]["text"]
    assert "सिर्फ़ जीविका" in in_group(client, "baisi-village", "stranger", "/digest english")[-1]["text"]
    with runtime.db.sessions() as session:
        assert {g.chat_id: g.language for g in session.scalars(select(GroupChat))} == {
            "group:purnia-en": "hi", "group:baisi-village": "en"}
    lists(a, "40 kilo shahad 400 rupaye kilo")
    buyer.say("need 100 kg makhana max 640 rupees kg")
    buyer.tap("Yes, right")
    assert digests.run(runtime, force=True) == 2
    runtime.dispatcher.run_once()
    assert digests_in(client, "purnia-en", "🧺")[-1].startswith("🧺 आज पूर्णिया से:\n• शहद")
    assert digests_in(client, "baisi-village", "📣")[-1].startswith("📣 What buyers want (Baisi, Purnia):")


def test_a_telegram_channel_the_bot_admins_gets_its_digest_through_the_ptb_standin(live, standins):
    """A channel (the bot made its administrator, my_chat_member) is recorded like a group and gets the digest."""
    rt, client = live
    tg, _ = standins
    no_quiet_hours(rt)
    with_digests(rt)
    added = json.loads((FIXTURES / "telegram" / "update_my_chat_member_blocked.json").read_text())
    added["update_id"] += 500
    added["my_chat_member"]["chat"] = {"id": -1009876543210, "type": "channel", "title": "Purnia Makhana Mandi"}
    added["my_chat_member"]["old_chat_member"]["status"] = "left"
    added["my_chat_member"]["new_chat_member"] = {**added["my_chat_member"]["new_chat_member"], "status": "administrator",
                                                  "can_post_messages": True, "can_be_edited": False,
                                                  "is_anonymous": False, "can_manage_chat": True,
                                                  "can_delete_messages": False, "can_manage_video_chats": False,
                                                  "can_restrict_members": False, "can_promote_members": False,
                                                  "can_change_info": False, "can_invite_users": False,
                                                  "can_post_stories": False, "can_edit_stories": False,
                                                  "can_delete_stories": False}
    assert tg_post(client, added).status_code == 200
    with rt.db.sessions() as session:
        chat = session.scalar(select(GroupChat))
        assert (chat.chat_id, chat.title) == ("-1009876543210", "Purnia Makhana Mandi")
    register_for_purnia_buyers_and_list(rt, "5555556", quantity=200, price=690)
    assert digests.run(rt, force=True) == 1
    rt.dispatcher.run_once()
    sent = [p for p in tg.params("sendMessage") if str(p["chat_id"]) == "-1009876543210"]
    assert len(sent) == 1 and "मखाना 200 किलो (1 दीदी) ₹690/किलो" in sent[0]["text"]
    assert "reply_markup" not in sent[0] or not sent[0]["reply_markup"]  # a channel post carries no buttons
