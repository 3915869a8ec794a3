"""How listings, demands, quantities, prices and places read in a short chat line."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot import catalog, places, states
from bot.i18n import t
from models import Demand, Listing


def number(value: Decimal | int | float) -> str:
    """50, 1.5, 3.75 — never 50.000; thousands grouped the Indian way is overkill for chat."""
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def indian_grouping(whole: int) -> str:
    """1600 -> "1,600", 125000 -> "1,25,000": digits grouped the Indian way (lakh, crore)."""
    digits = str(whole)
    if len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        digits = ",".join([head, *groups, tail]) if head else ",".join([*groups, tail])
    return digits


def quantity(lang: str, amount: Decimal, unit: str) -> str:
    return f"{number(amount)} {t(lang, f'units.{unit}')}"


def price(lang: str, amount: Decimal | None, unit: str, *, ceiling: bool = False) -> str:
    if amount is None:
        return t(lang, "market.no_ceiling" if ceiling else "market.negotiable")
    text = f"₹{number(amount)}/{t(lang, f'units.{unit}')}"
    return t(lang, "market.up_to", price=text) if ceiling else text


def day(when: date) -> str:
    """30/11: how a date is written here."""
    return when.strftime("%d/%m")


def place(lang: str, district_code: int | None, block_code: int | None = None) -> str:
    district = places.district_by_code(district_code) if district_code else None
    block = places.block_by_code(block_code) if block_code else None
    names = []
    if block:
        names.append(block.name_hi if lang == "hi" and block.name_hi else block.name_en)
    if district:
        names.append(district.name_hi if lang == "hi" else district.name_en)
    return ", ".join(names) or "-"


def demand_place(lang: str, demand: Demand, *, block: bool = True) -> str:
    """Where a demand is delivered: its block and district, or the far buyer's city or state ("दिल्ली")."""
    if demand.district_code == states.OUTSIDE_BIHAR:
        return states.short_name(lang, demand.state_code, demand.city)
    return place(lang, demand.district_code, demand.block_code if block else None)


def product(lang: str, key: str) -> str:
    return catalog.name(key, lang)


def listing_line(lang: str, listing: Listing) -> str:
    """मखाना · 50 किलो · ₹700/किलो · बिहटा, पटना"""
    return " · ".join([
        product(lang, listing.product),
        quantity(lang, listing.quantity, listing.unit),
        price(lang, listing.price, listing.unit),
        place(lang, listing.district_code, listing.block_code),
    ]) + (t(lang, "ships.mark") if listing.ships else "")


def demand_line(lang: str, demand: Demand) -> str:
    """मखाना · 200 किलो · ₹650/किलो तक · पटना"""
    return " · ".join([
        product(lang, demand.product),
        quantity(lang, demand.quantity, demand.unit),
        price(lang, demand.max_price, demand.unit, ceiling=True),
        demand_place(lang, demand),
    ])
