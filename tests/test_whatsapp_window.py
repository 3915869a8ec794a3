"""WhatsApp's 24-hour window, through the real twilio client and a stand-in: an alert to someone
who has not written for a day waits, one approved template asks her to reply, and her reply
(the template's button or any message) sends what waited."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import outbox
from bot.config import WindowSettings
from bot.messages import Option, Outgoing
from models import OutboxKind, OutboxMessage, OutboxStatus, User, utcnow
from tests.live import wa_bodies, wa_form, wa_post

ADDRESS = "whatsapp:+919812345678"
TEMPLATES = {"hi": "HX" + "1" * 32, "en": "HX" + "2" * 32}


@pytest.fixture
def registered(live, standins):
    """A didi registered over WhatsApp who last wrote 25 hours ago."""
    rt, client = live
    for text in ("namaste", "1", "1", "रीता देवी", "मधुबनी", "Rajnagar", "सरस्वती समूह"):
        assert wa_post(client, wa_form(text)).status_code == 200
    rt.dispatcher.run_once()
    with rt.db.session() as session:
        session.execute(update(User).where(User.address == ADDRESS)
                        .values(last_inbound_at=utcnow() - timedelta(hours=25)))
    standins[1].messages.clear()
    return rt, client


def with_templates(rt, templates=TEMPLATES) -> None:
    rt.settings = replace(rt.settings, whatsapp_window=WindowSettings(reopen_template=templates))
    rt.dispatcher.settings = rt.settings


def alert(rt, text: str, options=()) -> int:
    with rt.db.session() as session:
        user = session.scalar(select(User).where(User.address == ADDRESS))
        pushed = outbox.push(session, user, Outgoing(text=text, options=list(options)))
        session.flush()
        return pushed.id


def row(rt, ident: int) -> OutboxMessage:
    with rt.db.sessions() as session:
        return session.get(OutboxMessage, ident)


def test_outside_the_window_a_template_goes_and_the_alert_waits_for_her_reply(registered, standins):
    rt, client = registered
    with_templates(rt)
    first = alert(rt, "D-7: पटना के खरीदार को 200 किलो मखाना चाहिए", [Option("रुचि है", "connect:interest:1")])
    second = alert(rt, "प्रखंड में पैकेजिंग केंद्र खुला")
    rt.dispatcher.run_once()
    rt.dispatcher.run_once()
    tw = standins[1]
    assert len(tw.messages) == 1  # only the template, once for both alerts
    sent = tw.messages[0]
    assert sent["ContentSid"] == TEMPLATES["hi"] and "Body" not in sent
    assert json.loads(sent["ContentVariables"]) == {"1": "रीता देवी"}
    assert row(rt, first).status == OutboxStatus.PENDING and row(rt, first).attempts == 0

    # she taps the template's button: no extra reply, the alerts follow in order
    wa_post(client, wa_form("देखें", ButtonPayload="window:open", ButtonText="देखें"))
    rt.dispatcher.run_once()
    assert wa_bodies(tw)[1:] == ["D-7: पटना के खरीदार को 200 किलो मखाना चाहिए\n\n1. रुचि है", "प्रखंड में पैकेजिंग केंद्र खुला"]
    assert row(rt, first).status == row(rt, second).status == OutboxStatus.SENT


def test_any_message_she_sends_opens_the_window_too(registered, standins):
    rt, client = registered
    with_templates(rt)
    ident = alert(rt, "मंडी भाव: मखाना ₹650/किलो")
    rt.dispatcher.run_once()
    wa_post(client, wa_form("menu"))
    rt.dispatcher.run_once()
    bodies = wa_bodies(standins[1])
    assert len(bodies) == 2 and "बेचना है" in bodies[0] and bodies[1] == "मंडी भाव: मखाना ₹650/किलो"
    assert row(rt, ident).status == OutboxStatus.SENT  # her reply, then the alert; the template not needed


def test_one_template_per_closed_window_in_her_language(registered, standins):
    rt, client = registered
    with_templates(rt, {"en": TEMPLATES["en"]})  # no Hindi template approved yet: the English one
    alert(rt, "one")
    rt.dispatcher.run_once()
    alert(rt, "two")
    rt.dispatcher.run_once(now=utcnow() + timedelta(days=1, minutes=1))
    templates = [m for m in standins[1].messages if "ContentSid" in m]
    assert [m["ContentSid"] for m in templates] == [TEMPLATES["en"]]


def test_without_a_template_an_alert_outside_the_window_is_marked_failed(registered, standins):
    rt, _ = registered
    ident = alert(rt, "प्रखंड में बैठक कल")
    rt.dispatcher.run_once()
    assert standins[1].messages == []
    failed = row(rt, ident)
    assert failed.status == OutboxStatus.FAILED and "24-hour window and no template configured" in failed.error


def test_an_alert_that_waits_too_long_is_dropped(registered, standins):
    rt, _ = registered
    with_templates(rt)
    ident = alert(rt, "पुरानी खबर")
    rt.dispatcher.run_once()
    rt.dispatcher.run_once(now=utcnow() + timedelta(days=rt.settings.whatsapp_window.hold_days + 1))
    assert row(rt, ident).status == OutboxStatus.FAILED
    assert [m.get("Body") for m in standins[1].messages] == [None]  # the template only


def test_inside_the_window_alerts_go_as_text_and_template_rows_are_not_made(registered, standins):
    rt, client = registered
    with_templates(rt)
    wa_post(client, wa_form("hi"))
    ident = alert(rt, "नई मांग")
    rt.dispatcher.run_once()
    assert wa_bodies(standins[1])[-1] == "नई मांग" and row(rt, ident).status == OutboxStatus.SENT
    with rt.db.sessions() as session:
        assert session.scalar(select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.TEMPLATE)) is None


def test_show_with_nothing_waiting_repeats_the_menu(registered, standins):
    rt, client = registered
    wa_post(client, wa_form("देखें", ButtonPayload="window:open", ButtonText="देखें"))
    rt.dispatcher.run_once()
    assert "1. बेचना है" in wa_bodies(standins[1])[-1]


def test_a_63016_from_twilio_holds_the_alert_and_asks_with_the_template(registered, standins):
    """Our clock said the window was open; Twilio's said closed: the alert waits all the same."""
    rt, client = registered
    with_templates(rt)
    with rt.db.session() as session:
        session.execute(update(User).where(User.address == ADDRESS).values(last_inbound_at=utcnow()))
    standins[1].fail_next(400, 63016, "Failed to send freeform message because you are outside the allowed window")
    ident = alert(rt, "नई मांग D-9")
    rt.dispatcher.run_once()
    rt.dispatcher.run_once()
    held = row(rt, ident)
    assert held.status == OutboxStatus.PENDING and held.error.startswith("waiting: outside")
    assert standins[1].messages[-1]["ContentSid"] == TEMPLATES["hi"]
    wa_post(client, wa_form("देखें", ButtonPayload="window:open"))
    rt.dispatcher.run_once()
    assert wa_bodies(standins[1])[-1] == "नई मांग D-9" and row(rt, ident).status == OutboxStatus.SENT
