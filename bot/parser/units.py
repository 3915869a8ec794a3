"""Units of measure and how they convert to the three base units (kg, litre, piece)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.parser.normalize import fold

BASE_UNITS = ("kg", "litre", "piece")


@dataclass(frozen=True)
class Unit:
    """A written unit: its base unit (`family`) and how many base units one of it is."""

    name: str
    family: str
    factor: Decimal


_TABLE: dict[tuple[str, str, str], str] = {
    ("kg", "kg", "1"): "kg kgs kilo kilos kilogram kilograms kilogramme kgm kilu किलो कीलो किलोग्राम किग्रा केजी कि.ग्रा",
    ("gram", "kg", "0.001"): "g gm gms gram grams gramme gr grm ग्राम",
    ("quintal", "kg", "100"): """quintal quintals qtl qtls qntl qntls qt q kwintal kwintal kuintal kintal quintol
        quental kuntal quntal kwital kvintal क्विंटल क्विं क्वि क्वींटल क्विन्टल कुंतल कुन्तल क्वीन्टल""",
    ("ton", "kg", "1000"): "ton tons tonne tonnes tonn mt टन",
    ("man", "kg", "40"): "man maund maunds mann मन mon mun",  # Surjapuri/Bengali mon (মণ)
    ("pao", "kg", "0.25"): "pao paav pav paw पाव",
    ("litre", "litre", "1"): "l lt lit ltr ltrs litre litres liter liters litar leter लीटर लिटर ली",
    ("ml", "litre", "0.001"): "ml मिली",
    ("piece", "piece", "1"): """piece pieces pc pcs pcs. peice peices pis pic nag nos no number unit units item items
        packet packets pkt pkts pack packs bottle bottles botal jar jars set sets box boxes dabba dibba
        shishi sheeshi shishiyan can cans tin tins टिन टीन डब्बा जार शीशी go tho ta gota head nag नग पीस पैकेट बोतल डिब्बा गो ठो सेट
        bag bags bora bori boriya katta sack sacks बोरा बोरी कट्टा peti petti crate crates carat caret पेटी क्रेट कैरेट
        stick sticks स्टिक than thaan थान matka matke matki handi handiya मटका मटकी हांडी
        gallon gallons galan गैलन truck trucks trak ट्रक gaadi gadi gaari गाड़ी गाडी pouch pouches पाउच टा
        dholi ढोली ghaur घौर bar bars""",  # a than/थान: a bolt of cloth; a dholi/ढोली: a bundle of betel
        # leaves; a ghaur/घौर: a bunch of bananas
    ("pair", "piece", "2"): "pair pairs jodi jori जोड़ी जोड़ा",
    ("dozen", "piece", "12"): "dozen dozens darjan darjun darjen drjn dz doz dzn दर्जन",
    ("hundred_pieces", "piece", "100"): "saikda saikra सैकड़ा",
    ("tray", "piece", "30"): "tray trays tre ट्रे",  # an egg tray holds 30 eggs
}

# units that only count as units right after a number (they are ordinary words elsewhere)
AFTER_NUMBER_ONLY = frozenset({"g", "l", "lt", "man", "mann", "मन", "mon", "mun", "go", "tho", "ta", "no", "number", "head",
                               "set", "sets", "lit", "item", "items", "q", "unit", "units", "pic", "mt", "qt", "gr", "ली",
                               "गो", "ठो", "सेट", "क्वि", "box", "boxes", "pack", "packs", "jodi", "pair", "pairs", "bora", "bori",
                               "boriya", "katta", "sack", "sacks", "बोरा", "बोरी", "कट्टा", "peti", "petti", "crate",
                               "crates", "carat", "caret", "पेटी", "क्रेट", "कैरेट", "can", "cans", "tin", "tins", "टीन", "bag", "bags",
                               "stick", "sticks", "स्टिक", "than", "thaan", "थान", "matka", "matke", "matki",
                               "handi", "handiya", "truck", "trucks", "trak", "ट्रक", "gaadi", "gadi", "gaari",
                               "गाड़ी", "गाडी", "टा", "dholi", "ढोली", "ghaur", "घौर", "bar", "bars"})  # "5000 sticks" of agarbatti


def _build() -> dict[str, Unit]:
    """Written form -> Unit."""
    out: dict[str, Unit] = {}
    for (name, family, factor), words in _TABLE.items():
        for w in words.split():
            out[fold(w)] = Unit(name, family, Decimal(factor))
    return out


UNITS: dict[str, Unit] = _build()
# price quoted without its own unit, for a product without a price range: per the quantity's unit,
# except for these (then per base unit)
PRICE_NOT_PER = frozenset({"ton", "gram", "ml", "pao", "hundred_pieces", "pair"})  # "tray": a price per tray
# containers: counted as pieces, but "10 packet 500 gram" is 10 packs of half a kilo
CONTAINERS = frozenset(fold(w) for w in """bag bags packet packets pkt pkts pack packs bottle bottles botal jar jars box boxes
    dabba dibba डब्बा can cans tin tins टिन टीन shishi sheeshi shishiyan पैकेट बोतल डिब्बा जार शीशी bora bori boriya katta sack sacks बोरा बोरी
    कट्टा peti petti crate crates carat caret पेटी क्रेट कैरेट matka matke matki handi handiya मटका मटकी हांडी
    gallon gallons galan गैलन truck trucks trak ट्रक gaadi gadi gaari गाड़ी गाडी pouch pouches पाउच dholi ढोली ghaur घौर""".split())
FUZZY_UNIT_SCORE = 85.0  # "qintal" ~ quintal, "paket" ~ packet, "darjn" ~ darjan; "later" is not "liter"
_FUZZY_CHOICES = sorted(w for w in UNITS if w.isascii() and len(w) >= 5)


def unit_at(tokens: list[str], i: int, after_number: bool) -> Unit | None:
    """The unit written at tokens[i], if any (`after_number`: a number stands right before it)."""
    if i >= len(tokens):
        return None
    t = tokens[i]
    u = UNITS.get(t)
    if u is None or (not after_number and t in AFTER_NUMBER_ONLY):
        return None
    return u


def to_base(amount: Decimal, unit: Unit) -> Decimal:
    """An amount in `unit` expressed in its base unit (2 quintal -> 200 kg)."""
    return amount * unit.factor


@lru_cache(maxsize=4096)
def fuzzy_unit(token: str) -> Unit | None:
    """A misspelt unit written after a number ("qintal", "kilogrm"), or None. Roman words of 5+ letters."""
    if len(token) < 5 or not token.isascii() or not token.isalpha():
        return None
    found = process.extractOne(token, _FUZZY_CHOICES, scorer=fuzz.ratio, score_cutoff=FUZZY_UNIT_SCORE)
    return UNITS[found[0]] if found else None


def pack(count_unit: Unit, size: Decimal, size_unit: Unit) -> Unit:
    """A pack of `size` `size_unit` ("packet of 500 gram") as a unit of the size's base family."""
    return Unit(f"{count_unit.name}:{size}{size_unit.name}", size_unit.family, size * size_unit.factor)
