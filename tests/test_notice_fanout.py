"""Fan-out: one row per recipient made by set-based inserts in chunks; a run interrupted and
repeated makes nobody's row twice; WhatsApp rows carry the template to fall back on."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.notices import fanout, sweep
from models import Notice, NoticeStatus, OutboxMessage, User, utcnow
from tests.notice_helpers import set_notices

TEMPLATES = {"hi": "HX" + "a" * 32, "en": "HX" + "b" * 32}


def people(runtime, n: int, *, block: int = 1001) -> int:
    """n didis of `block`, every third on Telegram and the rest on WhatsApp, every fifth in English."""
    with runtime.db.session() as session:
        staff = User(role="staff", district_code=212, block_code=block, onboarded=True, channel="simulator",
                     address="staff", phone="+919876500000")
        session.add(staff)
        for i in range(n):
            on_whatsapp = i % 3 != 0
            session.add(User(role="didi", district_code=212, block_code=block, onboarded=True,
                             channel="whatsapp" if on_whatsapp else "telegram",
                             address=f"whatsapp:+9198{i:08d}" if on_whatsapp else str(7000 + i),
                             language="en" if i % 5 == 0 else "hi", last_inbound_at=utcnow()))
        session.flush()
        notice = Notice(author_id=staff.id, text_hi="लोन कैंप कल", text_en="Loan camp tomorrow", area="block",
                        area_codes=[block], audience="didis", status=NoticeStatus.SCHEDULED, scheduled_at=utcnow())
        session.add(notice)
        session.flush()
        return notice.id


def rows(runtime, notice_id: int) -> list[OutboxMessage]:
    with runtime.db.sessions() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.notice_id == notice_id)))


def test_an_interrupted_fanout_resumes_without_repeating_anyone(runtime):
    set_notices(runtime, fanout_chunk=7, template=TEMPLATES)
    notice_id = people(runtime, 40)
    with runtime.db.session() as session:
        fanout.begin(session, session.get(Notice, notice_id), utcnow())
    # a crash after three chunks had been made: the run that follows starts after them
    with runtime.db.session() as session:
        notice = session.get(Notice, notice_id)
        notice.fanout_after = session.scalar(select(func.min(User.id))) + 21
    fanout.fan_out(runtime.db, runtime.settings, notice_id, utcnow())
    assert len(rows(runtime, notice_id)) < 40
    with runtime.db.session() as session:
        notice = session.get(Notice, notice_id)
        notice.fanout_after, notice.fanned_out_at = 0, None  # ... and everything is run again
    sweep.start_due(runtime)
    made = rows(runtime, notice_id)
    assert len(made) == 40 and len({(r.channel, r.address) for r in made}) == 40
    english = [r for r in made if r.payload["text"].endswith("Loan camp tomorrow")]
    assert len(english) == 8 and all(r.payload["text"].startswith("📢 Block office") for r in english)
    for r in made:
        assert r.priority == fanout.BULK_PRIORITY and r.payload["broadcast"] is True and r.user_id is not None
        fallback = r.payload.get("template_fallback")
        if r.channel == "whatsapp":
            lang = "en" if r.payload["text"].endswith("tomorrow") else "hi"
            assert fallback == {"sid": TEMPLATES[lang], "variables": {"1": "Loan camp tomorrow" if lang == "en" else "लोन कैंप कल"}}
        else:
            assert fallback is None
    with runtime.db.sessions() as session:
        assert session.get(Notice, notice_id).fanned_out_at is not None


def test_a_notice_stopped_between_chunks_creates_no_more_rows(runtime):
    set_notices(runtime, fanout_chunk=5)
    notice_id = people(runtime, 20)
    with runtime.db.session() as session:
        notice = session.get(Notice, notice_id)
        fanout.begin(session, notice, utcnow())
        notice.fanout_after = 0
    with runtime.db.session() as session:
        fanout.stop(session, session.get(Notice, notice_id), utcnow())
    assert fanout.fan_out(runtime.db, runtime.settings, notice_id, utcnow()) == 0
    assert rows(runtime, notice_id) == []


def test_an_author_who_lost_the_area_sends_nothing(runtime):
    notice_id = people(runtime, 3)
    with runtime.db.session() as session:
        author = session.scalar(select(User).where(User.address == "staff"))
        author.role = "didi"  # no longer staff by the time it is due
    sweep.start_due(runtime, now=utcnow() + timedelta(seconds=1))
    with runtime.db.sessions() as session:
        assert session.get(Notice, notice_id).status == NoticeStatus.CANCELLED
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
