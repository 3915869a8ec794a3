"""A didi's product photo sent on Telegram is fetched, checked, stored by the project, and shown
to a buyer on WhatsApp as a public URL the project serves."""
from __future__ import annotations

import copy
import json

from sqlalchemy import select

from bot.market import photos
from models import Listing, Media, User
from tests.live import FIXTURES, PUBLIC, tg_post, tg_update, wa_form, wa_post

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 200


def telegram_didi(rt) -> None:
    with rt.db.session() as session:
        session.add(User(channel="telegram", address="1111111", name="Kamla", role="didi", language="hi",
                         district_code=212, block_code=None, shg_name="Jai Maa", phone="+919811100000", onboarded=True))


def photo_update(caption: str) -> dict:
    update = copy.deepcopy(json.loads((FIXTURES / "telegram" / "update_message_photo_caption.json").read_text()))
    update["update_id"] += 900
    update["message"]["caption"] = caption
    return update


def test_photo_listing_reaches_a_whatsapp_buyer(live, standins):
    rt, client = live
    tg, tw = standins
    telegram_didi(rt)
    tg.add_file("AgACAgUAAxkBAAIBQ2Zlarge", JPEG)
    assert tg_post(client, photo_update("40 kilo makhana 700 rupaye kilo")).status_code == 200
    rt.dispatcher.run_once()
    card = tg.params("sendMessage")[-1]
    assert "मखाना · 40 किलो · ₹700/किलो" in card["text"] and "📷" in card["text"]
    tg_post(client, tg_update("button", data="sell:confirm"))

    assert photos.fetch_pending(rt) == 1
    with rt.db.sessions() as session:
        media = session.scalar(select(Media))
        assert (media.status, media.content_type, media.size) == ("ready", "image/jpeg", len(JPEG))
        assert session.scalar(select(Listing)).photo_id == media.id
    served = client.get(f"/media/{media.filename}")
    assert served.status_code == 200 and served.data == JPEG

    for text in ("hi", "2", "2", "Ravi Traders", "Patna", "Bihta", "Need 40 kg makhana in Patna"):
        wa_post(client, wa_form(text, phone="919900000001"))
    wa_post(client, wa_form("1", phone="919900000001"))  # "1. Yes, right"
    rt.dispatcher.run_once()
    offer = next(m for m in tw.messages if "have this" in m.get("Body", ""))
    assert offer["MediaUrl"] == f"{PUBLIC}/media/{media.filename}"
    assert "1) L-" in offer["Body"] and "📷" in offer["Body"].split("\n")[1]  # whose photo it is


def test_a_file_that_is_not_an_image_is_rejected(live, standins):
    rt, client = live
    tg, _ = standins
    telegram_didi(rt)
    tg.add_file("AgACAgUAAxkBAAIBQ2Zlarge", b"MZ\x90\x00 this is an exe")
    tg_post(client, photo_update("10 kilo shahad 400 rupaye kilo"))
    tg_post(client, tg_update("button", data="sell:confirm"))
    photos.fetch_pending(rt)
    with rt.db.sessions() as session:
        media = session.scalar(select(Media))
        assert media.status == "rejected" and "not a JPEG" in media.error
        assert session.scalar(select(Listing)).product == "honey"  # the listing itself stands


def test_too_large_photo_is_rejected(live, standins, tmp_path):
    rt, _ = live
    media = Media(status="pending")
    photos.store(rt.settings, media, JPEG + b"\x00" * rt.settings.media_max_bytes)
    assert media.status == "rejected" and "too large" in media.error


def test_whatsapp_photo_at_the_photo_step_is_fetched_with_credentials(live, standins):
    rt, client = live
    tg, tw = standins
    url = tw.add_media(JPEG)
    for text in ("hi", "1", "1", "रीता", "patna", "bihta", "सरस्वती समूह", "1", "shahad", "20", "400"):
        wa_post(client, wa_form(text))
    rt.dispatcher.run_once()
    assert "फोटो भेजें" in tw.messages[-1]["Body"]
    wa_post(client, wa_form("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/jpeg", MessageType="image"))
    rt.dispatcher.run_once()
    assert "शहद · 20 किलो · ₹400/किलो" in tw.messages[-1]["Body"] and "📷" in tw.messages[-1]["Body"]
    wa_post(client, wa_form("1"))
    assert photos.fetch_pending(rt) == 1
    assert tw.media_fetches and tw.media_fetches[0]["auth"] == (tw.account_sid, tw.auth_token)
    with rt.db.sessions() as session:
        listing = session.scalar(select(Listing))
        media = session.get(Media, listing.photo_id)
        assert (media.status, media.size) == ("ready", len(JPEG))
