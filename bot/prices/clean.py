"""Cleaning rules: one AGMARKNET row in, a report to keep or the reason it is dropped.

Dropped: a row we cannot read (missing market, date or price); a state we do not import; a
commodity we do not trade; a Bihar district spelling we cannot map to LGD; a product not sold by
weight (AGMARKNET is rupees per quintal, the catalog keeps bananas per piece); min <= 0; modal outside
[min, max]; a modal outside the product's plausible range once converted to rupees per kg. The x5
jump against the same market's last report is flagged when stored (bot/prices/store.py)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

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


def read_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _digest(*parts: str) -> str:
    return hashlib.sha1("|".join(" ".join(p.lower().split()) for p in parts).encode()).hexdigest()


def title(name: str) -> str:
    """ "BIHAR ", "bihar" -> "Bihar": upper-case files spell names in capitals."""
    name = " ".join(name.split())
    return name.title() if name.isupper() or name.islower() else name


def clean(row: dict[str, str], states: tuple[str, ...]) -> CleanRow | str:
    """The report to keep, or the reason (one of the constants above) it is dropped."""
    state, district, market = title(row["state"]), title(row["district"]), title(row["market"])
    commodity = " ".join(row["commodity"].split())
    day = read_date(row["arrival_date"])
    low, high, modal = _money(row["min_price"]), _money(row["max_price"]), _money(row["modal_price"])
    if not (state and district and market and commodity) or day is None or None in (low, high, modal):
        return UNREADABLE
    if state.lower() not in {s.lower() for s in states}:
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
    low, high, modal = ((v / QUINTAL_KG).quantize(_CENT) for v in (low, high, modal))
    if item.price_range and not item.price_range[0] <= modal <= item.price_range[1]:
        return IMPLAUSIBLE
    variety, grade = " ".join(row["variety"].split()), " ".join(row["grade"].split())
    series = (state, district, market, commodity, variety, grade)
    return CleanRow(row_key=_digest(*series, day.isoformat()), market_key=_digest(*series), product=product,
                    unit=item.unit, state=state, district_code=district_code, district_name=district,
                    market=market, commodity=commodity, variety=variety, grade=grade, arrival_date=day,
                    min_price=low, max_price=high, modal_price=modal)
