"""Property-based tests (hypothesis) over the three inbound surfaces and over conversations:
whatever arrives, no 500, no traceback in the log, and no message lost (each one read is answered).
Examples are bounded so the suite stays fast."""
from __future__ import annotations

import copy
import itertools
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from sqlalchemy import func, select

from models import OutboxMessage
from tests.live import FIXTURES, tg_post, wa_form, wa_post

FUZZ = hsettings(max_examples=20, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
APOLOGY = ("अभी कुछ गड़बड़ हो गई", "something went wrong")
ids = itertools.count(7_000_000)

odd_text = st.text(st.characters(codec="utf-8") | st.sampled_from(["\x00", "\u200d", "२", "\ufeff", "\r", "\n"]), max_size=60)
words = st.sampled_from(["hi", "1", "2", "3", "menu", "मेनू", "STOP", "START", "help", "cancel", "/start",
                         "50 kilo makhana hai 700 rupaye kilo", "Need 40 kg makhana in Patna, max Rs 750/kg",
                         "patna", "bihta", "L-1", "D-1", "haan", "Kamla", "जय माँ समूह", "२", "99999999999"])
buttons = st.sampled_from(["lang:hi", "lang:en", "role:didi", "role:buyer", "menu:sell", "menu:buy", "menu:mine",
                           "sell:confirm", "sell:edit", "buy:browse", "buy:browse:makhana", "buy:browse:x",
                           "connect:want:1", "connect:interest:2", "connect:deal:1:yes", "connect:lot:²",
                           "mine:renew:L-1", "mine:list", "district:99999999999", "block:1", "phone:skip",
                           "window:open", "profile:name", "x" * 64])


def tracebacks(caplog) -> list[str]:
    found = [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    caplog.clear()
    return found


def replies_to(rt, address: str) -> int:
    with rt.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.address == address))


TELEGRAM_FIXTURES = ["update_message_start_command", "update_message_photo_caption", "update_message_location",
                     "update_message_contact_shared", "update_callback_query_inline_keyboard",
                     "update_message_deeplink_start"]


def telegram_variant(name: str, text: str, first_name: str, data: str) -> tuple[dict, int, bool]:
    """A fixture update of a new chat with odd text, name and button data: (update, chat id, readable)."""
    update = copy.deepcopy(json.loads((FIXTURES / "telegram" / f"{name}.json").read_text()))
    update["update_id"] = next(ids)
    chat = next(ids)
    part = update.get("message") or update["callback_query"]
    part["from"]["id"] = chat
    (part.get("chat") or part["message"]["chat"])["id"] = chat
    part["from"]["first_name"] = first_name or "x"
    if "message" in update and "text" in update["message"]:
        update["message"]["text"] = text
        update["message"].pop("entities", None)
    if "callback_query" in update:
        update["callback_query"]["data"] = data[:20] or "x"
    readable = "callback_query" in update or bool(text.strip()) or name != "update_message_start_command"
    return update, chat, readable


@FUZZ
@given(name=st.sampled_from(TELEGRAM_FIXTURES), text=odd_text, first_name=odd_text, data=odd_text)
def test_telegram_updates(live, caplog, name, text, first_name, data):
    rt, client = live
    update, chat, readable = telegram_variant(name, text, first_name, data)
    response = tg_post(client, update)
    assert response.status_code == 200
    assert tracebacks(caplog) == []
    if readable:
        assert replies_to(rt, str(chat)) > 0  # read, so answered


@FUZZ
@given(body=odd_text, profile=odd_text, extra=st.dictionaries(st.sampled_from(["ButtonPayload", "ButtonText",
                                                                            "Latitude", "NumMedia", "Foo"]),
                                                           odd_text, max_size=3))
def test_signed_twilio_forms(live, caplog, body, profile, extra):
    rt, client = live
    phone = f"91{next(ids):010d}"
    form = wa_form(body, phone=phone, ProfileName=profile, **extra)
    response = wa_post(client, form)
    assert response.status_code in (200, 400)
    assert tracebacks(caplog) == []
    if response.status_code == 200:
        assert replies_to(rt, f"whatsapp:+{phone}") > 0


json_values = st.none() | st.booleans() | st.integers() | odd_text | st.lists(st.integers(), max_size=2)


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={"user": st.sampled_from(["u1", "u.2", "", "x" * 70]) | json_values,
                                                "text": odd_text | json_values, "button": buttons | json_values,
                                                "phone": st.sampled_from(["+919812345678", "98123"]) | json_values,
                                                "name": odd_text | json_values}))
def test_simulator_bodies(client, caplog, body):
    response = client.post("/simulator/api/messages", json=body)
    assert response.status_code in (200, 400)
    assert tracebacks(caplog) == []
    if response.status_code == 200:
        replies = response.get_json()["replies"]
        assert replies and not any(a in r["text"] for r in replies for a in APOLOGY)


@FUZZ
@given(steps=st.lists(st.one_of(words.map(lambda w: {"text": w}), buttons.map(lambda b: {"button": b}),
                                odd_text.filter(str.strip).map(lambda t: {"text": t})), min_size=3, max_size=12))
def test_conversation_sequences(client, caplog, steps):
    user = f"seq{next(ids)}"
    for step in steps:
        response = client.post("/simulator/api/messages", json={"user": user, "phone": "+919812300000", **step})
        assert response.status_code == 200, step
        replies = response.get_json()["replies"]
        assert not any(a in r["text"] for r in replies for a in APOLOGY), (step, replies)
    assert tracebacks(caplog) == []
