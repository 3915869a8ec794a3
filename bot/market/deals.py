"""Creating listings and demands, and recording their matches (never the same pair twice)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, object_session

from bot import catalog, matching, states
from bot.config import MarketSettings
from models import Demand, DemandStatus, Listing, ListingStatus, Lot, Match, User


_COUNTED = "active_listings"  # session.info: {user id: her active listings}, read with her row
_EPOCH = "listings_changed"  # session.info: how many times counts were forgotten


def active_listings_counted():
    """Her active listings as a column of a query on `users` (identity reads it with her row)."""
    return (select(func.count()).select_from(Listing)
            .where(Listing.user_id == User.id, Listing.status == ListingStatus.ACTIVE).scalar_subquery())


def remember_active_listings(session: Session, user_id: int, count: int) -> None:
    session.info.setdefault(_COUNTED, {})[user_id] = count


def forget_active_listings(session: Session) -> None:
    """A listing was made, or one's status changed: the next count is read again."""
    session.info.pop(_COUNTED, None)
    session.info[_EPOCH] = session.info.get(_EPOCH, 0) + 1


def listings_epoch(session: Session) -> int:
    """Changes whenever counts are forgotten: a count read before is stale if it changed."""
    return session.info.get(_EPOCH, 0)


@event.listens_for(Listing.status, "set")
def _status_set(listing: Listing, value, old, initiator) -> None:
    session = object_session(listing)
    if session is not None and value != old:
        forget_active_listings(session)


def active_listings(session: Session, user: User) -> int:
    """Her active listings: as read with her row this turn, or as committed or flushed
    (create_listing flushes), read without flushing what else this turn changed."""
    counted = session.info.get(_COUNTED, {}).get(user.id)
    if counted is not None:
        return counted
    with session.no_autoflush:
        return session.scalar(select(func.count()).select_from(Listing)
                              .where(Listing.user_id == user.id, Listing.status == ListingStatus.ACTIVE)) or 0


def demands_today(session: Session, user: User, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(Demand)
                          .where(Demand.user_id == user.id, Demand.created_at > now - timedelta(days=1))) or 0


def create_listing(session: Session, user: User, draft: dict, now: datetime) -> Listing:
    product = catalog.product(draft["product"])
    listing = Listing(
        user_id=user.id, product=product.key, quantity=Decimal(draft["quantity"]), unit=draft["unit"],
        price=Decimal(draft["price"]) if draft.get("price") is not None else None,
        district_code=user.district_code, block_code=user.block_code, photo_id=draft.get("photo_id"),
        status=ListingStatus.ACTIVE, created_at=now, expires_at=now + timedelta(days=product.fresh_days),
    )
    session.add(listing)
    session.flush()
    forget_active_listings(session)
    return listing


def delivery_block(user: User, district_code: int) -> int | None:
    """A demand delivered in the buyer's own district is placed in his block (it ranks sellers there first)."""
    return user.block_code if district_code == user.district_code else None


def create_demand(session: Session, user: User, draft: dict, market: MarketSettings, now: datetime,
                  timezone: str) -> Demand:
    district = draft["district_code"]
    needed_by = date.fromisoformat(draft["needed_by"]) if draft.get("needed_by") else None
    expires = now + timedelta(days=market.demand_days)
    if needed_by is not None:  # open until the end of that day in Bihar
        expires = datetime.combine(needed_by, time.max, tzinfo=ZoneInfo(timezone)).astimezone(now.tzinfo)
    demand = Demand(
        user_id=user.id, product=draft["product"], quantity=Decimal(draft["quantity"]), unit=draft["unit"],
        max_price=Decimal(draft["price"]) if draft.get("price") is not None else None,
        district_code=district, block_code=delivery_block(user, district),
        needed_by=needed_by, status=DemandStatus.OPEN, created_at=now, expires_at=expires,
    )
    if district == states.OUTSIDE_BIHAR:  # a far buyer's demand says where he is
        demand.state_code, demand.city = user.state_code, user.city
    session.add(demand)
    session.flush()
    return demand


def _known_pairs(session: Session, demand_ids: list[int], listing_ids: list[int]) -> dict[tuple[int, int], Match]:
    if not demand_ids or not listing_ids:
        return {}
    rows = session.scalars(select(Match).where(Match.demand_id.in_(demand_ids), Match.listing_id.in_(listing_ids)))
    return {(m.demand_id, m.listing_id): m for m in rows}


def match_listing(session: Session, listing: Listing, market: MarketSettings, now: datetime) -> list[tuple[Match, Demand]]:
    """Open demands for a new listing, best first; the seller sees them in her reply at once."""
    found = matching.demands_for_listing(session, listing, now=now, limit=market.matches_shown)
    known = _known_pairs(session, [f.demand_id for f in found], [listing.id])
    out = []
    for rank, f in enumerate(found):
        match = known.get((f.demand_id, listing.id))
        if match is None:
            match = Match(demand_id=f.demand_id, listing_id=listing.id, seller_id=listing.user_id, buyer_id=f.buyer_id,
                          district_code=listing.district_code, block_code=listing.block_code, rank=rank, tier=f.tier, created_at=now, seller_notified_at=now)
            session.add(match)
        out.append((match, session.get(Demand, f.demand_id)))
    session.flush()
    return out


def match_demand(session: Session, demand: Demand, market: MarketSettings, now: datetime, *, with_lot: bool = True
                 ) -> tuple[list[tuple[Match, Listing]], tuple[Lot, list[tuple[Match, Listing]]] | None]:
    """Listings for a new demand, best first, and a lot from one block or district when no single
    listing covers it. The buyer sees both in the reply; sellers hear in the next alert batch."""
    found = matching.listings_for_demand(session, demand, now=now, limit=market.matches_shown)
    plan = None
    if with_lot and (not found or found[0].quantity < demand.quantity):
        plan = matching.assemble_lot(session, demand, now=now)
    ids = [f.listing_id for f in found] + ([m.listing_id for m in plan.listings] if plan else [])
    known = _known_pairs(session, [demand.id], ids)

    def record(f: matching.ListingMatch, rank: int, lot: Lot | None) -> tuple[Match, Listing]:
        match = known.get((demand.id, f.listing_id))
        if match is None:
            match = Match(demand_id=demand.id, listing_id=f.listing_id, seller_id=f.seller_id, buyer_id=demand.user_id,
                          district_code=f.district_code, block_code=f.block_code, rank=rank, tier=f.tier, created_at=now, buyer_notified_at=now)
            session.add(match)
            known[(demand.id, f.listing_id)] = match
        if lot is not None:
            match.lot_id = lot.id
        return match, session.get(Listing, f.listing_id)

    singles = [record(f, rank, None) for rank, f in enumerate(found)]
    lot_part = None
    if plan is not None:
        lot = Lot(demand_id=demand.id, district_code=plan.district_code, block_code=plan.block_code,
                  quantity=plan.quantity, created_at=now)
        session.add(lot)
        session.flush()
        lot_part = (lot, [record(f, rank, lot) for rank, f in enumerate(plan.listings)])
    session.flush()
    return singles, lot_part
