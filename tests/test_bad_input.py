"""Bad input at the webhooks and the simulator API: authenticated but odd bodies get a 4xx or are
acknowledged and dropped, never a 500 or a hang, and leave nothing half-stored. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL, where over-long values and ids fail loudly."""
from __future__ import annotations

import copy
import json
import time

import pytest
from sqlalchemy import func, select

from models import GroupChat, Media, OutboxMessage, OutboxStatus, ProcessedUpdate, User
from tests.live import SECRET, next_id, tg_post, tg_update, wa_form, wa_post, whatsapp_reply_sent

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}


def count(rt, model, *where) -> int:
    with rt.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def still_answers(rt, client, tg) -> None:
    """A normal message afterwards is handled: the bad one broke nothing."""
    sent = len(tg.calls_to("sendMessage"))
    assert tg_post(client, tg_update(text="/start", user_id=4242424)).status_code == 200
    rt.dispatcher.run_once()
    assert len(tg.calls_to("sendMessage")) == sent + 1


# --- Telegram: odd but authenticated updates ------------------------------------------------------
def _with(change) -> dict:
    update = tg_update(text="hello", user_id=3131313)
    change(update)
    return update


def _no_chat(u):
    del u["message"]["chat"]


def _set(path: str, value):
    def change(u):
        *parents, last = path.split(".")
        node = u
        for key in parents:
            node = node[key]
        node[last] = value
    return change


ODD_UPDATES = {
    "text is a number": _set("message.text", 5),
    "text is an object": _set("message.text", {}),
    "text is a list": _set("message.text", ["hello"]),
    "caption is a number": lambda u: (u["message"].pop("text"), u["message"].__setitem__("caption", 7)),
    "no chat": _no_chat,
    "chat is a number": _set("message.chat", 5),
    "chat id is a string": _set("message.chat.id", "3131313"),
    "chat id is huge": _set("message.chat.id", 10**30),
    "update_id is huge": _set("update_id", 10**30),
    "first name is a number": _set("message.from.first_name", 5),
    "location is text": _set("message.location", {"latitude": "north", "longitude": 85.1}),
    "location is out of range": _set("message.location", {"latitude": 725.0, "longitude": 85.1}),
    "photo size is text": _set("message.photo", [{"file_id": "AgAC1", "file_unique_id": "u1", "width": "a", "height": 2}]),
    "file id too long for media.source_ref": _set(
        "message.photo", [{"file_id": "A" * 600, "file_unique_id": "u1", "width": 90, "height": 90}]),
    "document mime type is a number": _set(
        "message.document", {"file_id": "BQAC1", "file_unique_id": "u2", "mime_type": 5}),
    "contact user id is text": lambda u: u["message"].__setitem__(
        "contact", {"phone_number": "919812345678", "first_name": "T", "user_id": "3131313"}),
}


@pytest.mark.parametrize("name", sorted(ODD_UPDATES))
def test_odd_telegram_update_is_acknowledged_and_dropped(live, standins, name):
    rt, client = live
    tg, _ = standins
    response = tg_post(client, _with(ODD_UPDATES[name]))
    # 200, not 400: Telegram would resend the same unreadable body for 24 hours
    assert response.status_code == 200
    rt.dispatcher.run_once()
    assert tg.calls_to("sendMessage") == []
    assert count(rt, User) == 0 and count(rt, ProcessedUpdate) == 0
    still_answers(rt, client, tg)


@pytest.mark.parametrize("data", ["x" * 65, "क" * 22])  # over Telegram's 64 bytes
def test_callback_data_longer_than_telegram_allows_is_dropped(live, standins, data):
    rt, client = live
    tg, _ = standins
    assert tg_post(client, tg_update("button", data=data, user_id=3131313)).status_code == 200
    rt.dispatcher.run_once()
    assert tg.calls_to("sendMessage") == [] and tg.calls_to("answerCallbackQuery") == []
    assert count(rt, User) == 0


def test_long_group_title_is_kept_short_enough_for_its_column(live, standins):
    rt, client = live
    update = _membership("supergroup", "left", MEMBER, title="दीदी " * 80)
    assert tg_post(client, update).status_code == 200
    with rt.db.sessions() as session:
        group = session.scalar(select(GroupChat))
        assert group.chat_id == "-1009876543210" and group.active and 0 < len(group.title) <= 255


# --- Deeply nested JSON --------------------------------------------------------------------------
DEEP = "[" * 5000 + "]" * 5000
DEEP_FIELD = '{"update_id": 1, "message": {"text": ' + "[" * 5000 + "]" * 5000 + "}}"


@pytest.mark.parametrize("body", [DEEP, DEEP_FIELD])
def test_deeply_nested_json_is_400(live, standins, body):
    rt, client = live
    assert client.post("/webhook/telegram", data=body, headers=HEADERS).status_code == 400
    assert client.post("/simulator/api/messages", data=body, content_type="application/json").status_code == 400
    still_answers(rt, client, standins[0])


def test_long_reply_chain_is_not_a_500(live, standins):
    """Shallow enough for the JSON decoder, deep enough to exhaust python-telegram-bot's recursion."""
    rt, client = live
    chat = {"id": 3131313, "type": "private"}
    message: dict = {"message_id": 1, "date": 1, "chat": chat, "text": "x"}
    for _ in range(700):  # about 50 KB, under the 64 KB body limit
        message = {"message_id": 1, "date": 1, "chat": chat, "reply_to_message": message}
    body = json.dumps({"update_id": next_id(), "message": message}, separators=(",", ":"))
    # 200 (acknowledged, dropped) when the decoder copes, 400 when it gives up first
    assert client.post("/webhook/telegram", data=body, headers=HEADERS).status_code in (200, 400)
    rt.dispatcher.run_once()
    assert standins[0].calls_to("sendMessage") == []
    still_answers(rt, client, standins[0])


