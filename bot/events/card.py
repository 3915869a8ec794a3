"""How an event reads in a chat message, in the reader's language and on Bihar's clock; and, for a
buyer invited to a meet, the didis coming with what he wants."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import t
from bot.market import format as fmt
from models import Event, EventInvite, Role, User

from . import audience, when


def dates(event: Event, tz: str) -> str:
    start = when.shown(event.starts_at, tz)
    if event.ends_at is None:
        return start
    same_day = when.local(event.starts_at, tz).date() == when.local(event.ends_at, tz).date()
    end = when.local(event.ends_at, tz).strftime("%H:%M" if same_day else "%d/%m %H:%M")
    return f"{start} – {end}"


def text(lang: str, event: Event, tz: str) -> str:
    body = t(lang, "events.card", title=event.title, kind=t(lang, f"events.kind.{event.kind}"), dates=dates(event, tz),
             venue=event.venue, place=fmt.place(lang, event.district_code, event.block_code))
    if event.lat is not None and event.lon is not None:
        body += "\n" + t(lang, "events.map", lat=f"{event.lat:.5f}", lon=f"{event.lon:.5f}")
    if event.details:
        body += "\n" + event.details
    return body


def didis_coming_for(session: Session, event: Event, buyer: User, now: datetime) -> list[tuple[User, list[str]]]:
    """Didis who said yes and list a product this buyer wants, with those products."""
    wants = audience.buyer_wants(session, buyer.id, now)
    if not wants:
        return []
    coming = list(session.scalars(select(User).join(EventInvite, EventInvite.user_id == User.id).where(
        EventInvite.event_id == event.id, EventInvite.answer == "yes", User.role == Role.DIDI).order_by(User.id)))
    products = audience.didi_products(session, [d.id for d in coming], now)
    return [(d, sorted(products.get(d.id, set()) & wants)) for d in coming if products.get(d.id, set()) & wants]


def coming_lines(session: Session, lang: str, event: Event, buyer: User, now: datetime) -> str:
    found = didis_coming_for(session, event, buyer, now)
    if not found:
        return ""
    names = [t(lang, "events.didi_coming", name=d.name or "-", place=fmt.place(lang, d.district_code, d.block_code),
               products=", ".join(fmt.product(lang, p) for p in products)) for d, products in found]
    return "\n".join([t(lang, "events.didis_coming_title", count=len(found))] + names)
