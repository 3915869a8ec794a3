"""Names shown on the dashboard, in the page's language: places, products, dates, money."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from .. import catalog, places
from ..i18n import t
from ..market import format as fmt


def district(code: int | None, lang: str) -> str:
    found = places.district_by_code(code) if code is not None else None
    if found is None:
        return t(lang, "dashboard.unknown_place")
    return found.name_hi if lang == "hi" else found.name_en


def block(code: int | None, lang: str) -> str:
    found = places.block_by_code(code) if code is not None else None
    if found is None:
        return t(lang, "dashboard.unknown_place")
    return (found.name_hi or found.name_en) if lang == "hi" else found.name_en


def product(key: str, lang: str) -> str:
    return catalog.name(key, lang)


def day(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).date().isoformat() if moment else ""


def moment(value: datetime | None, tz: str) -> str:
    """ "02/12/2026 09:30", Bihar time."""
    return value.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M") if value else ""


def number(value: Decimal | int | None) -> str:
    """Quantities without trailing zeros: 50, 2.5."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rupees(value: Decimal | int | None) -> str:
    """₹ in the Indian grouping (1,23,456), whole rupees, as an office reads it."""
    if value is None:
        return ""
    whole = int(Decimal(value).quantize(Decimal(1)))
    sign = "-" if whole < 0 else ""
    return f"{sign}₹{fmt.indian_grouping(abs(whole))}"
