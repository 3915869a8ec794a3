"""The events page: the area's events (bot.events, models/event.py) from the period's first day
on, each with its invitations counted (coming, not coming, no answer), and one event's
registrations with CSV. Counting is done by the database (correlated counts per event row)."""
from __future__ import annotations

from flask import abort, g, url_for
from sqlalchemy import func, select

from models import Event, EventInvite, EventStatus, User

from ..i18n import t
from ..runtime import runtime
from . import names
from .csv_out import csv_response
from .filters import Filters
from .privacy import shown_phone
from .tables import Column, Table
from .web import bp, render, staff_page


def _count(*conditions):
    return select(func.count()).where(EventInvite.event_id == Event.id, *conditions).correlate(Event).scalar_subquery()


INVITED, YES, NO = _count(), _count(EventInvite.answer == "yes"), _count(EventInvite.answer == "no")


def _query(f: Filters):
    query = (select(Event, INVITED.label("invited"), YES.label("yes"), NO.label("no"))
             .where(f.area.where(Event.district_code, Event.block_code), Event.starts_at >= f.period.start))
    if f.product:
        query = query.where(Event.product == f.product)
    if f.status:
        query = query.where(Event.status == f.status)
    return query


def _cells(row, lang: str, tz: str) -> list[str]:
    event, invited, yes, no = row
    return [f"E-{event.id}", event.title, t(lang, f"events.kind.{event.kind}"), names.moment(event.starts_at, tz),
            event.venue, names.block(event.block_code, lang) if event.block_code else "",
            names.district(event.district_code, lang), t(lang, f"dashboard.event_status.{event.status}"),
            str(invited), str(yes), str(no), str(invited - yes - no)]


TABLE = Table(
    name="events",
    columns=(Column("code", Event.id), Column("title", Event.title), Column("kind", Event.kind),
             Column("starts", Event.starts_at), Column("venue"), Column("block", Event.block_code), Column("district"),
             Column("status", Event.status), Column("invited", INVITED), Column("yes", YES), Column("no", NO),
             Column("unanswered")),
    query=_query, default_sort=Event.starts_at, tiebreak=Event.id, cells=_cells,
    statuses=tuple(s.value for s in EventStatus),
    link=lambda code: url_for("dashboard.event", event_id=int(code.removeprefix("E-"))),
)


def _one(event_id: int) -> Event:
    """The event, if it is in the staff member's area; else 404, as if it did not exist."""
    event = g.db.scalar(select(Event).where(Event.id == event_id,
                                            g.viewer.area.where(Event.district_code, Event.block_code)))
    if event is None:
        abort(404)
    return event


def _invites(event: Event):
    return (select(EventInvite, User).join(User, User.id == EventInvite.user_id)
            .where(EventInvite.event_id == event.id)
            .order_by(func.coalesce(EventInvite.answer, "~"), User.name, EventInvite.id))


def _answer(lang: str, answer: str | None) -> str:
    return t(lang, f"dashboard.answer.{answer or 'none'}")


def _row(invite: EventInvite, user: User, lang: str, tz: str) -> list[str]:
    return [user.name or f"#{user.id}", shown_phone(user.phone), names.block(user.block_code, lang) if user.block_code else "",
            _answer(lang, invite.answer), names.moment(invite.answered_at, tz)]


HEADINGS = ("recipient", "phone", "block", "answer", "answered")


@bp.get("/events/<int:event_id>")
@staff_page
def event(event_id: int):
    found = _one(event_id)
    lang, tz = g.viewer.lang, runtime().settings.timezone
    invites = [_row(i, u, lang, tz) for i, u in g.db.execute(_invites(found).limit(500))]
    counts = {answer or "none": n for answer, n in g.db.execute(
        select(EventInvite.answer, func.count()).where(EventInvite.event_id == found.id).group_by(EventInvite.answer))}
    return render("dashboard/event.html", event=found, invites=invites, counts=counts, headings=HEADINGS,
                  kind=t(lang, f"events.kind.{found.kind}"))


@bp.get("/events/<int:event_id>.csv")
@staff_page
def event_csv(event_id: int):
    found = _one(event_id)
    lang, tz = g.viewer.lang, runtime().settings.timezone
    headings = [t(lang, f"dashboard.col.{k}") for k in HEADINGS]
    return csv_response(f"event-{found.id}", headings,
                        lambda db: (_row(i, u, lang, tz) for i, u in db.execute(_invites(found))))
