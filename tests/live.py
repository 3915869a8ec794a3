"""Both real channels pointed at local stand-ins, and helpers to post what Telegram and Twilio send.
The `standins` and `live` fixtures are registered in conftest."""
from __future__ import annotations

import copy
import itertools
import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.config import TelegramSettings, TwilioSettings
from bot.runtime import Runtime
from models import OutboxMessage
from tests.standins import telegram_standin, twilio_standin

FIXTURES = Path(__file__).parent / "fixtures"
PUBLIC = "https://didihaat.example.org"
SECRET = "tg-secret_123"
TW_TOKEN = "test_auth_token_123"
TW_SID = "AC00000000000000000000000000000001"
FROM = "whatsapp:+14155238886"
next_id = itertools.count(500000).__next__  # fresh update ids and MessageSids


@pytest.fixture
def standins(httpserver):
    return telegram_standin(httpserver), twilio_standin(httpserver, account_sid=TW_SID, auth_token=TW_TOKEN)


@pytest.fixture
def live(settings, standins):
    """An app with both real channels on, pointed at the stand-ins."""
    tg, tw = standins
    settings = replace(
        settings, public_base_url=PUBLIC, max_body_bytes=65536,
        telegram=TelegramSettings(token=tg.token, webhook_secret=SECRET, api_base_url=tg.base_url),
        twilio=TwilioSettings(account_sid=TW_SID, auth_token=TW_TOKEN, whatsapp_from=FROM, api_base_url=tw.base_url),
    )
    rt = Runtime.build(settings)
    yield rt, create_app(rt=rt).test_client()
    rt.close()


# --- Telegram ------------------------------------------------------------------------------
def tg_update(kind: str = "text", text: str = "", data: str = "", user_id: int = 1111111, **extra) -> dict:
    name = {"text": "update_message_start_command", "button": "update_callback_query_inline_keyboard",
            "contact": "update_message_contact_shared"}[kind]
    update = copy.deepcopy(json.loads((FIXTURES / "telegram" / f"{name}.json").read_text()))
    update["update_id"] = next_id()
    if kind == "text":
        update["message"]["text"] = text
        update["message"].pop("entities", None)
        if text.startswith("/"):
            update["message"]["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
        update["message"]["from"]["id"] = update["message"]["chat"]["id"] = user_id
    elif kind == "button":
        update["callback_query"]["data"] = data
        update["callback_query"]["from"]["id"] = update["callback_query"]["message"]["chat"]["id"] = user_id
    update.update(extra)
    return update


def tg_post(client, update, secret: str = SECRET):
    return client.post("/webhook/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})


def tg_texts(tg) -> list[str]:
    return [p["text"] for p in tg.params("sendMessage")]


def tg_buttons(tg) -> list[dict]:
    markup = tg.params("sendMessage")[-1].get("reply_markup") or {}
    return [row[0] for row in markup.get("inline_keyboard", [])]



# --- WhatsApp ---------------------------------------------------------------------------------
def wa_form(body: str = "", *, sid: str | None = None, phone: str = "919812345678", **extra) -> dict:
    form = dict(parse_qsl((FIXTURES / "twilio" / "whatsapp_inbound_text.form").read_text().strip()))
    form.update(Body=body, From=f"whatsapp:+{phone}", WaId=phone, MessageSid=sid or f"SM{next_id():032d}")
    form.update(extra)
    return form


def wa_post(client, form: dict, path: str = "/webhook/whatsapp", signature: str | None = None):
    url = PUBLIC + path
    signature = signature or RequestValidator(TW_TOKEN).compute_signature(url, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def whatsapp_reply_sent(rt, client):
    """A WhatsApp user says "hi"; the reply goes out; its outbox row (with Twilio's SID)."""
    wa_post(client, wa_form("hi"))
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "whatsapp"))


def wa_bodies(tw) -> list[str]:
    return [m.get("Body") for m in tw.messages]  # None for a template
