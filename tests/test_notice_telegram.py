"""Notices over the real Telegram webhook and PTB client: a staff member attaches a scheme's PDF,
which is fetched, stored and carried by every recipient's row; /register in a real group update
knows who typed it."""
from __future__ import annotations

import copy
import json

from sqlalchemy import select

from bot import places
from bot.market import photos
from bot.notices import sweep
from models import GroupChat, Media, Notice, OutboxMessage, User
from tests.live import FIXTURES, tg_post, tg_texts, tg_update
from tests.notice_helpers import no_quiet_hours

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BIHTA = places.find_block(212, "Bihta").code


def telegram_people(rt) -> None:
    with rt.db.session() as session:
        session.add(User(channel="telegram", address="1111111", name="BPM", role="staff", language="hi",
                         district_code=212, block_code=BIHTA, onboarded=True))
        session.add(User(channel="telegram", address="2222222", name="Sita", role="didi", language="hi",
                         district_code=212, block_code=BIHTA, shg_name="Jai Maa", onboarded=True))


def document_update(file_id: str, mime: str = "application/pdf") -> dict:
    update = copy.deepcopy(json.loads((FIXTURES / "telegram" / "update_message_photo_caption.json").read_text()))
    update["update_id"] += 777
    message = update["message"]
    message.pop("photo")
    message.pop("caption", None)
    message["document"] = {"file_id": file_id, "file_unique_id": "AgADform", "file_name": "yojana-form.pdf",
                           "mime_type": mime, "file_size": len(PDF)}
    return update


def test_staff_attach_a_pdf_form_that_every_row_carries(live, standins):
    rt, client = live
    tg, _ = standins
    no_quiet_hours(rt)
    telegram_people(rt)
    tg.add_file("BQACAgUAAxkBAAIform", PDF)
    for update in (tg_update(text="सूचना"), tg_update(text="योजना का फॉर्म भरकर जमा करें"),
                   tg_update("button", data="nc:noen")):
        assert tg_post(client, update).status_code == 200
    assert tg_post(client, document_update("BQACAgUAAxkBAAIform")).status_code == 200
    rt.dispatcher.run_once()
    assert any("किसे भेजनी है?" in t for t in tg_texts(tg))
    assert photos.fetch_pending(rt) == 1
    with rt.db.sessions() as session:
        media = session.scalar(select(Media))
        assert (media.status, media.content_type, media.filename.endswith(".pdf")) == ("ready", "application/pdf", True)
    for data in ("aud:didis", "nc:allproducts", "nc:now"):
        assert tg_post(client, tg_update("button", data=data)).status_code == 200
    sweep.start_due(rt)
    with rt.db.sessions() as session:
        notice = session.scalar(select(Notice))
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id))
    assert notice.document == f"media:{media.id}" and notice.photo is None
    assert (row.address, row.payload["document"], row.payload["photo"]) == ("2222222", f"media:{media.id}", None)


def test_a_pdf_cannot_become_a_product_photo(live, standins):
    rt, client = live
    with rt.db.session() as session:
        didi = User(channel="telegram", address="3333333", role="didi", onboarded=True)
        session.add(didi)
        session.flush()
        ident = photos.queue_fetch(session, didi, {"channel": "telegram", "ref": "x", "content_type": "application/pdf"})
        media = session.get(Media, ident)
        photos.store(rt.settings, media, PDF)
        assert (media.status, media.error) == ("rejected", "not a JPEG, PNG or WebP image")


def test_register_in_a_real_telegram_group(live, standins):
    rt, client = live
    tg, _ = standins
    telegram_people(rt)
    group = json.loads((FIXTURES / "telegram" / "update_group_message.json").read_text())
    group["message"]["text"] = "/register"
    group["message"]["entities"] = [{"offset": 0, "length": 9, "type": "bot_command"}]
    assert tg_post(client, group).status_code == 200  # from 1111111, the staff member
    rt.dispatcher.run_once()
    asked = tg.params("sendMessage")[-1]
    assert asked["chat_id"] in (-1001234567890, "-1001234567890") and "यह ग्रुप किसके लिए है?" in asked["text"]
    with rt.db.sessions() as session:
        chat = session.scalar(select(GroupChat))
    tap = tg_update("button", data=f"greg:{chat.id}:s:block:{BIHTA}:didis", user_id=1111111)
    tap["callback_query"]["message"]["chat"] = group["message"]["chat"]
    assert tg_post(client, tap).status_code == 200
    rt.dispatcher.run_once()
    assert "जुड़ गया" in tg.params("sendMessage")[-1]["text"]
    with rt.db.sessions() as session:
        chat = session.get(GroupChat, chat.id)
        assert (chat.block_code, chat.audience, chat.title) == (BIHTA, "didis", "Nashik Onion Traders")
