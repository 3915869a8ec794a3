"""Cleaning rules: one AGMARKNET row in, a report to keep or the reason it is dropped.

Dropped: a row we cannot read (missing market, date or price); a state we do not import; a
commodity we do not trade; a Bihar district spelling we cannot map to LGD; a product not sold by
weight (AGMARKNET is rupees per quintal, the catalog keeps bananas per piece); min <= 0; modal outside
[min, max]; a modal outside the product's plausible range once converted to rupees per kg. The x5
jump against the same market's last report is flagged when stored (bot/prices/store.py)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from bot import catalog

from . import mapping

QUINTAL_KG = Decimal(100)
_CENT = Decimal("0.01")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")

# Reasons a row is dropped, as counted in an import's summary.
UNREADABLE = "unreadable"
OTHER_STATE = "other_state"
UNMAPPED_COMMODITY = "unmapped_commodity"
UNKNOWN_DISTRICT = "unknown_district"
NOT_BY_WEIGHT = "not_by_weight"
MIN_NOT_POSITIVE = "min_not_positive"
MODAL_OUTSIDE_MIN_MAX = "modal_outside_min_max"
IMPLAUSIBLE = "implausible"


@dataclass(frozen=True)
class CleanRow:
    row_key: str
    market_key: str
    product: str
    unit: str
    state: str
    district_code: int | None
    district_name: str
    market: str
    commodity: str
    variety: str
    grade: str
    arrival_date: date
    min_price: Decimal  # rupees per base unit (kg)
    max_price: Decimal
    modal_price: Decimal


_DMY = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*$")


def read_date(text: str) -> date | None:
    """25/04/2025, 25-04-2025 (AGMARKNET) or 2025-04-25."""
    match = _DMY.match(text)
    if match:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS[2:]:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "") if "," in text else text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _per_kg(per_quintal: Decimal) -> Decimal:
    value = per_quintal.scaleb(-2)  # exact: 1600 -> 16.00
    return value if value.as_tuple().exponent >= -2 else value.quantize(_CENT)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@lru_cache(maxsize=65536)
def _series_key(*parts: str) -> str:
    """The same market, commodity, variety and grade on any day (case and spacing ignored)."""
    return _digest("|".join(parts).lower())


@lru_cache(maxsize=65536)
def title(name: str) -> str:
    """ "BIHAR ", "bihar" -> "Bihar": upper-case files spell names in capitals."""
    name = " ".join(name.split())
    return name.title() if name.isupper() or name.islower() else name


@lru_cache(maxsize=65536)
def _spaces(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=64)
def _lower(states: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s.lower() for s in states)


def clean(row: dict[str, str], states: tuple[str, ...]) -> CleanRow | str:
    """The report to keep, or the reason (one of the constants above) it is dropped."""
    state, district, market = title(row["state"]), title(row["district"]), title(row["market"])
    commodity = _spaces(row["commodity"])
    day = read_date(row["arrival_date"])
    low, high, modal = _money(row["min_price"]), _money(row["max_price"]), _money(row["modal_price"])
    if not (state and district and market and commodity) or day is None or None in (low, high, modal):
        return UNREADABLE
    if state.lower() not in _lower(states):
        return OTHER_STATE
    product = mapping.product_for(commodity)
    if product is None:
        return UNMAPPED_COMMODITY
    district_code = None
    if state.lower() == "bihar":
        district_code = mapping.bihar_district_code(district)
        if district_code is None:
            return UNKNOWN_DISTRICT
    item = catalog.product(product)
    if item.unit != "kg":
        return NOT_BY_WEIGHT
    if low <= 0:
        return MIN_NOT_POSITIVE
    if not low <= modal <= high:
        return MODAL_OUTSIDE_MIN_MAX
    low, high, modal = _per_kg(low), _per_kg(high), _per_kg(modal)
    if item.price_range and not item.price_range[0] <= modal <= item.price_range[1]:
        return IMPLAUSIBLE
    variety, grade = _spaces(row["variety"]), _spaces(row["grade"])
    series = _series_key(state, district, market, commodity, variety, grade)
    return CleanRow(row_key=_digest(series + "|" + day.isoformat()), market_key=series, product=product,
                    unit=item.unit, state=state, district_code=district_code, district_name=district,
                    market=market, commodity=commodity, variety=variety, grade=grade, arrival_date=day,
                    min_price=low, max_price=high, modal_price=modal)
