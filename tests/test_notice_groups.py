"""Groups through the simulator: staff register a group with /register (or from their private
chat), others cannot; a notice to the area reaches the group without the private-chat option."""
from __future__ import annotations

from sqlalchemy import select

from bot import places
from bot.scheduler import run_all
from models import GroupChat, OutboxMessage
from tests.notice_helpers import enrol, no_quiet_hours, person
from tests.test_notices import bihta_staff, notices_to


def in_group(client, group: str, user: str, text: str = "", button: str | None = None) -> list[dict]:
    body = {"group": group, "user": user, "text": text}
    if button:
        body["button"] = button
    response = client.post("/simulator/api/messages", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["replies"]


def posted(client, group: str) -> list[dict]:
    response = client.get("/simulator/api/messages", query_string={"group": group})
    assert response.status_code == 200
    return response.get_json()


def option(replies: list[dict], label: str) -> str:
    for m in reversed(replies):
        for o in m["options"]:
            if label in o["label"]:
                return o["value"]
    raise AssertionError(f"no {label!r} in {[o['label'] for m in replies for o in m['options']]}")


def test_staff_register_a_group_and_a_notice_reaches_it(chat, client, runtime, monkeypatch):
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    didi = person(chat, "sita")
    assert in_group(client, "bihta-didis", "sita", "नमस्ते सब")[0]["text"]  # the bot joins and says hello
    refused = in_group(client, "bihta-didis", "sita", "/register")
    assert "सिर्फ़ जीविका के दर्ज कर्मचारी" in refused[-1]["text"]
    stranger = in_group(client, "bihta-didis", "nobody", "/register")
    assert "सिर्फ़ जीविका के दर्ज कर्मचारी" in stranger[-1]["text"]

    asked = in_group(client, "bihta-didis", "bpm", "/register")
    assert "यह ग्रुप किसके लिए है?" in asked[-1]["text"]  # block staff: their block, no question
    forged = in_group(client, "bihta-didis", "sita", button=option(asked, "दीदियां"))  # a didi taps staff's button
    assert "सिर्फ़ जीविका के दर्ज कर्मचारी" in forged[-1]["text"]
    done = in_group(client, "bihta-didis", "bpm", button=option(asked, "दीदियां"))
    assert "जुड़ गया: बिहटा प्रखंड (पटना), दीदियां (गांव)" in done[-1]["text"]
    with runtime.db.sessions() as session:
        group = session.scalar(select(GroupChat).where(GroupChat.chat_id == "group:bihta-didis"))
        assert (group.block_code, group.audience) == (places.find_block(212, "Bihta").code, "didis")
    other_block = in_group(client, "bihta-didis", "bpm", button=f"greg:{group.id}:s:block:{group.block_code + 1}:didis")
    assert "आपके अधिकार में नहीं" in other_block[-1]["text"]

    staff.say("मेनू")
    staff.tap("सूचना भेजें")
    staff.say("ग्रुप और दीदियों के लिए: मेला रविवार को")
    staff.tap("हिन्दी ही भेजें")
    staff.tap("बिना फोटो")
    staff.tap("दीदियां")
    staff.tap("सबको")
    assert "इस क्षेत्र के 1 ग्रुप में भी भेजें?" in staff.text
    staff.tap("हाँ")
    staff.tap("कार्यालय")
    assert "यह 1 लोगों तक जाएगी (Simulator 1) और 1 ग्रुप" in staff.text
    staff.tap("अभी भेजें")
    run_all(runtime)
    in_the_group = [m for m in posted(client, "bihta-didis") if m["text"].startswith("📢")]
    assert len(in_the_group) == 1 and "मेला रविवार को" in in_the_group[0]["text"] and in_the_group[0]["options"] == []
    assert len(notices_to(didi)) == 1
    didi.say("1")
    assert "प्रखंड कार्यालय, बिहटा में संपर्क करें" in didi.text and "+91987" not in didi.text
    with runtime.db.sessions() as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.address == "group:bihta-didis",
                                                         OutboxMessage.notice_id.is_not(None)))
        assert row.user_id is None and row.status == "sent"


def test_district_staff_register_a_group_from_the_private_chat(chat, client, runtime, monkeypatch):
    enrol(monkeypatch, runtime, "--phone", "9876500001", "--district", "Patna", "--name", "DPM Patna", "--language", "en")
    dpm = chat("dpm", phone="+919876500001")
    dpm.say("hi")
    in_group(client, "patna-buyers", "someone", "hello")
    dpm.tap("Add a group")
    dpm.tap("patna-buyers")
    assert "Which area is this group for?" in dpm.text and "All of Patna district" in dpm.options()
    dpm.tap("All of Patna district")
    dpm.tap("Buyers (city)")
    assert "is registered: Patna district(s), Buyers (city)" in dpm.text
    with runtime.db.sessions() as session:
        group = session.scalar(select(GroupChat).where(GroupChat.chat_id == "group:patna-buyers"))
        assert (group.district_code, group.block_code, group.audience) == (212, None, "buyers")
    gaya = places.find_district("Gaya").code
    dpm.say(button=f"greg:{group.id}:s:district:{gaya}:buyers")
    assert "outside yours" in dpm.text
    with runtime.db.sessions() as session:
        assert session.get(GroupChat, group.id).district_code == 212


def test_a_notice_reaches_each_group_in_its_language(chat, client, runtime, monkeypatch):
    """A group kept in English ("/digest english") gets the notice's English text; a Hindi group the Hindi."""
    no_quiet_hours(runtime)
    staff = bihta_staff(chat, monkeypatch, runtime)
    for group in ("bihta-hindi", "bihta-english"):
        in_group(client, group, "sita", "नमस्ते")
        asked = in_group(client, group, "bpm", "/register")
        in_group(client, group, "bpm", button=option(asked, "दीदियां"))
    assert "English" in in_group(client, "bihta-english", "bpm", "/digest english")[-1]["text"]

    staff.say("मेनू")
    staff.tap("सूचना भेजें")
    staff.say("मेला रविवार को बिहटा में")
    staff.say("Fair on Sunday at Bihta")
    staff.tap("बिना फोटो")
    staff.tap("दीदियां")
    staff.tap("सबको")
    assert "इस क्षेत्र के 2 ग्रुप में भी भेजें?" in staff.text
    staff.tap("हाँ")
    staff.tap("कार्यालय")
    staff.tap("अभी भेजें")
    run_all(runtime)
    hindi = [m["text"] for m in posted(client, "bihta-hindi") if m["text"].startswith("📢")]
    english = [m["text"] for m in posted(client, "bihta-english") if m["text"].startswith("📢")]
    assert len(hindi) == 1 and "मेला रविवार को बिहटा में" in hindi[0] and "Fair on Sunday" not in hindi[0]
    assert len(english) == 1 and "Fair on Sunday at Bihta" in english[0] and "मेला" not in english[0]


def test_simulator_group_api_refuses_bad_ids(client):
    assert client.post("/simulator/api/messages", json={"group": "a b", "user": "x", "text": "hi"}).status_code == 400
    assert client.get("/simulator/api/messages", query_string={"group": "../x"}).status_code == 400
