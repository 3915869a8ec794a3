"""Follows: "makhana Purnia follow karo" — new listings of a product (in one district or all of
Bihar) reach the follower at once (throttled like match alerts) or in one message a day. A didi's
follow hears of new demand for the product instead, from anywhere in Bihar and beyond."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot import outbox, places
from bot.i18n import t, words
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from bot.parser.normalize import tokenize
from bot.parser.products import find_products, heads
from bot.quiet_hours import quiet
from models import Demand, DemandStatus, Follow, Listing, ListingStatus, Role, User, utcnow

MAX_FOLLOWS = 20  # per user


def asks_to_follow(text: str) -> bool:
    tokens = set(tokenize(text))
    return bool(tokens & words("keywords.follow")) and not asks_for_list(text)


def asks_for_list(text: str) -> bool:
    typed = " ".join(tokenize(text))
    return typed in words("keywords.follow_list") or bool(set(tokenize(text)) & words("keywords.unfollow"))


def subject(text: str) -> tuple[str | None, int | None]:
    """(product key, district code) named in a follow request; either may be None."""
    tokens = tokenize(text)
    hits = heads(tokens, find_products(tokens))
    district = places.district_in_text(text)
    if district is None and {"gaya", "गया"} & set(tokens):
        district = places.find_district("gaya")  # read as a verb elsewhere; in "aloo Gaya follow" a place
    return (hits[0].key if hits else None), (district.code if district else None)


def area_name(lang: str, district_code: int | None) -> str:
    return fmt.place(lang, district_code) if district_code else t(lang, "follow.all_bihar")


def follow(session: Session, user: User, product: str, district_code: int | None, now: datetime) -> tuple[Follow, bool]:
    """The user's follow of this product and area (created if new); True when it is new."""
    found = session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.product == product,
                                                Follow.district_code.is_(None) if district_code is None
                                                else Follow.district_code == district_code))
    if found is not None:
        return found, False
    row = Follow(user_id=user.id, product=product, district_code=district_code, created_at=now, told_until=now)
    session.add(row)
    session.flush()
    return row, True


def follows_of(session: Session, user_id: int) -> list[Follow]:
    return list(session.scalars(select(Follow).where(Follow.user_id == user_id).order_by(Follow.id)))


def count(session: Session, user_id: int) -> int:
    return len(follows_of(session, user_id))


def _new_listings(session: Session, follows: list[Follow]) -> dict[int, list[Listing]]:
    """Per follow: active listings created since it was last told, not the follower's own."""
    if not follows:
        return {}
    found: dict[int, list[Listing]] = defaultdict(list)
    conditions = [and_(Listing.product == f.product, Listing.created_at > f.told_until, Listing.user_id != f.user_id,
                       *([Listing.district_code == f.district_code] if f.district_code else []))
                  for f in follows]
    rows = session.scalars(select(Listing).where(Listing.status == ListingStatus.ACTIVE, or_(*conditions))
                           .order_by(Listing.created_at.desc(), Listing.id.desc()))
    for listing in rows:
        for f in follows:
            if (listing.product == f.product and listing.created_at > f.told_until and listing.user_id != f.user_id
                    and (f.district_code is None or listing.district_code == f.district_code)):
                found[f.id].append(listing)
    return found


def _new_demands(session: Session, follows: list[Follow], now: datetime) -> dict[int, list[Demand]]:
    """Per (didi's) follow: open demands posted since it was last told, not her own."""
    if not follows:
        return {}
    found: dict[int, list[Demand]] = defaultdict(list)
    conditions = [and_(Demand.product == f.product, Demand.created_at > f.told_until, Demand.user_id != f.user_id,
                       *([Demand.district_code == f.district_code] if f.district_code else []))
                  for f in follows]
    rows = session.scalars(select(Demand).where(Demand.status == DemandStatus.OPEN, Demand.expires_at > now,
                                                or_(*conditions)).order_by(Demand.created_at.desc(), Demand.id.desc()))
    for demand in rows:
        for f in follows:
            if (demand.product == f.product and demand.created_at > f.told_until and demand.user_id != f.user_id
                    and (f.district_code is None or demand.district_code == f.district_code)):
                found[f.id].append(demand)
    return found


def demand_message(lang: str, follow_row: Follow, demands: list[Demand], shown: int) -> Outgoing:
    """To a didi: the new demand for what she follows, each with "I have it" (handlers/deeplink.py)."""
    area = area_name(lang, follow_row.district_code) if follow_row.district_code else t(lang, "follow_demand.anywhere")
    head = t(lang, "follow_demand.new", product=fmt.product(lang, follow_row.product), area=area, count=len(demands))
    lines = [t(lang, "follow.line", code=item.code, line=fmt.demand_line(lang, item)) for item in demands[:shown]]
    if len(demands) > shown:
        lines.append(t(lang, "follow.more", count=len(demands) - shown))
    options = [Option(t(lang, "follow_demand.offer", code=item.code), f"dl:offer:{item.id}") for item in demands[:shown]]
    return Outgoing(text="\n".join([head, *lines]), options=[*options, Option(t(lang, "follow.list"), "follow:list")])


def message(lang: str, follow_row: Follow, listings: list[Listing], shown: int) -> Outgoing:
    head = t(lang, "follow.new_listings", product=fmt.product(lang, follow_row.product),
             area=area_name(lang, follow_row.district_code), count=len(listings))
    lines = [t(lang, "follow.line", code=item.code, line=fmt.listing_line(lang, item)) for item in listings[:shown]]
    if len(listings) > shown:
        lines.append(t(lang, "follow.more", count=len(listings) - shown))
    return Outgoing(text="\n".join([head, *lines]), options=[
        Option(t(lang, "follow.post_demand"), "menu:buy"), Option(t(lang, "follow.list"), "follow:list")])


def notify(rt, now: datetime | None = None, *, daily: bool = False) -> int:
    """Tell followers of new listings: instant follows every sweep (after the throttle window since
    their last message), daily follows once a day. Nothing at night. Returns messages queued."""
    now = now or utcnow()
    market = rt.settings.market
    if quiet(rt.settings, now):
        return 0
    wait = timedelta(minutes=market.alert_throttle_minutes)
    sent = 0
    with rt.db.session() as session:
        due = [f for f in session.scalars(select(Follow).where(Follow.daily.is_(daily)))
               if daily or f.last_sent_at is None or now - f.last_sent_at >= wait]
        users = {f.user_id: session.get(User, f.user_id) for f in due}
        sellers = {f.id for f in due if users[f.user_id].role == Role.DIDI}
        new = {**_new_listings(session, [f for f in due if f.id not in sellers]),
               **_new_demands(session, [f for f in due if f.id in sellers], now)}
        for f in due:
            items = new.get(f.id)
            if not items:
                continue
            user = users[f.user_id]
            build = demand_message if f.id in sellers else message
            if outbox.push(session, user, build(user.lang, f, items, market.matches_shown)) is not None:
                sent += 1
            f.told_until, f.last_sent_at = max(item.created_at for item in items), now
    return sent


def notify_daily(rt, now: datetime | None = None) -> int:
    return notify(rt, now, daily=True)
