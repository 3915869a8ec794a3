"""The ONE place events reach people: invitations, reminders and change/cancel notes, each pushed
per person through `bot.outbox.push` at a time that does not ring phones at night.

The notice engine (branch `notices`, bot/notices/fanout.py) fans a notice out by set-based INSERT;
when it is merged, `deliver` is the function to point at it (its rows would carry the event's
answer buttons); everything else here stays."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import outbox
from bot.i18n import t
from bot.messages import Option, Outgoing
from models import Event, EventInvite, Role, User

from . import audience, card, when

YES, NO = "event:yes:", "event:no:"


def deliver(session: Session, user: User, message: Outgoing, now: datetime, tz: str) -> bool:
    """Push one event message to one person, held until 07:00 if it is night in Bihar."""
    return outbox.push(session, user, message, not_before=when.not_before(now, tz)) is not None


def answer_options(lang: str, event: Event) -> list[Option]:
    if not event.registration:
        return []
    return [Option(t(lang, "events.will_come"), f"{YES}{event.id}"), Option(t(lang, "events.wont_come"), f"{NO}{event.id}")]


def message(session: Session, user: User, event: Event, key: str, now: datetime, tz: str) -> Outgoing:
    """`key` heads the event's card ("events.invitation", "events.reminder_eve", ...)."""
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


def invite(session: Session, event: Event, now: datetime, tz: str) -> int:
    """Invite everyone the event targets who has not been invited yet; returns how many."""
    had = {i.user_id: i for i in session.scalars(select(EventInvite).where(EventInvite.event_id == event.id))}
    sent = 0
    for user in audience.invited(session, event, now):
        invite_row = had.get(user.id)
        if invite_row is not None and invite_row.invited_at is not None:
            continue
        if invite_row is None:
            invite_row = EventInvite(event_id=event.id, user_id=user.id)
            session.add(invite_row)
        if deliver(session, user, message(session, user, event, "events.invitation", now, tz), now, tz):
            invite_row.invited_at = now
            sent += 1
    event.invited_at = event.invited_at or now
    return sent


def tell_yes(session: Session, event: Event, key: str, now: datetime, tz: str) -> int:
    """An edited or cancelled event: everyone who said yes hears of it."""
    told = 0
    for user in session.scalars(select(User).join(EventInvite, EventInvite.user_id == User.id).where(
            EventInvite.event_id == event.id, EventInvite.answer == "yes")):
        note = Outgoing(text=t(user.lang, key) + "\n" + card.text(user.lang, event, tz))
        told += deliver(session, user, note, now, tz)
    return told
