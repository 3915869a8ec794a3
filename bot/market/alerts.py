"""Match alerts: a sweep every few seconds tells each user of new matches at once; matches that come
within `alert_throttle_minutes` of an alert wait and go out together as one message (a leading-edge
throttle); at most `max_match_alerts_per_day` such messages a day, never the same match twice, none
in the quiet hours. And the deal follow-ups."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, distinct, exists, func, select

from bot import outbox
from bot.i18n import t
from bot.quiet_hours import quiet
from bot.market import deals
from handlers.connect import demands_message, followup_question, listings_message, listings_offer, tell_staff_about_lot
from models import Demand, DemandStatus, Listing, ListingStatus, Lot, Match, User, utcnow

DAY = timedelta(days=1)


def _open_pairs():
    return and_(Listing.id == Match.listing_id, Listing.status == ListingStatus.ACTIVE,
                Demand.id == Match.demand_id, Demand.status == DemandStatus.OPEN)


def _pending_by_user(session, other, notified, answer, user_column, now: datetime) -> dict[int, list]:
    """Matches not yet told to one side (and not answered), still open, grouped by that side's user."""
    rows = session.execute(
        select(Match, other).join(Listing, Listing.id == Match.listing_id).join(Demand, Demand.id == Match.demand_id)
        .where(notified.is_(None), answer.is_(None), _open_pairs(), Demand.expires_at > now, Listing.expires_at > now)
        .order_by(user_column, Match.tier, Match.id)
    ).all()
    grouped: dict[int, list] = defaultdict(list)
    for match, item in rows:
        grouped[getattr(match, user_column.key)].append((match, item))
    return grouped


def _alerts_today(session, notified, user_column, user_id: int, now: datetime) -> int:
    """Alert messages the user got from the sweeps in the last 24 h: one per sweep time. Matches
    shown in the user's own reply are marked at the moment they were made, so they do not count."""
    return session.scalar(select(func.count(distinct(notified))).select_from(Match).where(
        user_column == user_id, notified > now - DAY, notified > Match.created_at)) or 0


def _throttled(session, notified, user_column, user_id: int, now: datetime, market) -> bool:
    """True when the user's last alert was less than `alert_throttle_minutes` ago, or the daily cap
    is reached: new matches wait (and are gathered into the next message)."""
    last = session.scalar(select(func.max(notified)).where(user_column == user_id, notified > Match.created_at))
    if last is not None and now - last < timedelta(minutes=market.alert_throttle_minutes):
        return True
    return _alerts_today(session, notified, user_column, user_id, now) >= market.max_match_alerts_per_day


def _tell(session, user: User, message, pairs: list, told_at: str, now: datetime) -> int:
    """Push one alert about these matches and mark them told (`told_at`: that side's column); 1 if sent."""
    if outbox.push(session, user, message) is None:
        return 0
    for match, _ in pairs:
        setattr(match, told_at, now)
    return 1


def _told_demands(session, seller_id: int, demand_ids: list[int]) -> set[int]:
    """Demands this didi has already heard of, through any of her listings."""
    return set(session.scalars(select(Match.demand_id).where(
        Match.seller_id == seller_id, Match.demand_id.in_(demand_ids), Match.seller_notified_at.is_not(None))))


def notify_sellers(rt, now: datetime | None = None) -> int:
    """Each didi hears of new demands for her listings: one message with the best few, each demand
    once however many of her listings it matches."""
    now = now or utcnow()
    market = rt.settings.market
    if quiet(rt.settings, now):
        return 0
    sent = 0
    with rt.db.session() as session:
        by_seller = _pending_by_user(session, Demand, Match.seller_notified_at, Match.seller_answer, Match.seller_id, now)
        for seller_id, items in by_seller.items():
            told = _told_demands(session, seller_id, [demand.id for _, demand in items])
            batch = []
            for match, demand in items:
                if demand.id in told:
                    match.seller_notified_at = match.seller_notified_at or match.created_at  # nothing new to say
                else:
                    told.add(demand.id)
                    batch.append((match, demand))
            if not batch or _throttled(session, Match.seller_notified_at, Match.seller_id, seller_id, now, market):
                continue
            seller = session.get(User, seller_id)
            batch = batch[:market.matches_shown]
            message = demands_message(seller.lang, t(seller.lang, "connect.buyers_found", count=len(batch)), batch)
            sent += _tell(session, seller, message, batch, "seller_notified_at", now)
    return sent


def notify_buyers(rt, now: datetime | None = None) -> int:
    """Each buyer hears of new listings for their demands: one message listing the best few."""
    now = now or utcnow()
    market = rt.settings.market
    if quiet(rt.settings, now):
        return 0
    sent = 0
    with rt.db.session() as session:
        by_buyer = _pending_by_user(session, Listing, Match.buyer_notified_at, Match.buyer_answer, Match.buyer_id, now)
        for buyer_id, items in by_buyer.items():
            if _throttled(session, Match.buyer_notified_at, Match.buyer_id, buyer_id, now, market):
                continue
            buyer = session.get(User, buyer_id)
            batch = items[:market.matches_shown]
            message = listings_message(buyer.lang, t(buyer.lang, "connect.sellers_found", count=len(batch)), batch, session)
            sent += _tell(session, buyer, message, batch, "buyer_notified_at", now)
    return sent


def offer_lots(rt, now: datetime | None = None) -> int:
    """Bulk demand no single didi covers: when listings have come in since it was posted, a lot is
    tried again; the buyer gets it as one offer (with the best singles), the block's staff are told."""
    now = now or utcnow()
    market = rt.settings.market
    if quiet(rt.settings, now):
        return 0
    offered = 0
    with rt.db.session() as session:
        untold = exists().where(Match.demand_id == Demand.id, Match.buyer_notified_at.is_(None),
                                Match.buyer_answer.is_(None))
        has_lot = exists().where(Lot.demand_id == Demand.id)
        waiting = session.scalars(select(Demand).where(Demand.status == DemandStatus.OPEN, Demand.expires_at > now,
                                                       untold, ~has_lot).order_by(Demand.id)).all()
        for demand in waiting:
            with session.begin_nested() as attempt:
                singles, lot_part = deals.match_demand(session, demand, market, now)
                if lot_part is None:
                    attempt.rollback()  # still no lot: the new matches go out in the usual alert
                    continue
            buyer = session.get(User, demand.user_id)
            offer = listings_offer(buyer.lang, session, singles, lot_part)
            offered += _tell(session, buyer, offer, singles + lot_part[1], "buyer_notified_at", now)
            tell_staff_about_lot(session, *lot_part)
    return offered


def send_followups(rt, now: datetime | None = None) -> int:
    """A few days after a connection, ask both sides whether a deal happened (not at night)."""
    now = now or utcnow()
    if quiet(rt.settings, now):
        return 0
    sent = 0
    with rt.db.session() as session:
        due = session.scalars(select(Match).where(Match.followup_due_at <= now, Match.followup_sent_at.is_(None)))
        for match in due:
            seller, buyer = session.get(User, match.seller_id), session.get(User, match.buyer_id)
            listing = session.get(Listing, match.listing_id)
            for me, other in ((seller, buyer), (buyer, seller)):
                outbox.push(session, me, followup_question(me.lang, match, listing, other))
            match.followup_sent_at = now
            sent += 1
    return sent
