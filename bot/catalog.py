"""Product catalog: loads and validates data/products.yaml once, and answers lookups by key."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "products.yaml"
UNITS = frozenset({"kg", "litre", "piece"})
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


class CatalogError(ValueError):
    """products.yaml is malformed; the message names the product at fault."""


@dataclass(frozen=True)
class Product:
    """One tradeable product with its names, base unit, category, listing freshness and plausible price."""

    key: str
    name_en: str
    name_hi: str
    synonyms: tuple[str, ...]
    unit: str
    category: str
    fresh_days: int
    # (low, high) rupees per base unit that a real offer plausibly falls in; the parser uses it only to
    # choose how to read a price written without a unit ("5 quintal aloo 1200" -> 12 per kg). None = unknown.
    price_range: tuple[Decimal, Decimal] | None = None
    # a material other goods are made of ("silk" in "Bhagalpuri silk sarees"): named right before another
    # product, it only says what that product is made of, so the parser takes the later one.
    material: bool = False
    # names of this product that are a generic form ("kapda" = cloth, "tokri" = basket): named after a material
    # or craft ("tasar silk ka kapda", "sikki ki tokri") the material's product is meant; see products.yaml.
    generic_names: tuple[str, ...] = ()
    # names that are also everyday words ("gud" = good): they name the product only in a message that trades
    # (an amount, unit, price, buy/sell or rate word); see products.yaml.
    weak_names: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name the product answers to: key (spaces for _), English, Hindi, synonyms."""
        return tuple(dict.fromkeys((self.key.replace("_", " "), self.name_en, self.name_hi, *self.synonyms)))


def fold_name(text: str) -> str:
    """Comparable form of a product name: lower case, NFC, nukta/chandrabindu folded, single spaces."""
    text = unicodedata.normalize("NFD", text.lower()).replace("\u093c", "").replace("\u0901", "\u0902")
    text = unicodedata.normalize("NFC", text.replace("\u200c", "").replace("\u200d", ""))
    return " ".join(text.split())


def _product_from(entry: Any, index: int) -> Product:
    """Build and check one YAML entry."""
    if not isinstance(entry, dict):
        raise CatalogError(f"product #{index + 1}: expected a mapping, got {type(entry).__name__}")
    key = entry.get("key")
    label = f"product {key!r}" if key else f"product #{index + 1}"
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise CatalogError(f"{label}: key must be lower_snake_case text")
    for field in ("en", "hi", "unit", "category"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise CatalogError(f"{label}: missing or empty '{field}'")
    if not _DEVANAGARI.search(entry["hi"]):
        raise CatalogError(f"{label}: 'hi' must be written in Devanagari")
    if entry["unit"] not in UNITS:
        raise CatalogError(f"{label}: unit {entry['unit']!r} is not one of {sorted(UNITS)}")
    fresh = entry.get("fresh_days")
    if not isinstance(fresh, int) or isinstance(fresh, bool) or fresh <= 0:
        raise CatalogError(f"{label}: fresh_days must be a positive whole number of days")
    synonyms = entry.get("synonyms") or []
    if not isinstance(synonyms, list) or not all(isinstance(s, (str, int)) for s in synonyms):
        raise CatalogError(f"{label}: synonyms must be a list of text")
    clean = tuple(dict.fromkeys(str(s).strip() for s in synonyms if str(s).strip()))
    return Product(key=key, name_en=entry["en"].strip(), name_hi=entry["hi"].strip(), synonyms=clean,
                   unit=entry["unit"], category=entry["category"].strip(), fresh_days=fresh,
                   price_range=_price_range(entry.get("price_range"), label, entry["unit"]),
                   material=_flag(entry.get("material", False), label, "material"),
                   generic_names=_subset(entry, "generic", label, clean),
                   weak_names=_subset(entry, "weak", label, clean))


def _subset(entry: dict, field: str, label: str, synonyms: tuple[str, ...]) -> tuple[str, ...]:
    """An optional list of names that must also be the product's own names (its `hi` name or synonyms)."""
    value = entry.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{label}: {field} must be a list of text")
    own = {fold_name(n) for n in (entry["hi"], entry["en"], *synonyms)}
    for v in value:
        if fold_name(v) not in own:
            raise CatalogError(f"{label}: {field} name {v!r} is not one of the product's names")
    return tuple(fold_name(v) for v in value)


def _flag(value: Any, label: str, field: str) -> bool:
    """An optional true/false field."""
    if not isinstance(value, bool):
        raise CatalogError(f"{label}: {field} must be true or false")
    return value


def _price_range(value: Any, label: str, unit: str) -> tuple[Decimal, Decimal] | None:
    """`price_range: [low, high]` in rupees per base unit: two positive numbers, low < high (optional)."""
    if value is None:
        return None
    bad = CatalogError(f"{label}: price_range must be [low, high], rupees per {unit}, with 0 < low < high")
    if not isinstance(value, list) or len(value) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float))
                                                             for v in value):
        raise bad
    try:
        low, high = (Decimal(str(v)) for v in value)
    except InvalidOperation:
        raise bad from None
    if not (0 < low < high) or not high.is_finite():
        raise bad
    return low, high


