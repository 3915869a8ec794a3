"""Reading the two price messages the general parser does not know: a haat report
("haat bhav: aloo 18 kilo Bihta") and a threshold alert ("aloo 20 se upar ho to batana",
or "20 se upar" after the alert button). Prices come out in rupees per the product's base unit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot import catalog
from bot.conversation import DEVANAGARI_DIGITS
from bot.parser import parse

_HAAT = re.compile(r"^\s*(?:haat|haath|hat|हाट|हाट)\s*(?:ka|का)?\s*(?:bhav|bhaw|bhao|rate|भाव|रेट)\s*[:\-–]?\s*(?P<rest>.+)$",
                   re.IGNORECASE | re.DOTALL)
_UNIT = (r"(?P<unit>kilo|kg|kgs|किलो|quintal|qtl|क्विंटल|kwintal|piece|pcs|pc|पीस|litre|liter|ltr|लीटर|dozen|darjan|"
         r"दर्जन)")
_PRICE = re.compile(r"(?:₹|rs\.?|रु\.?)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?:rs\.?|rupaye|rupees|rupay|₹|रुपये|रुपए|रु)?\s*"
                    r"(?:/|per|prati|प्रति)?\s*" + _UNIT + r"?(?![\w\u0900-\u097F])", re.IGNORECASE)
_UP = r"upar|uper|oopar|upper|jyada|zyada|adhik|above|over|more|ऊपर|उपर|ज्यादा|ज़्यादा|अधिक"
_DOWN = r"niche|neeche|nichhe|nich|kam|below|under|less|नीचे|नीचें|कम"
_THRESHOLD = re.compile(r"(?:(?:above|below|over|under)\s+(?P<num1>\d+(?:\.\d+)?))|(?:(?P<num2>\d+(?:\.\d+)?)\s*"
                        r"(?:rs\.?|rupaye|rupees|₹|रुपये)?\s*(?:/?\s*" + _UNIT + r")?\s*(?:se|से|s)?\s*"
                        r"(?P<dir>" + _UP + "|" + _DOWN + r"))", re.IGNORECASE)
_TELL = re.compile(r"batana|bataye|bataiye|bataen|batao|bata\s*dena|बताना|बताएं|बताइए|बताओ|बता\s*देना|alert|tell me|"
                   r"notify|inform", re.IGNORECASE)
_PER_BASE = {"quintal": Decimal(100), "qtl": Decimal(100), "क्विंटल": Decimal(100), "kwintal": Decimal(100),
             "dozen": Decimal(12), "darjan": Decimal(12), "दर्जन": Decimal(12)}
_UNIT_OF = {"kilo": "kg", "kg": "kg", "kgs": "kg", "किलो": "kg", "quintal": "kg", "qtl": "kg", "क्विंटल": "kg",
            "kwintal": "kg", "piece": "piece", "pcs": "piece", "pc": "piece", "पीस": "piece", "dozen": "piece",
            "darjan": "piece", "दर्जन": "piece", "litre": "litre", "liter": "litre", "ltr": "litre", "लीटर": "litre"}


@dataclass
class HaatReport:
    product: str | None
    price: Decimal | None  # rupees per the product's base unit
    unit_ok: bool
    place_text: str  # what is left after product and price: the market's name


@dataclass
class Threshold:
    product: str | None
    direction: str  # above | below
    price: Decimal


def _per_base(number: str, unit: str | None, product: str | None) -> tuple[Decimal | None, bool]:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None, False
    if unit is None or product is None:
        return value, True
    unit = unit.lower()
    item = catalog.product(product)
    if _UNIT_OF.get(unit) != item.unit:
        return None, False
    return (value / _PER_BASE.get(unit, Decimal(1))).quantize(Decimal("0.01")), True


def haat_report(text: str) -> HaatReport | None:
    """None unless the message starts with "haat bhav"/"हाट भाव"."""
    match = _HAAT.match(text.translate(DEVANAGARI_DIGITS))
    if not match:
        return None
    rest = match.group("rest").strip()
    product = parse(rest).product
    price_match = _PRICE.search(rest)
    price, unit_ok = (None, True)
    place = rest
    if price_match:
        price, unit_ok = _per_base(price_match.group("num"), price_match.group("unit"), product)
        place = rest[price_match.end():]
    if product:
        item = catalog.product(product)
        for name in sorted(item.names(), key=len, reverse=True):
            place = re.sub(re.escape(name), " ", place, flags=re.IGNORECASE)
    place = re.sub(r"\b(?:me|mein|men|में|mandi|मंडी|haat|हाट|bazar|बाजार|market|ka|ki|ke|का|की|के)\b", " ", place,
                   flags=re.IGNORECASE)
    return HaatReport(product=product, price=price, unit_ok=unit_ok, place_text=" ".join(place.replace(",", " ").split()).strip(" ."))


def threshold(text: str, product: str | None = None, *, need_tell_word: bool = True) -> Threshold | None:
    """ "aloo 20 se upar ho to batana" -> potato above 20; after the button, "20 se upar" is enough."""
    text = text.translate(DEVANAGARI_DIGITS)
    if need_tell_word and not _TELL.search(text):
        return None
    match = _THRESHOLD.search(text)
    if not match:
        return None
    product = product or parse(text[:match.start()] or text).product
    number = match.group("num1") or match.group("num2")
    word = (match.group("dir") or "").lower()
    lead = text[match.start():match.start() + 5].lower()
    direction = "above" if re.fullmatch(_UP, word or "x", re.IGNORECASE) or lead.startswith(("above", "over")) else "below"
    price, unit_ok = _per_base(number, match.group("unit"), product)
    if price is None or not unit_ok or price <= 0:
        return None
    return Threshold(product=product, direction=direction, price=price)
