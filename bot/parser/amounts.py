"""Which numbers in a message are the quantity and which the price, with their units.

Rules, in order, for each number phrase (left to right):
  * price if a currency word or price cue stands before it (₹, rs, @, rate, bhav, budget, max, per kg)
    or after it (rupaye/रुपये/rs//-, tak/तक, each, "ki ek", "ka kilo", "/kg", "se kam");
    its unit is the one written with it ("/qtl", "rupaye kilo", "per quintal", "ki ek" = piece);
  * a lump sum if "ka/ke/ki" links it to the quantity: "1,50,000 ka 10 quintal", "5 kilo ka 200",
    "10 kg 7500 ka";
  * quantity if a unit follows it (5 qtl, 3 man, 10kg, 5 darjan); a count of pieces if a product
    follows it without a unit (100 sarees, 20 murga, 3 madhubani painting);
  * otherwise a bare number: the first becomes the quantity (if a product is next to it, or it is
    written in digits), a later bare digit number the price. Number words (ek, do, das...) count
    only next to a unit or product, so "rate bata do" has no number.
A price without its own unit is per the quantity's unit (1200 rupaye with "5 quintal" is per quintal),
except after ton/gram/ml/pao/pair quantities, where it is per base unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bot.parser import words as W
from bot.parser.numbers import NumberSpan, find_numbers
from bot.parser.products import ProductHit
from bot.parser.units import PRICE_NOT_PER, UNITS, Unit, unit_at

_SKIP_BACK = frozenset({":", "-", "=", "."})
_PIECE = UNITS["piece"]
MAX_DIGITS_BARE = 7  # longer bare numbers are phone numbers, ids, dates


@dataclass
class Amounts:
    """The quantity and price found in a message (raw, before conversion to the product's unit)."""

    quantity: Decimal | None = None
    quantity_unit: Unit | None = None  # as written; None when no unit was written
    price: Decimal | None = None
    price_unit: Unit | None = None  # the unit the price is per, when written
    price_is_ceiling: bool = False
    price_is_total: bool = False
    price_cued: bool = False  # the price had a currency word or price cue (not just a bare number)  # a lump sum for the whole quantity ("1,50,000 ka 10 quintal")
    used: set[int] = field(default_factory=set)  # token positions consumed by amounts


def _prev(tokens: list[str], i: int) -> str | None:
    """Nearest token before i, skipping ':' '-' '='."""
    j = i - 1
    while j >= 0 and tokens[j] in _SKIP_BACK:
        j -= 1
    return tokens[j] if j >= 0 else None


def _price_unit_after(tokens: list[str], j: int) -> tuple[Unit | None, int]:
    """A "per unit" written at tokens[j:] ("kilo", "/ qtl", "per quintal", "ki ek", "each").

    Returns the unit (None if absent) and the index after what was consumed.
    """
    n = len(tokens)
    k = j
    while k < n and tokens[k] in W.CURRENCY:
        k += 1
    if k + 1 < n and tokens[k] == "/" and tokens[k + 1] == "-":
        k += 2
    start = k
    if k < n and tokens[k] in W.PER:
        k += 1
    if k < n and tokens[k] in ("1", "ek", "एक") and k + 1 < n and UNITS.get(tokens[k + 1]):
        k += 1  # "per 1 kg"
    u = UNITS.get(tokens[k]) if k < n else None
    if u is not None and (k > start or tokens[k] not in ("go", "tho", "ta", "no", "number", "head")):
        return u, k + 1
    if k < n and tokens[k] in W.ONE_ITEM and k > start:
        return _PIECE, k + 1  # "ki ek", "per piece"
    if k < n and tokens[k] in ("each",):
        return _PIECE, k + 1
    return None, j


def _is_price_before(tokens: list[str], s: int, used: set[int]) -> tuple[bool, Unit | None]:
    """Price cue before the number; also returns a unit written before it ("per kg 40")."""
    if s - 1 in used:
        return False, None  # "@25/kg 3qtl": the "/kg" belongs to the price before
    p1 = _prev(tokens, s)
    if p1 is None:
        return False, None
    if p1 in W.CURRENCY or p1 in W.PRICE_LEAD:
        p2 = tokens[s - 2] if s >= 2 else None
        p3 = tokens[s - 3] if s >= 3 else None
        if p2 is not None and p3 in W.PER and UNITS.get(p2):
            return True, UNITS[p2]
        return True, None
    if UNITS.get(p1) and s >= 2 and tokens[s - 2] in ("per", "prati", "प्रति", "/"):
        return True, UNITS[p1]
    return False, None


def _is_price_after(tokens: list[str], e: int) -> bool:
    """Price cue right after the number."""
    n = len(tokens)
    if e >= n:
        return False
    t = tokens[e]
    if t in W.CURRENCY or t in W.PRICE_TAIL:
        return True
    if t in ("/",) and e + 1 < n and (tokens[e + 1] == "-" or UNITS.get(tokens[e + 1])):
        return True
    if t in ("per", "prati", "प्रति"):
        return True
    if t in W.PER and e + 1 < n and (tokens[e + 1] in W.ONE_ITEM or tokens[e + 1] in ("kilo", "kg", "किलो", "litre",
                                                                                       "लीटर", "darjan", "dozen")):
        return True  # "700 ki ek", "40 ka kilo"
    if t in W.SE and e + 1 < n and tokens[e + 1] in W.CEILING_AFTER_SE:
        return True
    return False


def _ceiling_tail(tokens: list[str], j: int, used: set[int]) -> bool:
    """Consume "tak", "se kam", "se zyada nahi", "max" after a price; True if it marks a ceiling."""
    n = len(tokens)
    if j < n and tokens[j] in ("tak", "तक"):
        used.add(j)
        return True
    if j + 1 < n and tokens[j] in W.SE and tokens[j + 1] in W.CEILING_AFTER_SE:
        used.update((j, j + 1))
        if j + 2 < n and tokens[j + 2] in W.NEGATION:
            used.add(j + 2)
        return True
    return False


def _lump_sum_before(tokens: list[str], sp: NumberSpan, by_start: dict[int, NumberSpan]) -> bool:
    """ "1,50,000 ka 10 quintal": this number, a link word, then a number with a unit."""
    if sp.end >= len(tokens) or tokens[sp.end] not in W.TOTAL_LINK:
        return False
    nxt = by_start.get(sp.end + 1)
    return nxt is not None and unit_at(tokens, nxt.end, after_number=True) is not None


def _lump_sum_after(tokens: list[str], j: int, by_start: dict[int, NumberSpan]) -> NumberSpan | None:
    """ "5 kilo ka 200": after a quantity's unit, a link word and a number with no unit of its own."""
    if j >= len(tokens) or tokens[j] not in W.TOTAL_LINK:
        return None
    nxt = by_start.get(j + 1)
    if nxt is None or nxt.words or unit_at(tokens, nxt.end, after_number=True) is not None:
        return None
    if nxt.end < len(tokens) and tokens[nxt.end] in W.PER:
        return None
    return nxt


def _trailing_link(tokens: list[str], j: int) -> bool:
    """ "7500 ka" closing a message (no unit or "ek" after the link word): a lump sum."""
    if j >= len(tokens) or tokens[j] not in W.TOTAL_LINK:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or not (UNITS.get(nxt) or nxt in W.ONE_ITEM or nxt[0].isdigit())


def find_amounts(tokens: list[str], hits: list[ProductHit]) -> Amounts:
    """Quantity and price of a message (see module doc for the rules)."""
    out = Amounts()
    spans = find_numbers(tokens)
    in_product = {i for h in hits for i in range(h.start, h.end)}
    starts = {h.start for h in hits}
    ends = {h.end for h in hits}
    bare: list[NumberSpan] = []
    by_start = {sp.start: sp for sp in spans}
    for sp in spans:
        if any(i in out.used or i in in_product for i in range(sp.start, sp.end)):
            continue
        if out.price is None and _lump_sum_before(tokens, sp, by_start):
            out.price, out.price_is_total, out.price_cued = sp.value, True, True
            out.used.update(range(sp.start, sp.end + 1))
            continue
        before, unit_before = _is_price_before(tokens, sp.start, out.used)
        if before or _is_price_after(tokens, sp.end):
            if out.price is None:
                unit, nxt = _price_unit_after(tokens, sp.end)
                out.price = sp.value
                out.price_cued = True
                out.price_unit = unit or unit_before
                out.used.update(range(sp.start, nxt))
                k = sp.start
                while k > 0 and (tokens[k - 1] in W.CURRENCY or tokens[k - 1] in _SKIP_BACK):
                    k -= 1  # "max Rs 16": look past the currency word
                lead = tokens[k - 1] if k > 0 else None
                out.price_is_ceiling = lead in ("max", "maximum", "upto", "under", "within", "below", "budget",
                                                 "अधिकतम", "बजट")
                if _ceiling_tail(tokens, max(nxt, sp.end), out.used):
                    out.price_is_ceiling = True
                if tokens[sp.end:sp.end + 1] == ["each"]:
                    out.used.add(sp.end)
            continue
        unit = unit_at(tokens, sp.end, after_number=True)
        if unit is not None:
            if out.quantity is None:
                out.quantity, out.quantity_unit = sp.value, unit
                out.used.update(range(sp.start, sp.end + 1))
                total = _lump_sum_after(tokens, sp.end + 1, by_start)
                if total is not None and out.price is None:
                    out.price, out.price_is_total, out.price_cued = total.value, True, True
                    out.used.update(range(sp.end + 1, total.end))
            continue
        if sp.end < len(tokens) and tokens[sp.end] in W.TOTAL_LINK and sp.end + 1 in starts:
            continue  # "1 lakh ka makhana": money, not a quantity
        if sp.end in starts:
            if out.quantity is None:
                out.quantity, out.quantity_unit = sp.value, _PIECE  # "100 sarees", "20 murga"
                out.used.update(range(sp.start, sp.end))
            continue
        bare.append(sp)
    for sp in bare:
        near_product = sp.start in ends
        if sp.words and not near_product:
            continue
        if not sp.words and len(tokens[sp.start].split(".")[0]) > MAX_DIGITS_BARE:
            continue
        if out.quantity is None:
            out.quantity = sp.value
            out.used.update(range(sp.start, sp.end))
        elif out.price is None and not sp.words:
            out.price = sp.value
            out.used.update(range(sp.start, sp.end))
            if _trailing_link(tokens, sp.end):
                out.price_is_total, out.price_cued = True, True  # "10 kg 7500 ka"
                out.used.add(sp.end)
    return out


def price_per_base(amounts: Amounts) -> tuple[Decimal | None, str | None]:
    """Price in rupees per base unit and that base unit ("1500 per quintal" -> 15 per kg)."""
    if amounts.price is None:
        return None, None
    if amounts.price_is_total and amounts.quantity:
        qu = amounts.quantity_unit or _PIECE
        return amounts.price / (amounts.quantity * qu.factor), qu.family
    unit = amounts.price_unit
    if unit is None and amounts.quantity_unit is not None and amounts.quantity_unit.name not in PRICE_NOT_PER:
        unit = amounts.quantity_unit
    if unit is None:
        return amounts.price, None
    return amounts.price / unit.factor, unit.family
