"""Cleaning rules: one AGMARKNET row in, a report to keep or the reason it is dropped.

Dropped: a row we cannot read (missing market, date or price); a state we do not import; a
commodity we do not trade; a Bihar district spelling we cannot map to LGD; a product not sold by
weight (AGMARKNET is rupees per quintal, the catalog keeps bananas per piece); min <= 0; modal outside
[min, max]; a modal outside the product's plausible range once converted to rupees per kg. The x5
jump against the same market's last report is flagged when stored (bot/prices/store.py).

The rules on names, dates and prices are computed once per distinct value (cached here; PostgreSQL's
import asks them for the distinct values of a whole file), the rules on a row's prices are `judge`."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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
class Series:
    """What a row's six names decide, the same on every day: who reported what, mapped to ours."""
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
    low: Decimal | None  # the product's plausible modal, rupees per kg (None: any)
    high: Decimal | None


@dataclass(frozen=True)
class CleanRow:
    series: Series
    arrival_date: date
    min_price: Decimal  # rupees per base unit (kg)
    max_price: Decimal
    modal_price: Decimal

    @property
    def market_key(self) -> str:
        return self.series.market_key


_DMY = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*$")


@lru_cache(maxsize=4096)
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


def per_kg(per_quintal: Decimal) -> Decimal:
    """Rs/quintal to Rs/kg, to the paisa (half up, as PostgreSQL's numeric(12, 2) rounds)."""
    value = per_quintal.scaleb(-2)  # exact: 1600 -> 16.00
    return value if value.as_tuple().exponent >= -2 else value.quantize(_CENT, ROUND_HALF_UP)


@lru_cache(maxsize=65536)
def money(text: str) -> tuple[Decimal, Decimal] | None:
    """A price as the source wrote it (Rs/quintal) -> (that value, Rs/kg); None if unreadable."""
    value = _money(text)
    return None if value is None else (value, per_kg(value))


def _series_key(*parts: str) -> str:
    """The same market, commodity, variety and grade on any day (case and spacing ignored)."""
    return hashlib.sha1("|".join(parts).lower().encode()).hexdigest()


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


@lru_cache(maxsize=65536)
def series(state: str, district: str, market: str, commodity: str, variety: str, grade: str,
           states: tuple[str, ...]) -> Series | str:
    """The series these names are, or why its rows are dropped (UNREADABLE when a name is missing)."""
    state, district, market, commodity = title(state), title(district), title(market), _spaces(commodity)
    if not (state and district and market and commodity):
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
    variety, grade = _spaces(variety), _spaces(grade)
    low, high = item.price_range or (None, None)
    return Series(market_key=_series_key(state, district, market, commodity, variety, grade), product=product,
                  unit=item.unit, state=state, district_code=district_code, district_name=district, market=market,
                  commodity=commodity, variety=variety, grade=grade, low=low, high=high)


def judge(low: Decimal, high: Decimal, modal: Decimal, modal_kg: Decimal, max_kg: Decimal, item: Series) -> str | None:
    """The rules on one day's prices (Rs/quintal as written, and per kg); None: keep. PostgreSQL's
    import applies the same rules in SQL (bot/prices/store.py, JUDGE)."""
    if low <= 0:
        return MIN_NOT_POSITIVE
    if not low <= modal <= high:
        return MODAL_OUTSIDE_MIN_MAX
    if item.low is not None and not item.low <= modal_kg <= item.high:
        return IMPLAUSIBLE
    if max_kg >= TOO_BIG:  # would not fit numeric(12, 2)
        return IMPLAUSIBLE
    return None


TOO_BIG = Decimal(10) ** 10


def clean(row: dict[str, str], states: tuple[str, ...]) -> CleanRow | str:
    """The report to keep, or the reason (one of the constants above) it is dropped."""
    item = series(row["state"], row["district"], row["market"], row["commodity"], row["variety"], row["grade"],
                  states)
    day = read_date(row["arrival_date"])
    low, high, modal = money(row["min_price"]), money(row["max_price"]), money(row["modal_price"])
    if item == UNREADABLE or day is None or low is None or high is None or modal is None:
        return UNREADABLE
    if isinstance(item, str):
        return item
    reason = judge(low[0], high[0], modal[0], modal[1], high[1], item)
    if reason:
        return reason
    return CleanRow(series=item, arrival_date=day, min_price=low[1], max_price=high[1], modal_price=modal[1])
