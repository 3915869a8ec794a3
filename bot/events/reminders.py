"""Reminders the day before (18:00) and the morning of an event (07:30, or an hour before an earlier
start, never before 07:00), in Bihar time, to everyone the invitation reached (or who said yes
from the list) and did not decline. Nothing rings at night: an evening reminder not sent by 21:00
is dropped (the morning one still goes)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from models import Event, EventInvite, EventStatus, User, utcnow

from . import invite, when

EVE_AT, MORNING_AT = (18, 0), (7, 30)


def due(event: Event, tz: str) -> tuple[datetime, datetime]:
    """(evening-before time, morning-of time) in UTC; the morning one is never after the start."""
    day = when.local(event.starts_at, tz).date()
    eve = when.at(day - timedelta(days=1), *EVE_AT, tz)
    morning = min(when.at(day, *MORNING_AT, tz), event.starts_at - timedelta(hours=1))  # an early start: earlier
    return eve, max(morning, when.at(day, 7, 0, tz))


def send(rt, now: datetime | None = None) -> int:
    """Sweep: send the reminders that are due; idempotent (each invite records what it got)."""
    now = now or utcnow()
    tz = rt.settings.timezone
    sent = 0
    with rt.db.session() as session:
        events = session.scalars(select(Event).where(
            Event.status == EventStatus.PLANNED,
            Event.starts_at > now, Event.starts_at <= now + timedelta(days=2))).all()
        for event in events:
            eve, morning = due(event, tz)
            if morning <= now:
                column, invited_before = "morning_reminded_at", morning
            elif eve <= now < eve + timedelta(hours=6) and not when.quiet(now, rt.settings):  # 18:00-21:00 the day before
                column, invited_before = "eve_reminded_at", eve  # invited this evening: no reminder yet
            else:
                continue
            invite.record_invited(session, event)  # who the invitation (a notice) reached, and when
            rows = session.execute(select(EventInvite, User).join(User, User.id == EventInvite.user_id).where(
                EventInvite.event_id == event.id, or_(EventInvite.answer.is_(None), EventInvite.answer == "yes"),
                func.coalesce(EventInvite.invited_at, EventInvite.answered_at) < invited_before,
                getattr(EventInvite, column).is_(None))).all()
            key = "events.reminder_morning" if column == "morning_reminded_at" else "events.reminder_eve"
            for row, user in rows:
                if column == "morning_reminded_at" and row.eve_reminded_at is None:
                    row.eve_reminded_at = now  # the evening one was missed: one reminder is enough
                if invite.deliver(session, user, invite.message(session, user, event, key, now, tz), now, rt.settings):
                    sent += 1
                setattr(row, column, now)
    return sent
