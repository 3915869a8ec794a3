"""Telegram adapter: fixture updates -> Incoming, and the real PTB Bot against a local stand-in."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.channels.base import MediaError, Sender, render_numbered, truncate, utf16_len
from bot.channels.telegram import TelegramSender, parse_update, route_key
from bot.messages import Media, Option, Outgoing
from tests.standins import BOT_USER, telegram_standin

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


# fixture -> expected Incoming fields (fields not listed keep their defaults)
EXPECTED = {
    "update_message_start_command": dict(address="1111111", provider_id="10000", text="/start", name="Test Lastname"),
    "update_message_deeplink_start": dict(address="1111111", provider_id="10001", text="/start ref_staff42"),
    "update_callback_query_inline_keyboard": dict(
        address="1111111", provider_id="10002", button="price:onion", callback_id="4382bfdwdsb323b2d9", text=""
    ),
    "update_callback_query_inline_message": dict(
        address="1111111", provider_id="10003", button="Data from button callback", callback_id="4382bfdwdsb323b2e0"
    ),
    "update_message_photo_caption": dict(
        provider_id="10004",
        text="Onion lot, 40 bags, grade A",
        media=[Media(ref="AgACAgUAAxkBAAIBQ2Zlarge", content_type="image/jpeg")],
    ),
    "update_message_location": dict(provider_id="10005", location=(20.0112, 74.0055), text=""),
    "update_message_contact_shared": dict(provider_id="10006", phone="+919812345678"),
    "update_group_message": dict(
        address="-1001234567890",
        provider_id="10007",
        chat_kind="group",
        text="/prices onion",
        group_title="Nashik Onion Traders",
        name="Test Lastname",
    ),
    "update_my_chat_member_blocked": dict(address="1111111", provider_id="10009", group_event="blocked"),
}
DEFAULTS = dict(button=None, callback_id=None, phone=None, media=[], location=None, group_event=None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_updates_parse(name: str) -> None:
    incoming = parse_update(load(name))
    assert incoming is not None
    assert incoming.channel == "telegram"
    expected = {**DEFAULTS, "chat_kind": "private", "name": "Test Lastname", **EXPECTED[name]}
    for key, value in expected.items():
        assert getattr(incoming, key) == value, key


def test_every_fixture_is_covered() -> None:
    names = {p.stem for p in FIXTURES.glob("update_*.json")}
    assert names == set(EXPECTED) | {"update_edited_message"}


def test_edited_message_is_ignored() -> None:
    assert parse_update(load("update_edited_message")) is None


def test_voice_note_and_image_document_become_media() -> None:
    data = load("update_message_location")
    del data["message"]["location"]
    data["message"]["voice"] = {"file_id": "AwACvoice", "file_unique_id": "AgADv", "duration": 4, "mime_type": "audio/ogg"}
    assert parse_update(data).media == [Media(ref="AwACvoice", content_type="audio/ogg")]
    del data["message"]["voice"]
    data["message"]["document"] = {"file_id": "BQACdoc", "file_unique_id": "AgADd", "mime_type": "image/png"}
    assert parse_update(data).media == [Media(ref="BQACdoc", content_type="image/png")]


def test_someone_elses_contact_sets_no_phone() -> None:
    data = load("update_message_contact_shared")
    data["message"]["contact"]["user_id"] = 2222222
    incoming = parse_update(data)
    assert incoming is not None and incoming.phone is None


def test_contact_without_plus_is_normalised() -> None:
    data = load("update_message_contact_shared")
    data["message"]["contact"]["phone_number"] = "919812345678"
    assert parse_update(data).phone == "+919812345678"


def test_command_for_another_bot_is_ignored_when_username_known() -> None:
    data = load("update_group_message")
    assert parse_update(data, bot_username="mandi_demo_bot").text == "/prices onion"
    assert parse_update(data, bot_username="other_bot") is None


def test_bot_added_to_and_removed_from_group() -> None:
    data = load("update_my_chat_member_blocked")
    change = data["my_chat_member"]
    change["chat"] = {"id": -1001234567890, "type": "supergroup", "title": "Nashik Onion Traders"}
    change["old_chat_member"]["status"] = "left"
    change["new_chat_member"] = {"status": "member", "user": change["old_chat_member"]["user"]}
    added = parse_update(data)
    assert (added.group_event, added.chat_kind, added.address, added.group_title) == (
        "added", "group", "-1001234567890", "Nashik Onion Traders"
    )
    change["old_chat_member"]["status"] = "administrator"
    change["old_chat_member"].update(
        can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
        can_manage_video_chats=True, can_restrict_members=True, can_promote_members=False,
        can_change_info=True, can_invite_users=True, can_post_stories=False, can_edit_stories=False,
        can_delete_stories=False,
    )
    change["new_chat_member"] = {"status": "kicked", "until_date": 0, "user": change["old_chat_member"]["user"]}
    assert parse_update(data).group_event == "removed"


def test_user_unblocking_the_bot() -> None:
    data = load("update_my_chat_member_blocked")
    change = data["my_chat_member"]
    change["old_chat_member"], change["new_chat_member"] = (
        {"status": "kicked", "until_date": 0, "user": change["old_chat_member"]["user"]},
        {"status": "member", "user": change["old_chat_member"]["user"]},
    )
    assert parse_update(data).group_event == "unblocked"


def test_group_service_message_is_ignored() -> None:
    data = load("update_group_message")
    del data["message"]["text"], data["message"]["entities"]
    data["message"]["new_chat_members"] = [{"id": 3333333, "is_bot": False, "first_name": "New"}]
    assert parse_update(data) is None


@pytest.mark.parametrize(
    "key", sorted(k for k in json.loads((FIXTURES / "official_docs_examples_legacy.json").read_text()) if not k.startswith("_"))
)
def test_legacy_examples_raise_value_error(key: str) -> None:
    with pytest.raises(ValueError):
        parse_update(load("official_docs_examples_legacy")[key])


@pytest.mark.parametrize("body", [{}, {"update_id": "x"}, {"update_id": 5, "message": "text"}, None])
def test_garbage_raises_value_error(body) -> None:
    with pytest.raises(ValueError):
        parse_update(body)


def test_unknown_update_kind_is_none() -> None:
    assert parse_update({"update_id": 42}) is None


# --------------------------------------------------------------------------- helpers


def test_render_numbered() -> None:
    message = Outgoing("Choose", [Option("Onion", "price:onion"), Option("Tomato", "price:tomato")])
    assert render_numbered(message) == "Choose\n\n1. Onion\n2. Tomato"
    assert render_numbered(Outgoing("plain")) == "plain"


def test_truncate_counts_utf16_and_keeps_words() -> None:
    text = "प्याज़ " * 1000
    cut = truncate(text, 100)
    assert utf16_len(cut) <= 100 and cut.endswith("\u2026") and cut[:-1].endswith("प्याज़")
    assert utf16_len(truncate("😀" * 100, 11)) <= 11


# --------------------------------------------------------------------------- sender


@pytest.fixture
def tg(httpserver):
    return telegram_standin(httpserver)


@pytest.fixture
def sender(tg):
    s = TelegramSender(tg.token, base_url=tg.base_url)
    yield s
    s.close()


def test_sender_is_a_sender(sender) -> None:
    assert isinstance(sender, Sender) and sender.channel == "telegram"


def test_send_message_with_inline_keyboard(tg, sender) -> None:
    result = sender.send("1111111", Outgoing("Choose", [Option("Onion", "price:onion"), Option("Tomato", "price:tomato")]))
    assert result.ok and result.provider_id
    assert len(tg.calls_to("getMe")) == 1
    (params,) = tg.params("sendMessage")
    assert params["chat_id"] == "1111111"
    assert params["text"] == "Choose"
    assert params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Onion", "callback_data": "price:onion"}],
            [{"text": "Tomato", "callback_data": "price:tomato"}],
        ]
    }


def test_two_sends_in_a_row_and_from_threads(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("one")).ok
    assert sender.send("1111111", Outgoing("two")).ok
    results = []
    threads = [threading.Thread(target=lambda i=i: results.append(sender.send("1111111", Outgoing(f"t{i}")))) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results) and len(results) == 4
    assert len(tg.calls_to("sendMessage")) == 6
    assert len(tg.calls_to("getMe")) == 1  # initialised once


def test_callback_data_is_cut_to_64_bytes(tg, sender) -> None:
    sender.send("1111111", Outgoing("x", [Option("Long", "क" * 40)]))
    data = tg.params("sendMessage")[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64 and data == "क" * 21


def test_long_text_is_shortened(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("word " * 2000)).ok
    assert utf16_len(tg.params("sendMessage")[0]["text"]) <= 4096


def test_send_photo_by_url(tg, sender) -> None:
    result = sender.send("1111111", Outgoing("Onion lot", [Option("Buy", "buy:1")], photo="https://example.org/p/1.jpg"))
    assert result.ok
    (params,) = tg.params("sendPhoto")
    assert params["photo"] == "https://example.org/p/1.jpg"
    assert params["caption"] == "Onion lot"
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "buy:1"
    assert not tg.calls_to("sendMessage")


@pytest.mark.parametrize("as_uri", [False, True])
def test_send_photo_from_local_file_uploads_bytes(tg, sender, tmp_path, as_uri) -> None:
    path = tmp_path / "lot.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0fake-jpeg")
    ref = path.as_uri() if as_uri else str(path)
    assert sender.send("1111111", Outgoing("lot", photo=ref)).ok
    (call,) = tg.calls_to("sendPhoto")
    assert call.files["photo"] == b"\xff\xd8\xff\xe0fake-jpeg"
    assert call.content_type.startswith("multipart/form-data")


def test_missing_local_photo_is_permanent(sender) -> None:
    result = sender.send("1111111", Outgoing("lot", photo="/nonexistent/lot.jpg"))
    assert not result.ok and result.permanent


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB's RetryAfter
def test_429_gives_retry_after(tg, sender) -> None:
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    result = sender.send("1111111", Outgoing("hi"))
    assert (result.ok, result.retry_after, result.permanent, result.user_gone) == (False, 7, False, False)
    assert sender.send("1111111", Outgoing("hi again")).ok


def test_403_blocked_means_user_gone(tg, sender) -> None:
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    result = sender.send("1111111", Outgoing("hi"))
    assert not result.ok and result.permanent and result.user_gone
    assert "blocked" in result.error


def test_400_is_permanent(tg, sender) -> None:
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    result = sender.send("999", Outgoing("hi"))
    assert not result.ok and result.permanent and not result.user_gone


def test_502_is_temporary(tg, sender) -> None:
    tg.fail_next("sendMessage", 502, "Bad Gateway")
    result = sender.send("1111111", Outgoing("hi"))
    assert not result.ok and not result.permanent and result.retry_after is None


def test_unreachable_api_is_temporary() -> None:
    s = TelegramSender("1:x", base_url="http://127.0.0.1:9/bot", timeout=20)
    try:
        result = s.send("1111111", Outgoing("hi"))
    finally:
        s.close()
    assert not result.ok and not result.permanent


def test_a_stalled_bot_api_call_times_out_as_temporary_and_others_go_on() -> None:
    """A send the Bot API does not answer ends, after the sender's timeout, as a temporary failure
    (the outbox retries it); sends to other chats meanwhile go through on other connections."""
    server = HTTPServer(host="127.0.0.1", threaded=True)  # answers concurrently, like Telegram
    server.start()
    tg = telegram_standin(server)
    tg.behaviour.slow["2222222"] = 3.0
    s = TelegramSender(tg.token, base_url=tg.base_url, timeout=1.0)
    try:
        s.warm()
        stalled = s.submit("2222222", Outgoing("held"))
        others = [s.send(str(3333330 + n), Outgoing(f"hi {n}")) for n in range(3)]
        result = stalled.result(10)
    finally:
        s.close()
        server.stop()
    assert all(r.ok for r in others)
    assert not result.ok and not result.permanent and "Timed out" in result.error


def test_answer_callback(tg, sender) -> None:
    sender.answer_callback("4382bfdwdsb323b2d9")
    assert tg.params("answerCallbackQuery") == [{"callback_query_id": "4382bfdwdsb323b2d9"}]


def test_answer_callback_error_is_swallowed(tg, sender) -> None:
    tg.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired")
    sender.answer_callback("old")  # no exception


def test_set_webhook(tg, sender) -> None:
    assert sender.set_webhook("https://bot.example.org/webhook/telegram", "s3cret_-X", ["message", "callback_query", "my_chat_member"])
    (params,) = tg.params("setWebhook")
    assert params["url"] == "https://bot.example.org/webhook/telegram"
    assert params["secret_token"] == "s3cret_-X"
    assert params["allowed_updates"] == ["message", "callback_query", "my_chat_member"]


def test_download_file(tg, sender) -> None:
    tg.add_file("AgACAgUAAxkBAAIBQ2Zlarge", b"jpeg-bytes")
    assert sender.download_file("AgACAgUAAxkBAAIBQ2Zlarge") == b"jpeg-bytes"
    assert tg.params("getFile") == [{"file_id": "AgACAgUAAxkBAAIBQ2Zlarge"}]


def test_download_file_error_raises_media_error(tg, sender) -> None:
    tg.fail_next("getFile", 400, "Bad Request: file is too big")
    with pytest.raises(MediaError):
        sender.download_file("big")


def test_close_then_send_again_restarts(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("one")).ok
    sender.close()
    sender.close()
    assert sender.send("1111111", Outgoing("two")).ok
    assert len(tg.calls_to("getMe")) == 2


def test_stand_in_bot_user_is_a_bot() -> None:
    assert BOT_USER["is_bot"] is True


# --------------------------------------------------------------------------- odd bodies


def _start(**message) -> dict:
    data = load("update_message_start_command")
    data["message"].update(message)
    return data


ODD = {
    "text is a number": lambda: _start(text=5),
    "text is an object": lambda: _start(text={}),
    "caption is a list": lambda: {**load("update_message_photo_caption"),
                                  "message": {**load("update_message_photo_caption")["message"], "caption": ["x"]}},
    "no chat": lambda: {"update_id": 1, "message": {k: v for k, v in _start()["message"].items() if k != "chat"}},
    "chat id is text": lambda: _start(chat={"id": "1111111", "type": "private"}),
    "chat id is a float": lambda: _start(chat={"id": 1111111.0, "type": "private"}),
    "chat id is huge": lambda: _start(chat={"id": 10**30, "type": "private"}),
    "update_id is huge": lambda: {**_start(), "update_id": 10**30},
    "last name is a number": lambda: _start(**{"from": {"id": 1111111, "is_bot": False, "first_name": "A", "last_name": 5}}),
    "latitude is text": lambda: _start(location={"latitude": "20.0", "longitude": 74.0}),
    "latitude out of range": lambda: _start(location={"latitude": 91.0, "longitude": 74.0}),
    "photo file id too long": lambda: _start(photo=[{"file_id": "A" * 501, "file_unique_id": "u", "width": 9, "height": 9}]),
    "photo width is text": lambda: _start(photo=[{"file_id": "A", "file_unique_id": "u", "width": "9", "height": 9}]),
    "voice mime type is a number": lambda: _start(voice={"file_id": "A", "file_unique_id": "u", "duration": 1, "mime_type": 5}),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_bodies_raise_value_error(name: str) -> None:
    with pytest.raises(ValueError):
        parse_update(ODD[name]())


def test_callback_data_over_64_bytes_and_missing_sender_raise_value_error() -> None:
    data = load("update_callback_query_inline_keyboard")
    data["callback_query"]["data"] = "क" * 21  # 63 bytes: fine
    assert parse_update(data).button == "क" * 21
    data["callback_query"]["data"] = "क" * 22  # 66 bytes: Telegram never sends this
    with pytest.raises(ValueError):
        parse_update(data)
    data = load("update_callback_query_inline_message")
    del data["callback_query"]["from"]
    with pytest.raises(ValueError):
        parse_update(data)


def test_largest_ids_telegram_uses_still_parse() -> None:
    big = -(2**52) + 1  # Bot API: ids have at most 52 significant bits
    incoming = parse_update({**_start(chat={"id": big, "type": "supergroup", "title": "G"}), "update_id": 2**31 - 1})
    assert (incoming.address, incoming.provider_id, incoming.chat_kind) == (str(big), str(2**31 - 1), "group")


def test_long_group_title_is_cut_to_its_column() -> None:
    incoming = parse_update(_start(chat={"id": -100, "type": "supergroup", "title": "x" * 300}, text="/help"))
    assert incoming.group_title == "x" * 255


def _channel_change(old: dict, new: dict) -> dict:
    data = load("update_my_chat_member_blocked")
    bot = data["my_chat_member"]["old_chat_member"]["user"]
    data["my_chat_member"].update(
        chat={"id": -1001987654321, "type": "channel", "title": "Nalanda notices"},
        old_chat_member={**old, "user": bot}, new_chat_member={**new, "user": bot})
    return data


CHANNEL_ADMIN = {
    "status": "administrator", "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": True, "can_restrict_members": True,
    "can_promote_members": False, "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
    "can_edit_stories": False, "can_delete_stories": False, "can_post_messages": True, "can_edit_messages": True,
}


def test_bot_added_to_and_removed_from_channel() -> None:
    added = parse_update(_channel_change({"status": "left"}, CHANNEL_ADMIN))
    assert (added.group_event, added.chat_kind, added.address, added.group_title) == (
        "added", "channel", "-1001987654321", "Nalanda notices"
    )
    removed = parse_update(_channel_change(CHANNEL_ADMIN, {"status": "left"}))
    assert (removed.group_event, removed.chat_kind) == ("removed", "channel")
    assert parse_update(_channel_change(CHANNEL_ADMIN, {**CHANNEL_ADMIN, "can_edit_messages": False})) is None


def test_button_under_a_channel_post_is_not_a_private_chat() -> None:
    data = load("update_callback_query_inline_keyboard")
    data["callback_query"]["message"]["chat"] = {"id": -1001987654321, "type": "channel", "title": "Nalanda notices"}
    incoming = parse_update(data)
    assert (incoming.chat_kind, incoming.address, incoming.group_title) == ("channel", "-1001987654321", "Nalanda notices")


def test_channel_post_is_ignored() -> None:
    assert parse_update({"update_id": 7, "channel_post": {
        "message_id": 1, "date": 1700000000, "chat": {"id": -1001987654321, "type": "channel", "title": "N"},
        "text": "hello"}}) is None


# --------------------------------------------------------------------------- contact keyboard removal


def test_remove_keyboard_on_a_plain_message(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("Thank you, Sunita didi!", remove_keyboard=True)).ok
    (params,) = tg.params("sendMessage")
    assert params["reply_markup"] == {"remove_keyboard": True}
    assert params["text"] == "Thank you, Sunita didi!"


def test_remove_keyboard_with_options_numbers_them(tg, sender) -> None:
    message = Outgoing("Menu", [Option("Sell", "menu:sell"), Option("Buy", "menu:buy")], remove_keyboard=True)
    assert sender.send("1111111", message).ok
    (params,) = tg.params("sendMessage")
    assert params["reply_markup"] == {"remove_keyboard": True}
    assert params["text"] == "Menu\n\n1. Sell\n2. Buy"


def test_remove_keyboard_with_a_photo(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("lot", photo="https://example.org/p/1.jpg", remove_keyboard=True)).ok
    assert tg.params("sendPhoto")[0]["reply_markup"] == {"remove_keyboard": True}


def test_plain_messages_carry_no_keyboard_by_default(tg, sender) -> None:
    assert sender.send("1111111", Outgoing("hi")).ok
    assert "reply_markup" not in tg.params("sendMessage")[0]


def test_remove_keyboard_survives_the_outbox_payload() -> None:
    message = Outgoing("Thanks", remove_keyboard=True)
    assert Outgoing.from_payload(message.to_payload()) == message
    assert Outgoing.from_payload({"text": "old row"}).remove_keyboard is False


def _with_variants() -> list[dict]:
    """Every update fixture, and the shapes route_key must read as parse_update does."""
    found = [json.loads(p.read_text()) for p in sorted(FIXTURES.glob("update_*.json"))]
    inline = load("update_callback_query_inline_keyboard")
    inline["callback_query"].pop("message")  # a button under an inline-mode message: her private chat
    inline["callback_query"]["inline_message_id"] = "AAAAAgAAAAAAAAAA"
    channel = load("update_callback_query_inline_keyboard")
    channel["callback_query"]["message"]["chat"] = {"id": -1001987654321, "type": "channel", "title": "Nalanda"}
    return found + [inline, channel, _channel_change({"status": "left"}, CHANNEL_ADMIN)]


@pytest.mark.parametrize("update", _with_variants(), ids=lambda u: next(k for k in u if k != "update_id"))
def test_route_key_reads_the_id_and_sender_parse_update_gives(update) -> None:
    """The webhook stores an update under route_key's (id, address) and the handler parses it later:
    they must be the sender parse_update finds, or one person's messages could be handled out of order."""
    key = route_key(update)
    parsed = parse_update(update)
    if "edited_message" in update:  # not acted on: nothing to order
        assert parsed is None
        return
    assert key == (parsed.provider_id, parsed.address)


@pytest.mark.parametrize("update", [
    {"update_id": "5", "message": {"chat": {"id": 1}}}, {"update_id": True, "message": {"chat": {"id": 1}}},
    {"update_id": 5, "message": {"chat": {"id": "1"}}}, {"update_id": 5, "message": {"chat": None}},
    {"update_id": 5, "message": []}, {"update_id": 5, "callback_query": {"from": {"id": 2**70}}},
    {"update_id": 5, "edited_message": {"chat": {"id": 1}}}, {"update_id": 5}])
def test_route_key_leaves_odd_shapes_to_the_full_parse(update) -> None:
    assert route_key(update) is None
