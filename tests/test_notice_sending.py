"""How the sender treats a notice's rows (payload "broadcast": true, the bulk lane): outside
WhatsApp's window the notice's own template goes, within Meta's daily tier, or the row fails as
"needs a template"; documents (a scheme's PDF form) go through both real clients."""
from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.dispatcher import NEEDS_TEMPLATE
from bot.messages import Outgoing
from bot.sending import tier
from bot.sending.tier import tier_room
from models import OutboxKind, OutboxMessage, OutboxStatus, User, utcnow
from tests.test_outbox_sending import make, queue, rows, server  # noqa: F401  (fixtures)

_numbers = itertools.count(100)
TEMPLATE = {"sid": "HX" + "3" * 32, "variables": {"1": "प्रखंड कार्यालय, बिहटा"}}


def didis(rt, n: int, *, wrote_hours_ago: float | None) -> list[User]:
    """WhatsApp didis; `wrote_hours_ago` None: imported, never wrote."""
    with rt.db.session() as session:
        users = []
        for i in range(n):
            last = None if wrote_hours_ago is None else utcnow() - timedelta(hours=wrote_hours_ago)
            user = User(channel="whatsapp", address=f"whatsapp:+9197000{next(_numbers):05d}", onboarded=True,
                        last_inbound_at=last, language="hi")
            session.add(user)
            users.append(user)
        session.flush()
        return users


def notice(rt, users, **extra) -> list[int]:
    ids = []
    for user in users:
        ids += queue(rt, "whatsapp", [user.address], user=user, priority=20, broadcast=True,
                     text="ऋण शिविर कल 10 बजे प्रखंड कार्यालय में", **extra)
    return ids


def test_inside_the_window_the_notice_goes_as_text(make):
    rt, _, tw = make()
    ids = notice(rt, didis(rt, 1, wrote_hours_ago=2), template_fallback=TEMPLATE)
    rt.dispatcher.run_once()
    assert tw.accepted[0]["Body"] == "ऋण शिविर कल 10 बजे प्रखंड कार्यालय में" and "ContentSid" not in tw.accepted[0]
    assert rows(rt, ids)[0].status == OutboxStatus.SENT and not rows(rt, ids)[0].opens_conversation


def test_outside_the_window_the_notice_goes_as_its_template(make):
    rt, _, tw = make()
    ids = notice(rt, didis(rt, 1, wrote_hours_ago=30) + didis(rt, 1, wrote_hours_ago=None), template_fallback=TEMPLATE)
    rt.dispatcher.run_once()
    assert [m["ContentSid"] for m in tw.accepted] == [TEMPLATE["sid"]] * 2
    assert json.loads(tw.accepted[0]["ContentVariables"]) == TEMPLATE["variables"]
    assert "Body" not in tw.accepted[0]
    assert {r.status for r in rows(rt, ids)} == {OutboxStatus.SENT}
    # no "please reply" template was queued: a notice is not an alert waiting for her
    with rt.db.sessions() as session:
        assert not session.scalars(select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.TEMPLATE)).all()


def test_outside_the_window_without_a_template_the_notice_needs_one(make):
    rt, _, tw = make()
    rt.settings = rt.dispatcher.settings = replace(
        rt.settings, whatsapp_window=replace(rt.settings.whatsapp_window, reopen_template={"hi": "HX" + "9" * 32}))
    ids = notice(rt, didis(rt, 1, wrote_hours_ago=30))
    rt.dispatcher.run_once()
    row = rows(rt, ids)[0]
    assert row.status == OutboxStatus.FAILED and row.error.startswith("needs a template") and row.error == NEEDS_TEMPLATE
    assert not tw.messages  # neither the notice nor the alerts' "please reply" template


