"""A user's personal data, as India's DPDP Act 2023 lets her ask: what the bot holds about her,
and erasing it. One action for the chat (handlers/privacy.py) and staff (`user delete`).

Erasing removes her name, phone, chat address, SHG name, photos and the texts of messages to her
and from her (handled inbox rows; the confirmation itself goes with retention);
her listings are withdrawn, her demands closed, and whoever she was connected with is told she
left. Rows without her identity stay (district, role, dates, deal reports) so reports still count."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from models import (Conversation, Demand, DemandStatus, Follow, InboxMessage, InboxStatus, Listing, ListingStatus, Match,
                    Media, OutboxMessage, OutboxStatus, User, UserAddress)

from . import outbox
from .market import deals
from .i18n import t
from .messages import Outgoing

log = logging.getLogger(__name__)
ERASED = "erased"


@dataclass
class Held:
    """What the bot holds about one user, for "my data"."""

    listings: int
    demands: int
    photos: int
    messages: int


def held(session: Session, user: User) -> Held:
    count = lambda query: session.scalar(query) or 0  # noqa: E731
    return Held(
        listings=count(select(func.count()).select_from(Listing).where(Listing.user_id == user.id,
                                                                         Listing.status == ListingStatus.ACTIVE)),
        demands=count(select(func.count()).select_from(Demand).where(Demand.user_id == user.id,
                                                                       Demand.status == DemandStatus.OPEN)),
        photos=count(select(func.count()).select_from(Media).where(Media.owner_id == user.id, Media.status == "ready")),
        messages=count(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.user_id == user.id)),
    )


def _tell_counterparties(session: Session, user: User) -> int:
    """Open connections (both said yes, her listing or his demand still live): the other side hears
    she left, with the code they know the deal by. Returns how many were told."""
    told = 0
    rows = session.execute(
        select(Match, Listing, Demand).join(Listing, Listing.id == Match.listing_id).join(Demand, Demand.id == Match.demand_id)
        .where(Match.connected_at.is_not(None), or_(Match.seller_id == user.id, Match.buyer_id == user.id),
               Listing.status == ListingStatus.ACTIVE, Demand.status == DemandStatus.OPEN)).all()
    for match, listing, demand in rows:
        other = session.get(User, match.buyer_id if match.seller_id == user.id else match.seller_id)
        if other is None or other.erased_at is not None:
            continue
        code = listing.code if match.seller_id == user.id else demand.code
        if outbox.push(session, other, Outgoing(text=t(other.lang, "privacy.partner_left", code=code))):
            told += 1
    return told


def _erase_photos(session: Session, settings, user: User) -> int:
    from .media_store import store_for

    store = store_for(settings)
    photos = list(session.scalars(select(Media).where(Media.owner_id == user.id)))
    for media in photos:
        shared = media.filename and session.scalar(select(func.count()).select_from(Media).where(
            Media.filename == media.filename, Media.id != media.id, Media.status == "ready"))
        if media.filename and not shared:  # the same picture sent by someone else stays theirs
            store.delete(media.filename)
        media.status, media.filename, media.source_ref, media.sha256, media.owner_id = ERASED, None, None, None, None
    return len(photos)


def erase(session: Session, settings, user: User, now: datetime) -> int:
    """Erase `user`'s personal data (in the caller's transaction). Returns counterparties told."""
    told = _tell_counterparties(session, user)
    session.execute(update(Listing).where(Listing.user_id == user.id, Listing.status == ListingStatus.ACTIVE)
                    .values(status=ListingStatus.WITHDRAWN, photo_id=None))
    deals.forget_active_listings(session)
    session.execute(update(Listing).where(Listing.user_id == user.id).values(photo_id=None))
    session.execute(update(Demand).where(Demand.user_id == user.id, Demand.status == DemandStatus.OPEN)
                    .values(status=DemandStatus.CLOSED))
    _erase_photos(session, settings, user)
    session.execute(delete(Follow).where(Follow.user_id == user.id))  # what she followed is about her too
    session.execute(update(OutboxMessage).where(OutboxMessage.user_id == user.id,
                                                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
                    .values(status=OutboxStatus.SKIPPED, error="user erased her data"))
    session.execute(update(OutboxMessage).where(OutboxMessage.user_id == user.id)
                    .values(payload={ERASED: True}, address=ERASED))
    addresses = {(a.channel, a.address) for a in session.scalars(select(UserAddress).where(UserAddress.user_id == user.id))}
    if user.channel and user.address:
        addresses.add((user.channel, user.address))
    for channel, address in addresses:  # what she typed, kept by the inbox in queue mode, on each of her channels
        session.execute(update(InboxMessage).where(InboxMessage.channel == channel, InboxMessage.address == address,
                                                   InboxMessage.status == InboxStatus.DONE)
                        .values(message={ERASED: True}, address=ERASED))
    session.execute(delete(UserAddress).where(UserAddress.user_id == user.id))  # her other channels' addresses
    convo = session.get(Conversation, user.id)
    if convo is not None:
        convo.flow = convo.step = convo.last_prompt = None
        convo.data, convo.options = {}, []
    user.name = user.profile_name = user.phone = user.shg_name = user.channel = user.address = None
    user.phone_verified, user.onboarded, user.opted_out, user.unreachable = False, False, True, True
    user.erased_at = now
    log.info("erased the data of user %s; %d counterparties told", user.id, told)
    return told

