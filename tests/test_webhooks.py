"""Telegram and WhatsApp webhooks end to end: signed requests in, the real python-telegram-bot and
twilio clients out, landing on local stand-in servers whose received requests we inspect."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot import outbox
from bot.messages import Outgoing
from models import OutboxMessage, OutboxStatus, User
from tests.live import (FIXTURES, FROM, PUBLIC, SECRET, TW_TOKEN, next_id, tg_buttons, tg_post, tg_texts, tg_update,
                        wa_bodies, wa_form, wa_post, whatsapp_reply_sent)

def test_telegram_onboarding_end_to_end(live, standins):
    rt, client = live
    tg, _ = standins
    assert tg_post(client, tg_update(text="/start")).status_code == 200
    rt.dispatcher.run_once()
    assert "भाषा चुनें" in tg_texts(tg)[-1]
    assert [b["callback_data"] for b in tg_buttons(tg)] == ["lang:hi", "lang:en", "privacy:read"]

    tap = tg_update("button", data="lang:en")
    assert tg_post(client, tap).status_code == 200
    rt.dispatcher.run_once()
    assert tg.params("answerCallbackQuery")[-1]["callback_query_id"] == tap["callback_query"]["id"]
    assert "Who are you?" in tg_texts(tg)[-1]

    for step in (tg_update("button", data="role:didi"), tg_update(text="Sunita"), tg_update(text="Nalanda")):
        tg_post(client, step)
    rt.dispatcher.run_once()
    assert "Which is your block in Nalanda?" in tg_texts(tg)[-1]
    tg_post(client, tg_update(text="Rajgir"))
    tg_post(client, tg_update(text="Durga SHG"))
    rt.dispatcher.run_once()
    ask_phone = tg.params("sendMessage")[-1]
    assert "mobile number" in ask_phone["text"]
    assert ask_phone["reply_markup"]["keyboard"][0][0]["request_contact"] is True

    contact = tg_update("contact")
    tg_post(client, contact)
    rt.dispatcher.run_once()
    assert "Thank you, Sunita didi!" in " ".join(tg_texts(tg)[-2:])
    with rt.db.sessions() as session:
        user = session.scalar(select(User).where(User.channel == "telegram", User.address == "1111111"))
        assert user.onboarded and user.shg_name == "Durga SHG" and user.phone.startswith("+")


def test_telegram_forged_secret_is_rejected_and_nothing_is_stored(live, standins):
    rt, client = live
    assert tg_post(client, tg_update(text="/start"), secret="wrong").status_code == 403
    assert client.post("/webhook/telegram", json=tg_update(text="/start")).status_code == 403
    rt.dispatcher.run_once()
    assert standins[0].calls_to("sendMessage") == []


def test_telegram_retried_update_is_handled_once(live, standins):
    rt, client = live
    update = tg_update(text="/start")
    assert tg_post(client, update).status_code == 200
    assert tg_post(client, update).status_code == 200
    rt.dispatcher.run_once()
    assert len(standins[0].calls_to("sendMessage")) == 1


def test_telegram_bad_bodies(live, standins):
    rt, client = live
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    assert client.post("/webhook/telegram", data="{not json", headers=headers).status_code == 400
    assert client.post("/webhook/telegram", data="[1, 2]", headers=headers).status_code == 400
    big = json.dumps({"update_id": 1, "message": {"text": "x" * 70000}})
    assert client.post("/webhook/telegram", data=big, headers=headers).status_code == 413
    for legacy in json.loads((FIXTURES / "telegram" / "official_docs_examples_legacy.json").read_text()).values():
        if isinstance(legacy, dict) and "update_id" in legacy:
            assert tg_post(client, legacy).status_code == 200  # acknowledged, ignored
    edited = json.loads((FIXTURES / "telegram" / "update_edited_message.json").read_text())
    assert tg_post(client, edited).status_code == 200
    rt.dispatcher.run_once()
    assert standins[0].calls_to("sendMessage") == []


def test_telegram_group_join_is_recorded_and_greeted(live, standins):
    rt, client = live
    update = {"update_id": next_id(), "my_chat_member": {
        "chat": {"id": -100123, "type": "supergroup", "title": "Bihta JEEViKA didis"},
        "from": {"id": 1111111, "is_bot": False, "first_name": "BPM"}, "date": 1700000000,
        "old_chat_member": {"user": {"id": 7000000001, "is_bot": True, "first_name": "MandiBot"}, "status": "left"},
        "new_chat_member": {"user": {"id": 7000000001, "is_bot": True, "first_name": "MandiBot"}, "status": "member"}}}
    assert tg_post(client, update).status_code == 200
    rt.dispatcher.run_once()
    (greeting,) = standins[0].params("sendMessage")
    assert greeting["chat_id"] == "-100123" and "दीदी हाट" in greeting["text"]


# --- WhatsApp -------------------------------------------------------------------------------
def test_whatsapp_onboarding_end_to_end(live, standins):
    rt, client = live
    _, tw = standins
    response = wa_post(client, wa_form("namaste"))
    assert response.status_code == 200 and response.mimetype == "text/xml" and b"<Response" in response.data
    rt.dispatcher.run_once()
    first = tw.messages[-1]
    assert first["To"] == "whatsapp:+919812345678" and first["From"] == FROM
    assert "1. हिन्दी" in first["Body"] and "2. English" in first["Body"]  # options as a numbered list
    assert first["StatusCallback"].startswith(PUBLIC + "/webhook/whatsapp/status?outbox_id=")

    for text in ("1", "1", "रीता देवी", "मधुबनी", "Rajnagar", "सरस्वती समूह"):
        assert wa_post(client, wa_form(text)).status_code == 200
    rt.dispatcher.run_once()
    assert "धन्यवाद रीता देवी दीदी" in " ".join(wa_bodies(tw))
    assert "1. बेचना है" in wa_bodies(tw)[-1]
    with rt.db.sessions() as session:
        user = session.scalar(select(User).where(User.address == "whatsapp:+919812345678"))
        assert user.phone == "+919812345678" and user.profile_name == "Ramesh Patil"
        assert user.district_code == 206 and user.onboarded and user.language == "hi"


def test_whatsapp_forged_signature_and_wrong_url_are_rejected(live, standins):
    rt, client = live
    form = wa_form("hello")
    assert wa_post(client, form, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    tampered = RequestValidator(TW_TOKEN).compute_signature(PUBLIC + "/webhook/whatsapp", form)
    assert client.post("/webhook/whatsapp", data={**form, "Body": "STOP"},
                       headers={"X-Twilio-Signature": tampered}).status_code == 403
    other_url = RequestValidator(TW_TOKEN).compute_signature("https://evil.example/webhook/whatsapp", form)
    assert wa_post(client, form, signature=other_url).status_code == 403
    assert client.post("/webhook/whatsapp", data=form).status_code == 403
    rt.dispatcher.run_once()
    assert standins[1].messages == []


@pytest.mark.parametrize("name", ["text", "image", "location", "quick_reply", "sandbox_join"])
def test_every_real_inbound_kind_gets_a_reply(live, standins, name):
    """The raw bodies Twilio sends (all fields, re-signed for our public URL) are accepted."""
    rt, client = live
    form = dict(parse_qsl((FIXTURES / "twilio" / f"whatsapp_inbound_{name}.form").read_text().strip()))
    assert wa_post(client, form).status_code == 200
    rt.dispatcher.run_once()
    assert standins[1].messages and standins[1].messages[-1]["To"] == form["From"]


def test_whatsapp_retried_message_is_handled_once(live, standins):
    rt, client = live
    form = wa_form("hello", sid="SM" + "7" * 32)
    assert wa_post(client, form).status_code == 200
    assert wa_post(client, form).status_code == 200
    rt.dispatcher.run_once()
    assert len(standins[1].messages) == 1


def test_whatsapp_bad_bodies(live, standins):
    rt, client = live
    form = wa_form("hello")
    del form["From"]
    assert wa_post(client, form).status_code == 400  # signed correctly, but not a message
    huge = wa_form("x" * 70000)
    assert wa_post(client, huge).status_code == 413


def test_stop_is_honoured_and_start_resumes(live, standins):
    rt, client = live
    _, tw = standins
    wa_post(client, wa_form("hi"))
    wa_post(client, wa_form("STOP"))
    rt.dispatcher.run_once()
    assert "कोई सूचना" in wa_bodies(tw)[-1]
    with rt.db.session() as session:
        user = session.scalar(select(User).where(User.address == "whatsapp:+919812345678"))
        assert user.opted_out
        notice = outbox.push(session, user, Outgoing(text="block meeting tomorrow"))
    rt.dispatcher.run_once()
    assert "block meeting tomorrow" not in wa_bodies(tw)
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, notice.id).status == OutboxStatus.SKIPPED

    wa_post(client, wa_form("शुरू"))
    with rt.db.session() as session:
        user = session.scalar(select(User).where(User.address == "whatsapp:+919812345678"))
        outbox.push(session, user, Outgoing(text="packaging centre opens"))
    rt.dispatcher.run_once()
    assert "packaging centre opens" in wa_bodies(tw)


def test_status_callbacks_update_the_outbox(live, standins):
    rt, client = live
    _, tw = standins
    row = whatsapp_reply_sent(rt, client)
    path = f"/webhook/whatsapp/status?outbox_id={row.id}"
    status = {"MessageSid": row.provider_id, "MessageStatus": "read", "To": "whatsapp:+919812345678"}
    assert wa_post(client, status, path=path).status_code == 200
    assert wa_post(client, {**status, "MessageStatus": "delivered"}, path=path).status_code == 200
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.READ  # never goes back
    assert wa_post(client, status, path=path, signature="forged").status_code == 403

    stopped = {**status, "MessageStatus": "failed", "ErrorCode": "21610", "ErrorMessage": "unsubscribed"}
    assert wa_post(client, stopped, path=path).status_code == 200
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.FAILED
        assert session.scalar(select(User).where(User.address == "whatsapp:+919812345678")).opted_out


def _failed(sid: str) -> dict:
    return {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "30008", "ErrorMessage": "Unknown error"}


def test_status_callback_never_touches_a_telegram_row(live, standins):
    rt, client = live
    tg_post(client, tg_update(text="/start"))
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "telegram"))
        assert row.status == OutboxStatus.SENT
    path = f"/webhook/whatsapp/status?outbox_id={row.id}"
    assert wa_post(client, _failed("SM" + "f" * 32), path=path).status_code == 200
    assert wa_post(client, {**_failed("SM" + "f" * 32), "ErrorCode": "21610"}, path=path).status_code == 200
    with rt.db.sessions() as session:
        again = session.get(OutboxMessage, row.id)
        assert (again.status, again.error) == (OutboxStatus.SENT, None)
        assert not session.scalar(select(User).where(User.address == "1111111")).opted_out


def test_status_callback_for_another_message_leaves_the_row_alone(live, standins):
    rt, client = live
    row = whatsapp_reply_sent(rt, client)
    path = f"/webhook/whatsapp/status?outbox_id={row.id}"
    assert wa_post(client, _failed("SM" + "f" * 32), path=path).status_code == 200
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.SENT


@pytest.mark.parametrize("outbox_id", ["99999999999999999999", "2147483648", "0", "x"])
def test_status_callback_with_an_impossible_id_falls_back_to_the_sid(live, standins, outbox_id):
    rt, client = live
    row = whatsapp_reply_sent(rt, client)
    delivered = {"MessageSid": row.provider_id, "MessageStatus": "delivered"}
    assert wa_post(client, delivered, path=f"/webhook/whatsapp/status?outbox_id={outbox_id}").status_code == 200
    with rt.db.sessions() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.DELIVERED


def test_contact_keyboard_is_removed_after_the_phone_step(live, standins):
    rt, client = live
    tg, _ = standins
    for step in (tg_update(text="/start"), tg_update("button", data="lang:en"), tg_update("button", data="role:buyer"),
                 tg_update(text="Ramesh"), tg_update(text="Nalanda"), tg_update(text="Rajgir")):
        tg_post(client, step)
    rt.dispatcher.run_once()
    asked = len(tg.calls_to("sendMessage"))
    assert tg.params("sendMessage")[-1]["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    tg_post(client, tg_update("contact"))
    rt.dispatcher.run_once()
    after = tg.params("sendMessage")[asked:]
    assert after and after[0]["reply_markup"] == {"remove_keyboard": True}
    assert after[-1]["reply_markup"]["inline_keyboard"]  # the menu keeps its buttons


def test_failed_sends_are_recorded_and_retried(live, standins):
    rt, client = live
    _, tw = standins
    tw.fail_next(500, 20500, "Internal Server Error")
    row = whatsapp_reply_sent(rt, client)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1) and "20500" in row.error
    rt.dispatcher.run_once(now=row.next_attempt_at)
    with rt.db.sessions() as session:
        row = session.get(OutboxMessage, row.id)
        assert (row.status, row.attempts, row.error) == (OutboxStatus.SENT, 2, None)
    # the stand-in saw the refused attempt and the retry: same message, nothing sent a third time
    assert len(tw.messages) == 2 and tw.messages[0]["Body"] == tw.messages[1]["Body"]
    rt.dispatcher.run_once(now=row.next_attempt_at)
    assert len(tw.messages) == 2

    tw.fail_next(400, 63016, "outside the allowed window")
    wa_post(client, wa_form("help"))
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        failed = session.scalars(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)).all()
        assert len(failed) == 1 and "63016" in failed[0].error and failed[0].attempts == 1


def test_channels_off_answer_404(client):
    assert client.post("/webhook/telegram", json={}).status_code == 404
    assert client.post("/webhook/whatsapp", data={}).status_code == 404


def test_set_webhook_command_registers_url_secret_and_updates(standins):
    import os
    import subprocess
    import sys

    tg, _ = standins
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TELEGRAM_API_BASE_URL": tg.base_url, "PUBLIC_BASE_URL": PUBLIC, "SECRET_KEY": "x"}
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "bot", "set-webhook"], cwd=Path(__file__).parent.parent, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    (params,) = tg.params("setWebhook")
    assert params["url"] == PUBLIC + "/webhook/telegram" and params["secret_token"] == SECRET
    assert params["allowed_updates"] == ["message", "callback_query", "my_chat_member"]
