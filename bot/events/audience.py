"""Who an event invites, as notices target: didis and/or buyers of its area (a block, a district or
all Bihar), optionally only those who traded its product in the last 90 days; never the opted-out
or unreachable. A buyer-seller meet also invites the buyers whose open demand wants a product the
invited didis list."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select, true
from sqlalchemy.orm import Session

from models import Demand, DemandStatus, Event, EventKind, Listing, ListingStatus, Role, User

TRADED_DAYS = 90
ROLES = {"didis": [Role.DIDI], "buyers": [Role.BUYER], "both": [Role.DIDI, Role.BUYER]}
AREAS = ("block", "district", "bihar")


def _reachable():
    return and_(User.onboarded, ~User.opted_out, ~User.unreachable, User.channel.is_not(None), User.address.is_not(None))


def _in_area(event: Event):
    codes = list(event.area_codes or [])
    if event.area == "bihar":
        return true()
    return User.block_code.in_(codes) if event.area == "block" else User.district_code.in_(codes)


def invited(session: Session, event: Event, now: datetime) -> list[User]:
    conditions = [_reachable(), User.role.in_(ROLES[event.audience]), _in_area(event)]
    if event.product:
        since = now - timedelta(days=TRADED_DAYS)
        conditions.append(or_(
            exists().where(Listing.user_id == User.id, Listing.product == event.product, Listing.created_at >= since),
            exists().where(Demand.user_id == User.id, Demand.product == event.product, Demand.created_at >= since)))
    people = list(session.scalars(select(User).where(*conditions).order_by(User.id)))
    if event.kind == EventKind.MEET and event.audience != "buyers":
        known = {u.id for u in people}
        people += [b for b in matching_buyers(session, event, [u for u in people if u.role == Role.DIDI], now)
                   if b.id not in known]
    return people


def didi_products(session: Session, didi_ids: list[int], now: datetime) -> dict[int, set[str]]:
    """The products each of these didis has on an active listing."""
    found: dict[int, set[str]] = {}
    if not didi_ids:
        return found
    for user_id, product in session.execute(select(Listing.user_id, Listing.product).where(
            Listing.user_id.in_(didi_ids), Listing.status == ListingStatus.ACTIVE, Listing.expires_at > now)):
        found.setdefault(user_id, set()).add(product)
    return found


def matching_buyers(session: Session, event: Event, didis: list[User], now: datetime) -> list[User]:
    """Buyers with an open demand for a product the invited didis list (or the event's product)."""
    products = set().union(*didi_products(session, [d.id for d in didis], now).values()) if didis else set()
    if event.product:
        products &= {event.product}
    if not products:
        return []
    return list(session.scalars(select(User).where(_reachable(), User.role == Role.BUYER, exists().where(
        Demand.user_id == User.id, Demand.status == DemandStatus.OPEN, Demand.expires_at > now,
        Demand.product.in_(sorted(products)))).order_by(User.id)))


def buyer_wants(session: Session, buyer_id: int, now: datetime) -> set[str]:
    return set(session.scalars(select(Demand.product).where(
        Demand.user_id == buyer_id, Demand.status == DemandStatus.OPEN, Demand.expires_at > now)))
