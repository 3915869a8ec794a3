"""A village (didis') group's digest of open demand: new demands, from anywhere, for the products
made in the group's block or district ("पटना के खरीदार: 200 किलो मखाना ₹650/किलो तक (D-117)"),
and a short mandi price line for those products when prices are known."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Outgoing
from bot.prices.answer import price_line
from bot.prices.settings import price_settings
from models import Demand, DemandStatus, GroupChat, Listing

from . import links
from .settings import DigestSettings

MADE_DAYS = 180  # a product listed in the area this recently is "made there"


def products_made(session: Session, group: GroupChat, now: datetime) -> list[str]:
    where = [Listing.district_code == group.district_code, Listing.created_at > now - timedelta(days=MADE_DAYS)]
    if group.block_code is not None:
        where.append(Listing.block_code == group.block_code)
    return sorted(set(session.scalars(select(Listing.product).where(*where).distinct())))


def new_demand(session: Session, products: list[str], since: datetime, now: datetime) -> list[Demand]:
    if not products:
        return []
    return list(session.scalars(select(Demand).where(
        Demand.status == DemandStatus.OPEN, Demand.product.in_(products), Demand.created_at > since,
        Demand.created_at <= now, Demand.expires_at > now).order_by(Demand.id)))


def digest(session: Session, settings: Settings, digests: DigestSettings, group: GroupChat, since: datetime,
           now: datetime, lang: str = "hi") -> tuple[Outgoing, datetime] | None:
    """The digest of demand posted since `since` and the newest one's time; None when there was none
    for the area's products."""
    found = new_demand(session, products_made(session, group, now), since, now)[:digests.lines_shown]
    if not found:
        return None
    by_place: dict[str, list[Demand]] = defaultdict(list)
    for demand in found:
        by_place[fmt.demand_place(lang, demand, block=False)].append(demand)
    lines = [t(lang, "digests.village_title", place=fmt.place(lang, group.district_code, group.block_code))]
    for place, demands in by_place.items():
        items = " · ".join(t(lang, "digests.village_item", code=d.code, product=fmt.product(lang, d.product),
                               quantity=fmt.quantity(lang, d.quantity, d.unit),
                               price=fmt.price(lang, d.max_price, d.unit, ceiling=True)) for d in demands)
        lines.append(t(lang, "digests.village_line", place=place, items=items))
        lines += [t(lang, "digests.code_link", code=d.code, link=links.for_group(settings, digests, group.channel, d.code))
                  for d in demands]
    prices = price_settings(settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    line = price_line(session, lang, group.district_code, [d.product for d in found], today, prices.states,
                      prices.recent_days)
    if line:
        lines.append(line)
    lines.append(t(lang, "digests.village_footer"))
    return Outgoing(text="\n".join(lines)), max(d.created_at for d in found)