def test_beyond_the_daily_tier_the_rest_wait_for_room(make):
    rt, _, tw = make()
    rt.settings = rt.dispatcher.settings = replace(rt.settings, sending=replace(rt.settings.sending,
                                                                                  whatsapp_tier_limit=3))
    with rt.db.sessions() as session:
        assert tier_room(session, rt.settings, utcnow()) == 3
    open_window = notice(rt, didis(rt, 2, wrote_hours_ago=1), template_fallback=TEMPLATE)
    closed = notice(rt, didis(rt, 5, wrote_hours_ago=48), template_fallback=TEMPLATE)
    rt.dispatcher.run_once()
    assert {r.status for r in rows(rt, open_window)} == {OutboxStatus.SENT}  # free text: no conversation opened
    statuses = [r.status for r in rows(rt, closed)]
    assert statuses.count(OutboxStatus.SENT) == 3 and statuses.count(OutboxStatus.PENDING) == 2
    assert len([m for m in tw.accepted if "ContentSid" in m]) == 3
    waiting = [r for r in rows(rt, closed) if r.status == OutboxStatus.PENDING]
    assert {(r.error, r.attempts) for r in waiting} == {(tier.WAITING, 0)}
    # they go when the first conversations age out of the 24 hours, not before
    assert all(r.next_attempt_at > utcnow() + timedelta(hours=23) for r in waiting)
    with rt.db.sessions() as session:
        assert tier_room(session, rt.settings, utcnow()) == 0
        assert tier_room(session, rt.settings, utcnow() + timedelta(hours=24, minutes=1)) == 3
    rt.dispatcher.run_once(now=utcnow() + timedelta(hours=12))
    assert len(tw.accepted) == 5  # still waiting half a day later
    rt.dispatcher.run_once(now=waiting[-1].next_attempt_at + timedelta(minutes=5))
    assert {r.status for r in rows(rt, closed)} == {OutboxStatus.SENT} and len(tw.accepted) == 7


# --- documents ---------------------------------------------------------------------------------
@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "kcc_form.pdf"
    path.write_bytes(b"%PDF-1.4 scheme form")
    return path


def test_telegram_uploads_a_stored_document_with_the_text_as_caption(make, pdf):
    rt, tg, _ = make()
    with rt.db.session() as session:
        from bot import outbox

        outbox.enqueue(session, "telegram", "1111111", Outgoing("KCC फॉर्म भरकर जमा करें", document=str(pdf)),
                       kind=OutboxKind.PUSH)
        outbox.enqueue(session, "telegram", "2222222",
                       Outgoing("फॉर्म", document="https://didihaat.example.org/media/form.pdf"), kind=OutboxKind.PUSH)
    rt.dispatcher.run_once()
    uploaded, linked = sorted(tg.calls_to("sendDocument"), key=lambda c: c.params["chat_id"])  # sent concurrently
    assert uploaded.files["document"] == b"%PDF-1.4 scheme form"
    assert uploaded.params["caption"] == "KCC फॉर्म भरकर जमा करें" and uploaded.params["chat_id"] == "1111111"
    assert linked.params["document"] == "https://didihaat.example.org/media/form.pdf"
    assert not tg.calls_to("sendMessage")


def test_whatsapp_sends_a_public_document_as_media_and_refuses_a_local_one(make, pdf):
    rt, _, tw = make()
    with rt.db.session() as session:
        from bot import outbox

        public = outbox.enqueue(session, "whatsapp", "whatsapp:+919812345678",
                                Outgoing("KCC फॉर्म", document="https://didihaat.example.org/media/form.pdf"),
                                kind=OutboxKind.PUSH)
        local = outbox.enqueue(session, "whatsapp", "whatsapp:+919812345679", Outgoing("KCC फॉर्म", document=str(pdf)),
                               kind=OutboxKind.PUSH)
        session.flush()
        ids = [public.id, local.id]
    rt.dispatcher.run_once()
    assert len(tw.accepted) == 1
    assert tw.accepted[0]["MediaUrl"] == "https://didihaat.example.org/media/form.pdf"
    assert tw.accepted[0]["Body"] == "KCC फॉर्म"
    sent, refused = rows(rt, ids)
    assert sent.status == OutboxStatus.SENT
    assert refused.status == OutboxStatus.FAILED and "public URL" in refused.error
