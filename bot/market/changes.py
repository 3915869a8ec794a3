"""A change to one's own listing or demand typed as a sentence: "aloo ka daam 25 kar do", "makhana ab
40 kilo hai", "L-3 ka bhav 600 karo", "makhana bik gaya", "aloo hata do". `read` says what is to
change and about which code or products; handlers/mine.py finds the item and applies it.
The words are the catalog's (`changes.*`), read with the parser's own tokens and products."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from bot.i18n import LANGUAGES, catalog
from bot.parser.normalize import tokenize
from bot.parser.products import find_products, split_glued

# "L-3", "l-3", "D7" inside a sentence; not "5 l 40" (five litres at 40): a spaced code only stands alone.
_CODE = re.compile(r"(?<![A-Za-z0-9])([LlDd])(?:\s*[-‐–]\s*|)(\d{1,9})(?![\d.])")
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# A number of the message, once the code is out of it.
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Change:
    status: str | None  # "sold" | "withdraw" | "close" ("mil gaya": a buyer got it), else None
    price: bool  # a price word ("daam", "bhav", "₹")
    quantity: bool  # a quantity word ("kilo", "matra", "bacha")
    code: str | None  # "L-3" when typed
    products: tuple[str, ...]  # catalog keys named
    text: str  # the message without its code, to read the new value from
    cue: bool  # a change word ("kar do", "ab", "badlo"): the message asks to change something
    asks: bool  # a question ("kya", "?"): "aloo ka bhav ab kya hai" asks, it changes nothing
    needs: bool  # a purchase word ("chahiye", "kharidna"): she wants to buy, not to change
    has_number: bool


@lru_cache(maxsize=None)
def _phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """The catalog's phrases for `changes.<key>` in every language, as token tuples."""
    found: set[tuple[str, ...]] = set()
    for lang in LANGUAGES:
        for phrase in catalog(lang).get(f"changes.{key}", []):
            found.add(tuple(tokenize(phrase)))
    return tuple(sorted(found, key=len, reverse=True))


def _has(tokens: list[str], key: str) -> bool:
    for phrase in _phrases(key):
        n = len(phrase)
        if any(tuple(tokens[i:i + n]) == phrase for i in range(len(tokens) - n + 1)):
            return True
    return False


def read(text: str) -> Change | None:
    """What the message asks to change; None when it names neither a code nor a product."""
    text = (text or "").translate(_DEVANAGARI_DIGITS)
    match = _CODE.search(text)
    code = f"{match.group(1).upper()}-{int(match.group(2))}" if match else None
    rest = (text[:match.start()] + " " + text[match.end():]) if match else text
    tokens = split_glued(tokenize(rest))
    products = tuple(dict.fromkeys(h.key for h in find_products(tokens)))
    if code is None and not products:
        return None
    status = next((name for name in ("sold", "close", "withdraw") if _has(tokens, name)), None)
    return Change(status=status, price=_has(tokens, "price"), quantity=_has(tokens, "quantity"), code=code, products=products, text=rest.strip(), cue=_has(tokens, "cue"),
                  asks=_has(tokens, "question") or "?" in tokens, needs=_has(tokens, "need"),
                  has_number=bool(_NUMBER.search(rest)))


def only_number(change: Change) -> Decimal | None:
    """The one number in the message (without its code), else None: "L-3 ka bhav 600 karo" -> 600."""
    numbers = _NUMBER.findall(change.text.replace(",", ""))
    return Decimal(numbers[0]) if len(numbers) == 1 else None
