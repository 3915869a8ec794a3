"""Listings and demands over time: ask a seller to renew a listing shortly before it stops showing,
and expire what has run out. Sweeps for the scheduler: `f(rt, now=None) -> rows handled`, idempotent
(what is due is read from the rows, and each row is marked as handled in the same transaction)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot import outbox
from bot.quiet_hours import quiet
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from models import Demand, DemandStatus, Listing, ListingStatus, User, utcnow


def renewal_question(lang: str, listing: Listing, now: datetime, timezone: str) -> Outgoing:
    """ "⏰ L-12 मखाना · 50 किलो कल खत्म होगी। आगे भी दिखाएं?" — 1 बढ़ाएं 2 बिक गया 3 हटाएं """
    code = listing.code
    return Outgoing(
        text=t(lang, "mine.renew_question", code=code, product=fmt.product(lang, listing.product),
               quantity=fmt.quantity(lang, listing.quantity, listing.unit),
               when=when(lang, listing.expires_at, now, timezone)),
        options=[Option(t(lang, "mine.renew"), f"mine:renew:{code}"),
                 Option(t(lang, "mine.sold"), f"mine:sold:{code}"),
                 Option(t(lang, "mine.withdraw"), f"mine:withdraw:{code}")],
    )


def when(lang: str, moment: datetime, now: datetime, timezone: str) -> str:
    """ "आज" / "कल" / "12/03 को", by the calendar where the users live."""
    zone = ZoneInfo(timezone)
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    if day == today:
        return t(lang, "mine.today")
    if day == today + timedelta(days=1):
        return t(lang, "mine.tomorrow")
    return t(lang, "mine.on_date", date=fmt.day(moment.astimezone(zone)))


def ask_renewals(rt, now: datetime | None = None) -> int:
    """Each active listing that stops showing within `renew_before_hours` is put to its seller once:
    renew, sold or withdraw. Returns how many listings were asked about."""
    now = now or utcnow()
    settings = rt.settings
    if quiet(settings, now):
        return 0  # asked in the morning: the horizon leaves the night to spare
    horizon = now + timedelta(hours=settings.market.renew_before_hours)
    asked = 0
    with rt.db.session() as session:
        due = session.execute(
            select(Listing, User).join(User, User.id == Listing.user_id)
            .where(Listing.status == ListingStatus.ACTIVE, Listing.renewal_asked_at.is_(None),
                   Listing.expires_at > now, Listing.expires_at <= horizon)
            .order_by(Listing.user_id, Listing.expires_at, Listing.id)
        ).all()
        for listing, seller in due:
            lang = seller.language or settings.default_language
            outbox.push(session, seller, renewal_question(lang, listing, now, settings.timezone))
            listing.renewal_asked_at = now  # also when the seller has no address yet: asked once, not every sweep
            asked += 1
    return asked


def expire(rt, now: datetime | None = None) -> int:
    """Active listings and open demands past their expiry stop showing. Returns how many changed."""
    now = now or utcnow()
    with rt.db.session() as session:
        listings = session.execute(
            update(Listing).where(Listing.status == ListingStatus.ACTIVE, Listing.expires_at <= now)
            .values(status=ListingStatus.EXPIRED).execution_options(synchronize_session=False)).rowcount
        demands = session.execute(
            update(Demand).where(Demand.status == DemandStatus.OPEN, Demand.expires_at <= now)
            .values(status=DemandStatus.EXPIRED).execution_options(synchronize_session=False)).rowcount
    return (listings or 0) + (demands or 0)
