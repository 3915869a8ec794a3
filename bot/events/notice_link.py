"""What the notice engine needs to know of an event whose invitation it sends (bot/notices hooks):
the invitation's options answer the event ("1 हाँ 2 नहीं"), and a buyer-seller meet also reaches
the buyers whose open demand wants a product the invited didis list."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import object_session

from bot.messages import Option
from bot.i18n import t
from bot.notices import audience, message, report
from models import Demand, DemandStatus, Event, EventKind, Listing, ListingStatus, Notice, Role, User

from . import invite


def event_of(notice: Notice) -> Event | None:
    session = object_session(notice)
    if notice.id is None or session is None:
        return None  # a probe or a notice not stored: nobody's invitation
    return session.scalar(select(Event).where(Event.notice_id == notice.id))


def options(notice: Notice, lang: str) -> list[Option] | None:
    event = event_of(notice)
    if event is None or not event.registration:
        return None  # the notice's own "और जानकारी"
    return invite.answer_options(lang, event)


def meet_buyers(notice: Notice, now: datetime) -> ColumnElement[bool] | None:
    event = event_of(notice)
    if event is None or event.kind != EventKind.MEET or notice.audience == "buyers":
        return None
    didis = Notice(area=notice.area, area_codes=list(notice.area_codes or []), audience="didis", product=notice.product)
    invited_didis = select(User.id).where(audience.matching(didis, now), audience.reachable()).correlate(None)
    products = select(Listing.product).where(Listing.user_id.in_(invited_didis), Listing.status == ListingStatus.ACTIVE,
                                             Listing.expires_at > now)
    if notice.product:
        products = products.where(Listing.product == notice.product)
    return and_(User.role == Role.BUYER, User.channel.is_not(None), User.address.is_not(None), User.onboarded,
                exists().where(Demand.user_id == User.id, Demand.status == DemandStatus.OPEN, Demand.expires_at > now,
                               Demand.product.in_(products)))


def answers(notice: Notice, lang: str) -> str | None:
    """An invitation's report also says who is coming."""
    event = event_of(notice)
    if event is None or not event.registration:
        return None
    yes, no, _ = invite.counts(object_session(notice), event)
    return t(lang, "events.notice_answers", title=event.title, yes=yes, no=no)


def register() -> None:
    if answers not in report.EXTRA_LINES:
        report.EXTRA_LINES.append(answers)
    if options not in message.OPTION_HOOKS:
        message.OPTION_HOOKS.append(options)
    if meet_buyers not in audience.EXTRA_RECIPIENTS:
        audience.EXTRA_RECIPIENTS.append(meet_buyers)
