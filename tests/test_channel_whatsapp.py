"""WhatsApp (Twilio) adapter: signatures, webhook parsing, and the real twilio Client against a
local stand-in."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from bot.channels.base import MediaError, Sender, utf16_len
from bot.channels.whatsapp import (
    StatusUpdate,
    TwilioHttp,
    WhatsAppSender,
    parse_inbound,
    parse_status,
    verify_signature,
)
from bot.messages import Media, Option, Outgoing
from tests.standins import twilio_standin

FIXTURES = Path(__file__).parent / "fixtures" / "twilio"
SIGNED = json.loads((FIXTURES / "whatsapp_webhooks_signed.json").read_text())
VECTORS = json.loads((FIXTURES / "signature_vectors_documented.json").read_text())["vectors"]
TOKEN = SIGNED["auth_token"]
FROM = "whatsapp:+14155238886"
TO = "whatsapp:+919812345678"


def form(name: str) -> MultiDict:
    """A fixture body parsed the way Flask parses it (MultiDict, blanks kept)."""
    return MultiDict(parse_qsl((FIXTURES / f"{name}.form").read_text().strip(), keep_blank_values=True))


# --------------------------------------------------------------------------- signatures

FORM_VECTORS = [v for v in VECTORS if "raw_body" not in v]


@pytest.mark.parametrize("vector", FORM_VECTORS, ids=[v["name"][:40] for v in FORM_VECTORS])
def test_documented_vectors_verify(vector) -> None:
    params = MultiDict(vector["params_multi"]) if "params_multi" in vector else vector["params"]
    assert verify_signature(vector["auth_token"], vector["url"], params, vector["expected_signature"])


def test_duplicate_keys_need_all_values() -> None:
    (vector,) = [v for v in VECTORS if "params_multi" in v]
    pairs = [tuple(p) for p in vector["params_multi"]]
    assert verify_signature(vector["auth_token"], vector["url"], pairs, vector["expected_signature"])
    assert not verify_signature(vector["auth_token"], vector["url"], dict(pairs), vector["expected_signature"])


def test_json_body_vector_verifies() -> None:
    (vector,) = [v for v in VECTORS if "raw_body" in v]
    assert verify_signature(vector["auth_token"], vector["url"], vector["raw_body"], vector["expected_signature"])


@pytest.mark.parametrize("name", sorted(SIGNED["fixtures"]))
def test_signed_webhooks_verify(name: str) -> None:
    fx = SIGNED["fixtures"][name]
    params = MultiDict(parse_qsl(fx["form_urlencoded_body"], keep_blank_values=True))
    assert verify_signature(TOKEN, fx["url"], params, fx["X-Twilio-Signature"])
    assert params.to_dict() == fx["params"]


@pytest.mark.parametrize("name", sorted(SIGNED["fixtures"]))
def test_tampered_webhooks_fail(name: str) -> None:
    fx = SIGNED["fixtures"][name]
    sig = fx["X-Twilio-Signature"]
    params = dict(fx["params"])
    assert not verify_signature(TOKEN, fx["url"] + "?x=1", params, sig)
    assert not verify_signature(TOKEN, fx["url"].replace("https://", "http://"), params, sig)
    assert not verify_signature("other_token", fx["url"], params, sig)
    changed = {**params, "To": "whatsapp:+10000000000"}
    assert not verify_signature(TOKEN, fx["url"], changed, sig)
    added = {**params, "Extra": "1"}  # an unknown extra field must count too
    assert not verify_signature(TOKEN, fx["url"], added, sig)
    assert not verify_signature(TOKEN, fx["url"], params, None)
    assert not verify_signature(TOKEN, fx["url"], params, "")


def test_recomputed_signature_for_another_url() -> None:
    fx = SIGNED["fixtures"]["whatsapp_inbound_text"]
    url = "http://localhost:5000/webhook/whatsapp"
    sig = RequestValidator(TOKEN).compute_signature(url, fx["params"])
    assert verify_signature(TOKEN, url, fx["params"], sig)


# --------------------------------------------------------------------------- parsing

INBOUND = {
    "whatsapp_inbound_text": dict(provider_id="SM11111111111111111111111111111111", text="onion price"),
    "whatsapp_inbound_image": dict(
        provider_id="MM22222222222222222222222222222222",
        text="my lot",
        media=[
            Media(
                ref="https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/"
                "MM22222222222222222222222222222222/Media/ME33333333333333333333333333333333",
                content_type="image/jpeg",
            )
        ],
    ),
    "whatsapp_inbound_location": dict(provider_id="SM44444444444444444444444444444444", text="", location=(20.0112, 74.0055)),
    "whatsapp_inbound_quick_reply": dict(provider_id="SM55555555555555555555555555555555", text="Onion", button="price:onion"),
    "whatsapp_inbound_sandbox_join": dict(provider_id="SM77777777777777777777777777777777", text="join example-word"),
}


@pytest.mark.parametrize("name", sorted(INBOUND))
def test_parse_inbound(name: str) -> None:
    incoming = parse_inbound(form(name))
    expected = {
        "channel": "whatsapp", "address": TO, "name": "Ramesh Patil", "phone": "+919812345678",
        "button": None, "media": [], "location": None, "chat_kind": "private", **INBOUND[name],
    }
    for key, value in expected.items():
        assert getattr(incoming, key) == value, key


def test_parse_inbound_from_plain_dict_and_non_phone_sender() -> None:
    data = form("whatsapp_inbound_text").to_dict()
    data.pop("WaId")
    data["From"] = "whatsapp:bsuid.abc123"
    incoming = parse_inbound(data)
    assert incoming.address == "whatsapp:bsuid.abc123" and incoming.phone is None


@pytest.mark.parametrize("missing", ["From", "MessageSid"])
def test_parse_inbound_requires_from_and_sid(missing: str) -> None:
    data = form("whatsapp_inbound_text").to_dict()
    del data[missing]
    with pytest.raises(ValueError):
        parse_inbound(data)


STATUSES = {
    "status_sent": StatusUpdate("SM88888888888888888888888888888888", "sent", None, None, TO),
    "status_delivered": StatusUpdate("SM88888888888888888888888888888888", "delivered", None, None, TO),
    "status_read": StatusUpdate("SM88888888888888888888888888888888", "read", None, None, TO),
    "status_failed_63016_outside_window": StatusUpdate("SM99999999999999999999999999999999", "failed", "63016", None, TO),
    "status_undelivered_63018_rate_limited": StatusUpdate("SMa0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0", "undelivered", "63018", None, TO),
}


@pytest.mark.parametrize("name", sorted(STATUSES))
def test_parse_status(name: str) -> None:
    assert parse_status(form(name)) == STATUSES[name]


def test_status_failure_classification() -> None:
    assert parse_status(form("status_delivered")).failure() is None
    outside = parse_status(form("status_failed_63016_outside_window")).failure()
    assert outside.permanent and not outside.user_gone and "24-hour" in outside.error
    limited = parse_status(form("status_undelivered_63018_rate_limited")).failure()
    assert not limited.permanent


def test_parse_status_requires_sid() -> None:
    with pytest.raises(ValueError):
        parse_status({"MessageStatus": "sent"})


def _media_form(num_media: str, urls: int) -> dict:
    data = form("whatsapp_inbound_text").to_dict()
    data["NumMedia"] = num_media
    for i in range(urls):
        data[f"MediaUrl{i}"] = f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME{i}"
        data[f"MediaContentType{i}"] = "image/jpeg"
    return data


@pytest.mark.parametrize("num_media, expected", [
    ("1000000000", 10), ("9" * 5000, 10), ("12", 10), ("10", 10), ("3", 3), ("0", 0), ("", 0), ("-1", 0),
    ("abc", 0), ("²", 0), ("1e9", 0),
])
def test_num_media_is_capped_at_twilios_maximum(num_media: str, expected: int) -> None:
    incoming = parse_inbound(_media_form(num_media, 12))
    assert [m.ref[-3:] for m in incoming.media] == [f"ME{i}"[-3:] for i in range(expected)]


@pytest.mark.parametrize("field, value", [
    ("From", "whatsapp:+91" + "9" * 53),  # 65 characters: longer than users.address / outbox.address
    ("MessageSid", "SM" + "1" * 63),
    ("MessageSid", "SM" + "1" * 31),  # a SID is exactly 34 characters
    ("MessageSid", "SM" + "g" * 32),
    ("MessageSid", "SM1111111111111111111111111111111²"),
])
def test_values_that_are_not_twilios_raise_value_error(field: str, value: str) -> None:
    data = form("whatsapp_inbound_text").to_dict()
    data[field] = value
    with pytest.raises(ValueError):
        parse_inbound(data)


def test_longest_address_that_fits_is_accepted() -> None:
    data = form("whatsapp_inbound_text").to_dict()
    data["From"] = "whatsapp:" + "b" * 55
    assert parse_inbound(data).address == data["From"]


def test_media_url_longer_than_its_column_raises_value_error() -> None:
    data = _media_form("1", 1)
    data["MediaUrl0"] += "x" * 500
    with pytest.raises(ValueError):
        parse_inbound(data)


@pytest.mark.parametrize("lat, lon", [("nan", "74.0"), ("20.0", "inf"), ("1e999", "74.0"), ("91", "74"),
                                      ("20", "-181"), ("20", "")])
def test_impossible_coordinates_are_dropped(lat: str, lon: str) -> None:
    data = form("whatsapp_inbound_location").to_dict()
    data.update(Latitude=lat, Longitude=lon)
    assert parse_inbound(data).location is None


@pytest.mark.parametrize("wa_id", ["9" * 5000, "²" * 12, "12"])
def test_odd_wa_id_falls_back_to_the_from_address(wa_id: str) -> None:
    data = form("whatsapp_inbound_text").to_dict()
    data["WaId"] = wa_id
    assert parse_inbound(data).phone == "+919812345678"


@pytest.mark.parametrize("sid", ["SM" + "1" * 70, "hello", ""])
def test_parse_status_refuses_what_is_not_a_sid(sid: str) -> None:
    with pytest.raises(ValueError):
        parse_status({"MessageSid": sid, "MessageStatus": "delivered"})


@pytest.mark.parametrize("code", ["²", "9" * 5000, "-1", "abc"])
def test_unreadable_error_code_is_a_final_failure(code: str) -> None:
    failure = parse_status({"MessageSid": "SM" + "1" * 32, "MessageStatus": "failed", "ErrorCode": code}).failure()
    assert failure is not None and failure.permanent and not failure.user_gone


# --------------------------------------------------------------------------- sender


@pytest.fixture
def tw(httpserver):
    return twilio_standin(httpserver)


@pytest.fixture
def sender(tw):
    s = WhatsAppSender(tw.account_sid, tw.auth_token, FROM, api_base_url=tw.base_url,
                       status_callback_base="https://bot.example.org/")
    yield s
    s.close()


def test_sender_is_a_sender(sender) -> None:
    assert isinstance(sender, Sender) and sender.channel == "whatsapp"


def test_send_posts_numbered_options_and_status_callback(tw, sender, httpserver) -> None:
    message = Outgoing("Choose", [Option("Onion", "price:onion"), Option("Tomato", "price:tomato")])
    result = sender.send(TO, message, outbox_id=42)
    assert result.ok and result.provider_id.startswith("SM")
    (request, _), = [(r, s) for r, s in httpserver.log if r.method == "POST"]
    assert request.path == f"/2010-04-01/Accounts/{tw.account_sid}/Messages.json"
    (params,) = tw.messages
    assert params["From"] == FROM and params["To"] == TO
    assert params["Body"] == "Choose\n\n1. Onion\n2. Tomato"
    assert params["StatusCallback"] == "https://bot.example.org/webhook/whatsapp/status?outbox_id=42"
    assert "MediaUrl" not in params


def test_send_photo_as_media_url(tw, sender) -> None:
    assert sender.send(TO, Outgoing("lot", photo="https://bot.example.org/media/1.jpg")).ok
    assert tw.messages[0]["MediaUrl"] == "https://bot.example.org/media/1.jpg"
    assert tw.messages[0]["Body"] == "lot"


def test_local_photo_is_refused_without_a_call(tw, sender) -> None:
    result = sender.send(TO, Outgoing("lot", photo="/var/media/1.jpg"))
    assert not result.ok and result.permanent and not tw.messages


def test_no_status_callback_without_base(tw) -> None:
    s = WhatsAppSender(tw.account_sid, tw.auth_token, FROM, api_base_url=tw.base_url)
    assert s.send(TO, Outgoing("hi"), outbox_id=1).ok
    assert "StatusCallback" not in tw.messages[0]


def test_long_body_keeps_options(tw, sender) -> None:
    message = Outgoing("भाव " * 1000, [Option("Onion", "a"), Option("Tomato", "b")])
    assert sender.send(TO, message).ok
    body = tw.messages[0]["Body"]
    assert utf16_len(body) <= 1600 and body.endswith("\n\n1. Onion\n2. Tomato")


@pytest.mark.parametrize(
    "status, code, permanent, opted_out, rate_limited",
    [
        (400, 63016, True, False, False),
        (400, 21610, True, True, False),  # STOP sent to the number: an opt-out, like its status callback
        (429, 20429, False, False, True),
        (400, 63018, False, False, True),
        (500, 20500, False, False, False),
        (400, 21211, True, False, False),
    ],
)
def test_twilio_errors_map(tw, sender, status, code, permanent, opted_out, rate_limited) -> None:
    tw.fail_next(status, code, "Twilio says no")
    result = sender.send(TO, Outgoing("hi"))
    assert (result.ok, result.permanent, result.opted_out, result.rate_limited, result.user_gone) == (
        False, permanent, opted_out, rate_limited, False)
    assert str(code) in result.error
    if code == 63016:
        assert "24-hour" in result.error


def test_bad_credentials_are_reported(tw) -> None:
    s = WhatsAppSender(tw.account_sid, "wrong", FROM, api_base_url=tw.base_url)
    result = s.send(TO, Outgoing("hi"))
    assert not result.ok and "20003" in result.error and result.credentials and not result.permanent


def test_unreachable_api_is_temporary() -> None:
    s = WhatsAppSender("AC1", "t", FROM, api_base_url="http://127.0.0.1:9", timeout=5)
    result = s.send(TO, Outgoing("hi"))
    assert not result.ok and not result.permanent


def test_download_media_with_basic_auth(tw, sender) -> None:
    url = tw.add_media(b"\xff\xd8jpeg", "image/jpeg")
    assert url.startswith("https://api.twilio.com/")
    assert sender.download_media(url) == (b"\xff\xd8jpeg", "image/jpeg")
    assert tw.media_fetches[0]["auth"] == (tw.account_sid, tw.auth_token)


def test_download_missing_media_raises(tw, sender) -> None:
    with pytest.raises(MediaError):
        sender.download_media(f"https://api.twilio.com/2010-04-01/Accounts/{tw.account_sid}/Messages/MM1/Media/MEnope")


def test_download_media_withholds_credentials_from_other_hosts(tw, sender) -> None:
    with pytest.raises(MediaError):
        sender.download_media("https://example.org/steal")
    assert not tw.media_fetches


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1", "http://h:1/2010-04-01/Accounts/AC1/Messages.json?x=1"),
        ("https://api.dublin.ie1.twilio.com/2010-04-01/A", "http://h:1/2010-04-01/A"),
        ("https://example.org/twilio.com/x", "https://example.org/twilio.com/x"),
        ("https://nottwilio.com.evil.org/x", "https://nottwilio.com.evil.org/x"),
    ],
)
def test_rewrite(url: str, expected: str) -> None:
    assert TwilioHttp("http://h:1/").rewrite(url) == expected
    assert TwilioHttp(None).rewrite(url) == url
