"""A city (buyers') group's digest of new listings: per district, one line per product pooling
every didi's listing ("• मखाना 2.1 टन (14 दीदियाँ) ₹650-720/किलो"), then a few of the listings,
each with its code and a deep link that opens it in a private chat."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Outgoing
from models import GroupChat, Listing, ListingStatus

from . import links
from .settings import DigestSettings

TONNE = Decimal(1000)


def new_listings(session: Session, group: GroupChat, since: datetime, now: datetime) -> list[Listing]:
    """Active listings created after `since` in the group's district (or all of Bihar), of its
    products if it named any; biggest first within a product."""
    where = [Listing.status == ListingStatus.ACTIVE, Listing.created_at > since, Listing.created_at <= now,
             Listing.expires_at > now]
    if not group.digest_all_bihar:
        where.append(Listing.district_code == group.district_code)
    if group.digest_products:
        where.append(Listing.product.in_(list(group.digest_products)))
    return list(session.scalars(select(Listing).where(*where).order_by(
        Listing.district_code, Listing.product, Listing.quantity.desc(), Listing.id)))


def total(lang: str, amount: Decimal, unit: str) -> str:
    """2100 kg reads "2.1 टन"; everything else as the listing says it."""
    if unit == "kg" and amount >= TONNE:
        return t(lang, "digests.tonnes", amount=fmt.number(round(amount / TONNE, 1)))
    return fmt.quantity(lang, amount, unit)


def price_span(lang: str, items: list[Listing]) -> str:
    prices = sorted(item.price for item in items if item.price is not None)
    unit = items[0].unit
    if not prices:
        return fmt.price(lang, None, unit)
    if prices[0] == prices[-1]:
        return fmt.price(lang, prices[0], unit)
    return t(lang, "digests.price_range", low=fmt.number(prices[0]), high=fmt.number(prices[-1]),
             unit=t(lang, f"units.{unit}"))


def product_lines(lang: str, settings: Settings, digests: DigestSettings, group: GroupChat,
                  product: str, items: list[Listing]) -> list[str]:
    sellers = len({item.user_id for item in items})
    key = "digests.product_line_one" if sellers == 1 else "digests.product_line"
    lines = [t(lang, key, product=fmt.product(lang, product), count=sellers, price=price_span(lang, items),
               quantity=total(lang, sum((item.quantity for item in items), Decimal(0)), items[0].unit))]
    for item in items[:digests.listings_shown]:
        lines.append(t(lang, "digests.listing_link", code=item.code, place=fmt.place(lang, None if item.block_code else item.district_code, item.block_code),
                       ships=t(lang, "digests.ships_mark") if item.ships else "",
                       link=links.for_group(settings, digests, group.channel, item.code)))
    if len(items) > digests.listings_shown:
        lines.append(t(lang, "digests.more", count=len(items) - digests.listings_shown))
    return lines


def digest(session: Session, settings: Settings, digests: DigestSettings, group: GroupChat, since: datetime,
           now: datetime, lang: str = "hi") -> tuple[Outgoing, datetime] | None:
    """The digest of what was listed since `since` and the newest listing's time; None when nothing was."""
    found = new_listings(session, group, since, now)
    if not found:
        return None
    by_place: dict[int, dict[str, list[Listing]]] = defaultdict(lambda: defaultdict(list))
    for item in found:
        by_place[item.district_code][item.product].append(item)
    lines: list[str] = []
    shown = 0
    for district, products in by_place.items():
        if shown >= digests.lines_shown:
            break
        lines.append(t(lang, "digests.city_title", place=fmt.place(lang, district)))
        for product, items in sorted(products.items(), key=lambda kv: -sum(i.quantity for i in kv[1])):
            if shown >= digests.lines_shown:
                break
            lines += product_lines(lang, settings, digests, group, product, items)
            shown += 1
    lines.append(t(lang, "digests.city_footer"))
    return Outgoing(text="\n".join(lines)), max(item.created_at for item in found)
