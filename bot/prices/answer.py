"""How prices read in chat: one line per report (place, date, modal per base unit and per quintal,
the range), the honest "not reported" answer with Didi Haat's own listing prices, the card
reference, and the short daily price line (also for the village groups' digests)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import catalog, places
from bot.i18n import t
from bot.market import format as fmt
from models import Listing, ListingStatus, PriceReport, PriceSource, Role

from . import lookup

_QUINTAL = Decimal(100)


def rupees(amount: Decimal) -> str:
    """₹ amounts as Bihar reads them: 16, 16.5, 1,600, 1,25,000 (Indian grouping)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, cents = divmod(amount, 1)
    digits = fmt.indian_grouping(int(whole))
    return digits if cents == 0 else f"{digits}.{int(cents * 100):02d}".rstrip("0")


def when(lang: str, day: date, today: date, old_after_days: int) -> str:
    age = (today - day).days
    if age > old_after_days:
        return t(lang, "prices.last_report", date=day.strftime("%d/%m/%Y"))
    if age <= 0:
        return t(lang, "prices.today")
    if age == 1:
        return t(lang, "prices.yesterday")
    return t(lang, "prices.days_ago", date=day.strftime("%d/%m"), days=age)


def place(lang: str, report: PriceReport) -> str:
    """ "Aarah, भोजपुर", "Kanpur, Kanpur (Uttar Pradesh)", or "हाट (बिहटा, स्टाफ़)"."""
    if report.source == PriceSource.HAAT:
        who = t(lang, "prices.by_staff" if report.reporter_role in (Role.STAFF, Role.ADMIN) else "prices.by_didi")
        block = places.block_by_code(report.block_code) if report.block_code else None
        name = (block.name_hi if lang == "hi" and block.name_hi else block.name_en) if block else report.market
        return t(lang, "prices.haat_label", place=name, who=who)
    district = places.district_by_code(report.district_code) if report.district_code else None
    if district:
        return f"{report.market}, {district.name_hi if lang == 'hi' else district.name_en}"
    return f"{report.market}, {report.district_name} ({report.state})"


def quote_line(lang: str, report: PriceReport, today: date, old_after_days: int) -> str:
    unit = t(lang, f"units.{report.unit}")
    per_quintal = t(lang, "prices.per_quintal", price=rupees(report.modal_price * _QUINTAL)) if report.unit == "kg" else ""
    spread = "" if report.min_price == report.max_price else t(
        lang, "prices.range", low=rupees(report.min_price), high=rupees(report.max_price))
    return t(lang, "prices.line", place=place(lang, report), when=when(lang, report.arrival_date, today, old_after_days),
             price=rupees(report.modal_price), unit=unit, per_quintal=per_quintal, range=spread)


def listings_summary(session: Session, lang: str, product: str, now) -> str:
    """ "दीदी हाट पर इस हफ्ते: ₹650-720/किलो, 14 लिस्टिंग" from active listings made in the last 7 days."""
    since = now - timedelta(days=7)
    count, low, high = session.execute(select(func.count(), func.min(Listing.price), func.max(Listing.price)).where(
        Listing.product == product, Listing.status == ListingStatus.ACTIVE, Listing.created_at >= since)).one()
    item = catalog.product(product)
    if not count:
        return t(lang, "prices.no_listings")
    if low is None:
        return t(lang, "prices.listings_no_price", count=count)
    spread = rupees(low) if low == high else f"{rupees(low)}-{rupees(high)}"
    return t(lang, "prices.listings", range=spread, unit=t(lang, f"units.{item.unit}"), count=count)


def reference_note(lang: str, report: PriceReport, today: date, own_price: Decimal | None) -> str:
    """ "मंडी भाव ₹11/किलो (आरा, 2 दिन पहले); आपका ₹14" for a listing or demand card."""
    age = (today - report.arrival_date).days
    ago = t(lang, "prices.today") if age <= 0 else t(lang, "prices.yesterday") if age == 1 else t(lang, "prices.n_days", days=age)
    note = t(lang, "prices.reference", price=rupees(report.modal_price), unit=t(lang, f"units.{report.unit}"),
             market=report.market, ago=ago)
    if own_price is not None:
        note += t(lang, "prices.reference_yours", price=rupees(own_price))
    return note


def price_line(session: Session, lang: str, district_code: int | None, products: list[str], today: date,
               states: tuple[str, ...] = ("Bihar", "Uttar Pradesh", "Jharkhand", "West Bengal"),
               recent_days: int = 7) -> str | None:
    """One short line of the nearest recent price for each product ("आज के भाव: आलू ₹16/किलो (Aarah) ..."),
    None when none of them has a recent report. The daily price line and groups' digests use it."""
    parts = []
    for key in dict.fromkeys(products):
        found = lookup.nearest(session, key, district_code, states, today, recent_days, 1)
        recent = [r for r in found if (today - r.arrival_date).days <= recent_days]
        if recent:
            r = recent[0]
            parts.append(t(lang, "prices.short", product=catalog.name(key, lang), price=rupees(r.modal_price),
                           unit=t(lang, f"units.{r.unit}"), market=r.market))
    return t(lang, "prices.daily_line", items=", ".join(parts)) if parts else None