# --- WhatsApp: NumMedia and lengths ----------------------------------------------------------------
def test_huge_num_media_is_capped_and_answers_at_once(live, standins):
    rt, client = live
    _, tw = standins
    urls = {f"MediaUrl{i}": tw.add_media(b"\xff\xd8\xff\xe0jpeg") for i in range(12)}
    kinds = {f"MediaContentType{i}": "image/jpeg" for i in range(12)}
    started = time.monotonic()
    response = wa_post(client, wa_form("", NumMedia="1000000000", **urls, **kinds))
    assert response.status_code == 200 and time.monotonic() - started < 10
    rt.dispatcher.run_once()
    assert tw.messages and tw.messages[-1]["To"] == "whatsapp:+919812345678"


@pytest.mark.parametrize("field, value", [
    ("From", "whatsapp:+91" + "9" * 60),  # longer than users.address / outbox.address (64)
    ("MessageSid", "SM" + "1" * 70),  # longer than processed_updates.provider_id (64)
    ("MessageSid", "not-a-sid"),
    ("MediaUrl0", "https://api.twilio.com/" + "m" * 600),  # longer than media.source_ref (500)
])
def test_whatsapp_values_too_long_for_the_database_are_400(live, standins, field, value):
    rt, client = live
    form = wa_form("hello", **{field: value})
    if field == "MediaUrl0":
        form["NumMedia"] = "1"
    assert wa_post(client, form).status_code == 400
    rt.dispatcher.run_once()
    assert standins[1].messages == []
    assert count(rt, User) == 0 and count(rt, ProcessedUpdate) == 0 and count(rt, Media) == 0


def test_whatsapp_odd_wa_id_and_coordinates_are_ignored(live, standins):
    rt, client = live
    form = wa_form("hello", WaId="9" * 5000, Latitude="nan", Longitude="1e999")
    assert wa_post(client, form).status_code == 200
    with rt.db.sessions() as session:
        user = session.scalar(select(User))
        assert user.phone == "+919812345678"  # from the From address, not the odd WaId


# --- Status callbacks ----------------------------------------------------------------------------
@pytest.mark.parametrize("outbox_id", ["99999999999999999999999", "2147483648", "-1", "²", "1e3", ""])
def test_status_callback_with_an_impossible_outbox_id(live, standins, outbox_id):
    _, client = live
    status = {"MessageSid": "SM" + "e" * 32, "MessageStatus": "delivered"}
    assert wa_post(client, status, path=f"/webhook/whatsapp/status?outbox_id={outbox_id}").status_code == 200


@pytest.mark.parametrize("form", [
    {"MessageSid": "SM" + "1" * 70, "MessageStatus": "failed"},
    {"MessageSid": "hello", "MessageStatus": "failed"},
    {"MessageSid": "SM" + "1" * 32, "MessageStatus": "x" * 100},
])
def test_status_callback_with_a_bad_sid_or_status_is_400(live, standins, form):
    _, client = live
    assert wa_post(client, form, path="/webhook/whatsapp/status?outbox_id=1").status_code == 400


def test_status_callback_with_odd_error_code_is_not_a_500(live, standins):
    rt, client = live
    row = whatsapp_reply_sent(rt, client)
    for code in ("²", "9" * 5000):
        failed = {"MessageSid": row.provider_id, "MessageStatus": "failed", "ErrorCode": code}
        assert wa_post(client, failed, path=f"/webhook/whatsapp/status?outbox_id={row.id}").status_code == 200
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.FAILED  # failed without a usable code


# --- Telegram channels -----------------------------------------------------------------------------
BOT = {"id": 7000000001, "is_bot": True, "first_name": "MandiBot", "username": "mandi_demo_bot"}
MEMBER = {"status": "member", "user": BOT}
ADMIN = {"status": "administrator", "user": BOT, "can_be_edited": False, "is_anonymous": False,
         "can_manage_chat": True, "can_delete_messages": True, "can_manage_video_chats": True,
         "can_restrict_members": True, "can_promote_members": False, "can_change_info": True,
         "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
         "can_delete_stories": False, "can_post_messages": True, "can_edit_messages": True}


def _membership(chat_type: str, old, new, *, chat_id: int = -1009876543210, title: str = "Nalanda JEEViKA notices"):
    old = copy.deepcopy(old) if isinstance(old, dict) else {"status": old, "user": BOT}
    new = copy.deepcopy(new) if isinstance(new, dict) else {"status": new, "user": BOT}
    return {"update_id": next_id(), "my_chat_member": {
        "chat": {"id": chat_id, "type": chat_type, "title": title},
        "from": {"id": 1111111, "is_bot": False, "first_name": "BPM"}, "date": 1700000000,
        "old_chat_member": old, "new_chat_member": new}}


def test_bot_added_to_and_removed_from_a_channel_is_recorded(live, standins):
    rt, client = live
    tg, _ = standins
    assert tg_post(client, _membership("channel", "left", ADMIN)).status_code == 200
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        (group,) = session.scalars(select(GroupChat)).all()
        assert (group.channel, group.chat_id, group.title, group.active) == (
            "telegram", "-1009876543210", "Nalanda JEEViKA notices", True)
    assert tg.calls_to("sendMessage") == []  # not greeted: a post there reaches every subscriber
    assert count(rt, User) == 0  # a channel is not a person

    assert tg_post(client, _membership("channel", ADMIN, "left")).status_code == 200
    with rt.db.sessions() as session:
        group = session.scalar(select(GroupChat))
        assert not group.active and group.removed_at is not None
    rt.dispatcher.run_once()
    assert tg.calls_to("sendMessage") == []  # nothing said on leaving either
