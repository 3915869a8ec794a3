"""How events reach people. The invitation goes out as a notice (bot/notices: the same fan-out,
targeting, preview counts, report, stop, quiet hours and WhatsApp templates), its rows carrying
the event's "1 हाँ 2 नहीं" (bot/events/notice_link.py). Reminders and change/cancel notes are for
a few people each: pushed per person through `bot.outbox.push`, never ringing at night."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import outbox
from bot.i18n import t
from bot.messages import Option, Outgoing
from bot.notices import area as areas, schedule
from models import Event, EventInvite, Notice, NoticeStatus, OutboxMessage, OutboxStatus, Role, User

from . import card, when

YES, NO = "event:yes:", "event:no:"
REACHED = (OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ)


def deliver(session: Session, user: User, message: Outgoing, now: datetime, settings) -> bool:
    """Push one event message to one person, held until the quiet hours end if it is night in Bihar."""
    return outbox.push(session, user, message, not_before=when.not_before(now, settings)) is not None


def answer_options(lang: str, event: Event) -> list[Option]:
    if not event.registration:
        return []
    return [Option(t(lang, "events.will_come"), f"{YES}{event.id}"), Option(t(lang, "events.wont_come"), f"{NO}{event.id}")]


def message(session: Session, user: User, event: Event, key: str, now: datetime, tz: str) -> Outgoing:
    """One person's reminder: `key` heads the event's card ("events.reminder_eve", ...)."""
    lang = user.lang
    body = t(lang, key) + "\n" + card.text(lang, event, tz)
    if user.role == Role.BUYER and (coming := card.coming_lines(session, lang, event, user, now)):
        body += "\n" + coming
    ask = event.registration and session.scalar(select(EventInvite.answer).where(
        EventInvite.event_id == event.id, EventInvite.user_id == user.id)) != "yes"  # a yes is not asked again
    if ask:
        body += "\n" + t(lang, "events.ask_come")
    return Outgoing(text=body, options=answer_options(lang, event) if ask else [], photo=event.photo,
                    document=event.document)


# --- the invitation, as a notice -------------------------------------------------------------
def invitation_text(lang: str, event: Event, tz: str) -> str:
    body = t(lang, "events.invitation") + "\n" + card.text(lang, event, tz)
    return body + ("\n" + t(lang, "events.ask_come") if event.registration else "")


def notice_of(session: Session, event: Event) -> Notice | None:
    return session.get(Notice, event.notice_id) if event.notice_id else None


def already_sent(session: Session, event: Event) -> Notice | None:
    """The invitation's notice once it is scheduled, going or gone (a cancelled one can be made again)."""
    notice = notice_of(session, event)
    return notice if notice is not None and notice.status not in (NoticeStatus.DRAFT, NoticeStatus.CANCELLED) else None


def draft(session: Session, event: Event, author: User, tz: str) -> Notice | None:
    """The invitation as a draft notice in `author`'s name, to preview; None when the event's area is
    not one `author` may send to (the notices' rule: block staff their block, and so on)."""
    if not areas.permitted(author, event.area, list(event.area_codes or [])):
        return None
    notice = notice_of(session, event)
    if notice is None or notice.status != NoticeStatus.DRAFT or notice.author_id != author.id:
        notice = Notice(author_id=author.id, status=NoticeStatus.DRAFT)
        session.add(notice)
    notice.text_hi, notice.text_en = invitation_text("hi", event, tz), invitation_text("en", event, tz)
    notice.photo, notice.document = event.photo, event.document
    notice.area, notice.area_codes, notice.audience, notice.product = event.area, list(event.area_codes or []), event.audience, event.product
    notice.include_groups, notice.share_contact = False, False
    session.flush()
    event.notice_id = notice.id
    return notice


def refresh(session: Session, event: Event, tz: str) -> None:
    """An invitation drafted or scheduled but not gone yet carries the event's change."""
    notice = notice_of(session, event)
    if notice is not None and notice.status in (NoticeStatus.DRAFT, NoticeStatus.SCHEDULED):
        notice.text_hi, notice.text_en = invitation_text("hi", event, tz), invitation_text("en", event, tz)
        notice.photo, notice.document = event.photo, event.document


def send(session: Session, event: Event, notice: Notice, at: datetime, settings) -> datetime:
    """Schedule the drafted invitation for `at`, or the morning after if that is in the quiet hours;
    the notice sweep fans it out. Returns when it goes."""
    if schedule.in_quiet_hours(at, settings.timezone, settings.quiet_start_hour, settings.quiet_end_hour):
        at = schedule.morning_after(at, settings.timezone, settings.quiet_end_hour)
    notice.status, notice.scheduled_at = NoticeStatus.SCHEDULED, at
    event.invited_at = at
    return at


def record_invited(session: Session, event: Event) -> int:
    """An EventInvite for everyone the invitation reached (the notice's rows sent), so reminders and
    counts know who was invited and when; only rows not recorded yet are read."""
    if event.notice_id is None:
        return 0
    known = select(EventInvite.user_id).where(EventInvite.event_id == event.id, EventInvite.invited_at.is_not(None))
    reached = session.execute(select(OutboxMessage.user_id, func.min(func.coalesce(OutboxMessage.sent_at,
                                                                                   OutboxMessage.updated_at)))
                              .where(OutboxMessage.notice_id == event.notice_id, OutboxMessage.user_id.is_not(None),
                                     OutboxMessage.status.in_(REACHED), OutboxMessage.user_id.not_in(known))
                              .group_by(OutboxMessage.user_id)).all()
    if not reached:
        return 0
    rows = {r.user_id: r for r in session.scalars(select(EventInvite).where(
        EventInvite.event_id == event.id, EventInvite.user_id.in_([u for u, _ in reached])))}
    for user_id, at in reached:
        row = rows.get(user_id)
        if row is None:
            session.add(EventInvite(event_id=event.id, user_id=user_id, invited_at=at))
        else:  # she answered from the list before her invitation came
            row.invited_at = at
    session.flush()
    return len(reached)


def counts(session: Session, event: Event) -> tuple[int, int, int]:
    """(said yes, said no, invitations that reached someone) for staff."""
    answers = dict(session.execute(select(EventInvite.answer, func.count()).where(
        EventInvite.event_id == event.id, EventInvite.answer.is_not(None)).group_by(EventInvite.answer)).all())
    reached = 0 if event.notice_id is None else session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.notice_id == event.notice_id, OutboxMessage.user_id.is_not(None),
        OutboxMessage.status.in_(REACHED))) or 0
    return answers.get("yes", 0), answers.get("no", 0), reached


def tell_yes(session: Session, event: Event, key: str, now: datetime, settings) -> int:
    """An edited or cancelled event: everyone who said yes hears of it."""
    told = 0
    for user in session.scalars(select(User).join(EventInvite, EventInvite.user_id == User.id).where(
            EventInvite.event_id == event.id, EventInvite.answer == "yes")):
        note = Outgoing(text=t(user.lang, key) + "\n" + card.text(user.lang, event, settings.timezone))
        told += deliver(session, user, note, now, settings)
    return told
