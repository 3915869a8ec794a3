"""An event's photo or PDF sent in the chat, over the real Telegram webhook and PTB client and the
real Twilio client (stand-ins on 127.0.0.1): fetched and stored, then carried by the invitation
(a notice) as Telegram sendPhoto/sendDocument and Twilio MediaUrl; WhatsApp users outside the
24-hour window get the approved template; "1" on WhatsApp answers the delivered invitation."""
from __future__ import annotations

import copy
import json
import time
from datetime import timedelta

from sqlalchemy import select

from bot import places
from bot.market import photos
from bot.scheduler import run_all
from models import Event, EventInvite, Media, User, utcnow
from tests.live import FIXTURES, PUBLIC, tg_post, tg_update, wa_form, wa_post
from tests.notice_helpers import no_quiet_hours, set_notices

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 200
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEMPLATE_SID = "HX" + "7" * 32
BIHTA = places.find_block(212, "Bihta").code


def people(rt) -> None:
    """Block staff on Telegram; didis of Bihta on Telegram, on WhatsApp (wrote an hour ago) and on
    WhatsApp outside the window (wrote two days ago)."""
    now = utcnow()
    with rt.db.session() as session:
        session.add(User(channel="telegram", address="1111111", name="BPM", role="staff", language="hi",
                         district_code=212, block_code=BIHTA, onboarded=True))
        session.add(User(channel="telegram", address="2222222", name="Sita", role="didi", language="hi",
                         district_code=212, block_code=BIHTA, shg_name="Jai Maa", onboarded=True))
        for phone, wrote in (("919812345678", now - timedelta(hours=1)), ("919812345679", now - timedelta(days=2))):
            session.add(User(channel="whatsapp", address=f"whatsapp:+{phone}", phone=f"+{phone}", name="Gita",
                             role="didi", language="hi", district_code=212, block_code=BIHTA, shg_name="Jai Maa",
                             onboarded=True, last_inbound_at=wrote))


def photo_update() -> dict:
    update = copy.deepcopy(json.loads((FIXTURES / "telegram" / "update_message_photo_caption.json").read_text()))
    update["update_id"] += 919
    update["message"].pop("caption", None)
    return update


def pdf_update() -> dict:
    update = photo_update()
    update["update_id"] += 1
    message = update["message"]
    message.pop("photo")
    message["document"] = {"file_id": "BQACAgUAAxkBAAIleaflet", "file_unique_id": "AgADleaflet",
                           "file_name": "leaflet.pdf", "mime_type": "application/pdf", "file_size": len(PDF)}
    return update


def create_by_telegram(rt, client, title: str, attachment: dict) -> Event:
    day = (utcnow() + timedelta(days=3)).strftime("%d/%m")
    steps = [tg_update(text="कार्यक्रम जोड़ें"), tg_update(text=title), tg_update("button", data="ek:training"),
             tg_update(text=f"{day} 10:00"), tg_update("button", data="ee:none"), tg_update(text="प्रखंड सभागार"),
             tg_update("button", data="emap:none"), tg_update("button", data="ea:didis"),
             tg_update("button", data="eprod:all"), tg_update("button", data="er:yes"), attachment]
    for update in steps:
        assert tg_post(client, update).status_code == 200
    rt.dispatcher.run_once()
    assert photos.fetch_pending(rt) == 1
    with rt.db.sessions() as session:
        return session.scalars(select(Event).order_by(Event.id.desc())).first()


def test_a_photo_and_a_pdf_from_the_chat_go_with_the_invitation_on_both_channels(live, standins):
    rt, client = live
    tg, tw = standins
    no_quiet_hours(rt)
    set_notices(rt, template={"hi": TEMPLATE_SID})
    people(rt)
    tg.add_file("AgACAgUAAxkBAAIBQ2Zlarge", JPEG)
    tg.add_file("BQACAgUAAxkBAAIleaflet", PDF, "documents/leaflet.pdf")

    event = create_by_telegram(rt, client, "सिलाई प्रशिक्षण", photo_update())
    with rt.db.sessions() as session:
        media = session.get(Media, int(event.photo.removeprefix("media:")))
        assert (media.status, media.content_type, event.document) == ("ready", "image/jpeg", None)
    assert any("यह 3 लोगों तक जाएगा (WhatsApp 2, Telegram 1)" in p.get("text", "") for p in tg.params("sendMessage"))
    assert any("1 लोगों ने 24 घंटे से कुछ नहीं लिखा: उन्हें टेम्पलेट जाएगा" in p.get("text", "")
               for p in tg.params("sendMessage"))
    assert tg_post(client, tg_update("button", data=f"event:go:{event.id}")).status_code == 200
    run_all(rt)
    rt.dispatcher.run_once()
    url = f"{PUBLIC}/media/{media.filename}"
    [sent_photo] = [p for p in tg.params("sendPhoto") if str(p["chat_id"]) == "2222222"]
    assert sent_photo["photo"] == url and sent_photo["caption"].startswith("📢 प्रखंड कार्यालय, बिहटा\n\n📣 आपको निमंत्रण है:")
    buttons = [row[0]["callback_data"] for row in sent_photo["reply_markup"]["inline_keyboard"]]
    assert buttons == [f"event:yes:{event.id}", f"event:no:{event.id}"]
    [inside] = [m for m in tw.accepted if m["To"] == "whatsapp:+919812345678"]
    assert inside["MediaUrl"] == url and "1. हाँ, आऊँगी" in inside["Body"] and "सिलाई प्रशिक्षण" in inside["Body"]
    [outside] = [m for m in tw.accepted if m["To"] == "whatsapp:+919812345679"]
    assert outside["ContentSid"] == TEMPLATE_SID and "सिलाई प्रशिक्षण" in json.loads(outside["ContentVariables"])["1"]

    assert wa_post(client, wa_form("1", phone="919812345678")).status_code == 200  # "1" on the delivered invitation
    rt.dispatcher.run_once()
    with rt.db.sessions() as session:
        gita = session.scalar(select(User).where(User.address == "whatsapp:+919812345678"))
        assert session.scalar(select(EventInvite.answer).where(EventInvite.user_id == gita.id)) == "yes"
    assert "दर्ज हुआ: आप सिलाई प्रशिक्षण में आएँगी" in tw.accepted[-1]["Body"]

    leaflet = create_by_telegram(rt, client, "ऋण शिविर", pdf_update())
    with rt.db.sessions() as session:
        media = session.get(Media, int(leaflet.document.removeprefix("media:")))
        assert (media.status, media.content_type, leaflet.photo) == ("ready", "application/pdf", None)
    assert tg_post(client, tg_update("button", data=f"event:go:{leaflet.id}")).status_code == 200
    run_all(rt)
    deadline = time.monotonic() + 10  # the chat got the photo a moment ago: Telegram's pace per chat holds this one
    while not [p for p in tg.params("sendDocument") if str(p["chat_id"]) == "2222222"] and time.monotonic() < deadline:
        rt.dispatcher.run_once()
        time.sleep(0.2)
    url = f"{PUBLIC}/media/{media.filename}"
    [sent_pdf] = [p for p in tg.params("sendDocument") if str(p["chat_id"]) == "2222222"]
    assert sent_pdf["document"] == url and "ऋण शिविर" in sent_pdf["caption"]
    assert [m.get("MediaUrl") for m in tw.accepted if m["To"] == "whatsapp:+919812345678"][-1] == url
