"""Registration through the real webhooks in the other language of each channel's main test:
Hindi on Telegram (the didi shares her number with the contact button), English on WhatsApp."""
from __future__ import annotations

from sqlalchemy import select

from models import User
from tests.live import tg_post, tg_texts, tg_update, wa_bodies, wa_form, wa_post


def test_telegram_registration_in_hindi(live, standins):
    rt, client = live
    tg, _ = standins
    steps = [tg_update(text="/start"), tg_update("button", data="lang:hi"), tg_update("button", data="role:didi"),
             tg_update(text="सुनीता देवी"), tg_update(text="नालंदा"), tg_update(text="Rajgir"),
             tg_update(text="दुर्गा समूह")]
    for step in steps:
        assert tg_post(client, step).status_code == 200
    rt.dispatcher.run_once()
    texts = tg_texts(tg)
    assert "आप कौन हैं?" in texts and any("नालंदा में आपका प्रखंड" in t for t in texts)
    assert "मोबाइल नंबर" in texts[-1]
    tg_post(client, tg_update("contact"))
    rt.dispatcher.run_once()
    assert "धन्यवाद सुनीता देवी दीदी!" in " ".join(tg_texts(tg)[-2:])
    with rt.db.sessions() as session:
        user = session.scalar(select(User).where(User.channel == "telegram"))
        assert (user.language, user.role, user.shg_name, user.phone_verified) == ("hi", "didi", "दुर्गा समूह", True)


def test_whatsapp_registration_in_english(live, standins):
    rt, client = live
    _, tw = standins
    for text in ("hello", "2", "2", "Ravi Traders", "Gaya", "Bodhgaya"):
        assert wa_post(client, wa_form(text, phone="919900000009")).status_code == 200
    rt.dispatcher.run_once()
    bodies = wa_bodies(tw)
    assert "1. Didi (I sell)" in bodies[1]
    assert "Thank you, Ravi Traders!" in " ".join(bodies[-2:]) and "1. Buy" in bodies[-1]
    with rt.db.sessions() as session:
        user = session.scalar(select(User).where(User.channel == "whatsapp"))
        assert (user.language, user.role, user.phone, user.phone_verified) == ("en", "buyer", "+919900000009", True)