def _reserved_words() -> tuple[frozenset[str], dict[str, str]]:
    """Parser vocabulary a product name must not be (filler, intent and price words, number words),
    and the loose spelling of each such word (the parser matches product names loosely: gaaye ~ gaye).

    Imported here, not at module level: bot.parser imports this module.
    """
    from bot.parser import words as W
    from bot.parser.numbers import NUMBER_WORDS
    from bot.parser.products import loose

    reserved = (W.FILLER | W.BUY | W.SELL | W.COMMAND | W.NEGATION | W.CURRENCY | W.PRICE_ASK | W.PRICE_LEAD
                | W.NON_TRADE | W.NAME_SUFFIX | NUMBER_WORDS)
    loose_of = {loose(w): w for w in reserved if w.isascii() and len(w) >= 4}
    return reserved, loose_of


def _check_not_reserved(p: Product, reserved: frozenset[str], loose_of: dict[str, str]) -> None:
    """A one-word name that is (or loosely spells) an everyday parser word would turn chatter into listings."""
    from bot.parser.products import loose

    for n in p.names():
        folded = fold_name(n)
        if " " in folded:
            continue
        if folded in reserved:
            raise CatalogError(f"product {p.key!r}: synonym {n!r} is an everyday word the parser already "
                               f"reads (filler, intent, price or number word); remove it or use a longer phrase")
        if folded.isascii() and len(folded) >= 4 and loose(folded) in loose_of:
            raise CatalogError(f"product {p.key!r}: synonym {n!r} is spelt like the everyday word "
                               f"{loose_of[loose(folded)]!r}; remove it or use a longer phrase")


def load_catalog(path: Path | str = CATALOG_PATH) -> tuple[Product, ...]:
    """Read and validate a catalog file (unique keys, known units, price ranges, no synonym shared by two
    products, no synonym that is an everyday word the parser reads)."""
    with Path(path).open(encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    entries = doc.get("products") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{path}: expected a non-empty 'products:' list")
    out: list[Product] = []
    keys: set[str] = set()
    owner: dict[str, str] = {}
    reserved, loose_of = _reserved_words()
    for i, entry in enumerate(entries):
        p = _product_from(entry, i)
        if p.key in keys:
            raise CatalogError(f"product {p.key!r}: key is defined twice")
        keys.add(p.key)
        _check_not_reserved(p, reserved, loose_of)
        for n in p.names():
            folded = fold_name(n)
            other = owner.get(folded)
            if other is not None and other != p.key:
                raise CatalogError(f"product {p.key!r}: synonym {n!r} is already used by product {other!r}")
            owner[folded] = p.key
        out.append(p)
    return tuple(out)


@lru_cache(maxsize=1)
def _catalog() -> tuple[tuple[Product, ...], dict[str, Product]]:
    """The default catalog, loaded once."""
    items = load_catalog(CATALOG_PATH)
    return items, {p.key: p for p in items}


def products() -> list[Product]:
    """All products in catalog order."""
    return list(_catalog()[0])


def product(key: str) -> Product | None:
    """Product by key, or None."""
    return _catalog()[1].get(key)


def name(key: str, lang: str) -> str:
    """Display name in "hi" (Devanagari) or "en" (anything else); an unknown key is returned as is."""
    p = product(key)
    if p is None:
        return key
    return p.name_hi if lang == "hi" else p.name_en


def reload() -> None:
    """Forget the cached catalog (after an admin edits products.yaml)."""
    _catalog.cache_clear()
