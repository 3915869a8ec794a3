"""Match alerts, batched: a sweep sends what matching found since the last run, at most
`max_match_alerts_per_day` per user, never the same match twice; and the deal follow-ups."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from bot import outbox
from bot.i18n import t
from handlers.connect import demand_offer, followup_question, listings_message
from models import Demand, DemandStatus, Listing, ListingStatus, Match, User, utcnow

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


def _sent_today(session, column, user_column, user_id: int, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(Match)
                          .where(user_column == user_id, column > now - DAY)) or 0


def notify_sellers(rt, now: datetime | None = None) -> int:
    """Each didi hears of new demands for her listings: one message per demand, with its buttons."""
    now = now or utcnow()
    cap = rt.settings.market.max_match_alerts_per_day
    sent = 0
    with rt.db.session() as session:
        by_seller = _pending_by_user(session, Demand, Match.seller_notified_at, Match.seller_answer, Match.seller_id, now)
        for seller_id, items in by_seller.items():
            room = cap - _sent_today(session, Match.seller_notified_at, Match.seller_id, seller_id, now)
            seller = session.get(User, seller_id)
            for match, demand in items[:max(room, 0)]:
                if outbox.push(session, seller, demand_offer(seller.lang, demand, match)):
                    match.seller_notified_at = now
                    sent += 1
    return sent


def notify_buyers(rt, now: datetime | None = None) -> int:
    """Each buyer hears of new listings for their demands: one message listing the best few."""
    now = now or utcnow()
    market = rt.settings.market
    sent = 0
    with rt.db.session() as session:
        by_buyer = _pending_by_user(session, Listing, Match.buyer_notified_at, Match.buyer_answer, Match.buyer_id, now)
        for buyer_id, items in by_buyer.items():
            if _sent_today(session, Match.buyer_notified_at, Match.buyer_id, buyer_id, now) >= market.max_match_alerts_per_day:
                continue
            buyer = session.get(User, buyer_id)
            batch = items[:market.matches_shown]
            message = listings_message(buyer.lang, t(buyer.lang, "connect.sellers_found", count=len(batch)), batch, session)
            if outbox.push(session, buyer, message):
                for match, _ in batch:
                    match.buyer_notified_at = now
                sent += 1
    return sent


def send_followups(rt, now: datetime | None = None) -> int:
    """A few days after a connection, ask both sides whether a deal happened."""
    now = now or utcnow()
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
