"""parse(text) -> Parsed: intent, product, quantity, unit, price and district of one chat message.

Quantities are converted to the product's base unit where the unit allows (quintal -> kg); a count
of bottles, jars or pieces stays a count in pieces, as the shared examples record ("achar 30 bottle"),
and the bot asks again when that is not the unit its product is listed in. Words typed together
("makhanahai") are split first; "A ke B" and "silk saree" name B, but a form word after a material names the
material's product ("sikki ki tokri"); a weak name ("gud") counts only in a message about trade;
"Gram Sirsia" is a village; in "makhana ke liye packaging bag" the product a thing is for is left out; in
"makhana nahi, shahad chahiye" only what follows the negated clause counts; "aloo bik gaya, ab pyaj bacha hai"
offers the onion; a buy or sell with no goods named and no quantity that is about money ("3500 rupaya baki hai,
kab milega?") is other; a seller taking orders quotes "280 kilo" as a rate. Sixth round: last year's goods and
rates ("pichhla saal 5500 milal rahe, e saal ...") are history; before "ab/abhi/is baar/lekin", what was (or is
usually made) gives way to what follows ("aam khatam, ab kathal hai"); "rohu ke bachcha" is fish seed; of two
products named, the one sold in the quantity's unit ("जूट (पाट) 5 क्विंटल" = raw jute). Seventh round: a product
that says only what a machine is for ("papad sukhane wali machine") or is the object of a purpose that is no trade
("cold storage ... aalu rakhne ke liye") is not the goods, nor one naming a farm ("Poultry farm se anda") when other
goods are named; after a rate question closed by "?", "250 kilo sahi hai?" proposes a rate. Eighth round: a business
named by its trade ("Pickle brand looking for raw mango") or a season by its crop ("litchi ke time pe") is not the
goods; "dhan 2300 quintal chal raha hai kya?" asks whether that is the rate; bare "jute" with a weight or mandi rate
is raw jute; "मछली के जीरा" is fish seed. Ninth round: a product after "for" that a work noun takes ("bamboo basket for
mango packing") is what the goods are for, not the goods; "180 litre sahi rate hai kya?" (a figure per unit the
message calls the rate) asks whether that is the rate; an `other` message about a service or a pest keeps no amounts.
Tenth round: an animal's feed or rearing before "ke liye" ("murgi dana ke liye bajra") is the purpose, not the goods;
a product naming a season ("til for the tilkut season") is no purpose of the goods; "rate 800 hai ya 900?" asks which
rate (no amounts); a scheme question or an animal off its feed keeps no amounts; with no product found, a name typed
in two pieces is rejoined first. Eleventh round: a dairy product + wala after an animal is its
yield ("Bhains 1, 10 litre dudh wali" = the buffalo); goods told as arrived or a crop's distress keep no amounts; a price
per unit with a buy or sell word is no sum of money, even with no goods named. The district is read by
bot.parser.district, from the whole message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from bot import catalog, states
from bot.parser import words as W
from bot.parser.district import district as find_district
from bot.parser.district import is_district_word
from bot.parser.amounts import Amounts, find_amounts, price_per_base
from bot.parser.intent import (
    BUY,
    OTHER,
    PRICE,
    SELL,
    arrived,
    asks_about_scheme,
    asks_about_service,
    contrast_at,
    crop_distress,
    disease_told,
    detect_intent,
    going_rate_asked,
    is_cancelled,
    is_chatter,
    is_past,
    last_time_span,
    now_pivot,
    off_feed,
    problem_asked,
    rate_either,
    remaining_after_sold,
    vehicle_wanted,
)
from bot.parser.normalize import MAX_CHARS, tokenize
from bot.parser.numbers import NUMBER_WORDS
from bot.parser.products import (
    ACCEPT_SCORE,
    ProductHit,
    dropped_vowels,
    find_products,
    over_count,
    rejoined,
    fuzzy,
    glued_stem,
    heads,
    is_weak,
    not_a_product_at,
    split_glued,
    swapped_letters,
)
from bot.parser.units import AFTER_NUMBER_ONLY, CONTAINERS, UNITS, unit_at

_PAISE = Decimal("0.01")
_KNOWN = W.FILLER | W.CURRENCY | W.PRICE_LEAD | W.PRICE_TAIL | W.PER | W.BUY | W.SELL | W.BUYER_NOUN \
    | W.SELLER_NOUN | W.PRICE_ASK | W.NEGATION | W.COMMAND | W.OWN | W.YOUR | NUMBER_WORDS | frozenset(UNITS) \
    | W.NON_TRADE | W.NAME_SUFFIX | W.NOT_AMOUNT_NEXT | W.TOTAL | W.LUMP_AFTER
_MISSING = {SELL: ("product", "quantity", "price"), BUY: ("product", "quantity"), PRICE: ("product",), OTHER: ()}


@dataclass
class Parsed:
    """The data a handler needs from one message; no prose."""

    intent: str = OTHER  # "sell" | "buy" | "price" | "other"
    product: str | None = None  # catalog key
    quantity: Decimal | None = None  # in `unit`
    unit: str | None = None  # "kg" | "litre" | "piece": the product's base unit, or a count in pieces
    price: Decimal | None = None  # rupees per `price_unit` (normally the same as `unit`)
    district: str | None = None  # English district name
    missing: list[str] = field(default_factory=list)  # fields a handler should still ask for
    suggestions: list[str] = field(default_factory=list)  # product keys close to `unknown_word`
    unknown_word: str | None = None  # a word that looked like a product but is not in the catalog
    price_is_ceiling: bool = False  # a buyer's "up to" price ("400 tak", "max Rs 16")
    price_unit: str | None = None  # differs from `unit` only when e.g. 20 birds are offered at 250/kg

    def to_json(self) -> dict[str, Any]:
        """The six core fields, numbers as int when whole else float, None where absent."""
        return {"intent": self.intent, "product": self.product, "quantity": _num(self.quantity),
                "unit": self.unit, "price": _num(self.price), "district": self.district}


def _num(value: Decimal | None) -> int | float | None:
    """Decimal -> int when integral, else float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _tidy(value: Decimal, places_: Decimal | None = None) -> Decimal:
    """Round (optionally) and drop trailing zeros without switching to exponent notation."""
    if places_ is not None:
        value = value.quantize(places_, rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _unknown_word(tokens: list[str], used: set[int], strong_context: bool) -> tuple[str | None, list[str], str | None]:
    """(unknown word, suggestions, accepted product key) for a message with no catalog product."""
    best: tuple[float, int, str, list[str]] | None = None
    for i, t in enumerate(tokens):
        if i in used or t in _KNOWN or not (t[0].isalpha() or "\u0900" <= t[0] <= "\u097f"):
            continue
        if len(t) < 3 or t.isdigit() or not_a_product_at(tokens, i, i + 1):
            continue
        if is_district_word(t):
            continue
        cands = fuzzy(t)
        glued = glued_stem(t) if t.isascii() else None
        if glued is not None:  # "makhnahai": a misspelt product with "hai" typed onto it
            stem_cands = fuzzy(glued[0])
            if stem_cands and (not cands or stem_cands[0][1] > cands[0][1]):
                cands, t = stem_cands, glued[0]
        score = cands[0][1] if cands else 0.0
        if best is None or score > best[0]:
            best = (score, i, t, [k for k, _ in cands])
    if best is None:
        return None, [], None
    score, _i, word, keys = best
    if score >= ACCEPT_SCORE and len(word) >= 5:
        return None, [], keys[0]
    swapped = (swapped_letters(word) or dropped_vowels(word)) if strong_context else None
    if swapped is not None:
        return None, [], swapped
    if score >= 75.0 or (strong_context and word):
        return word, keys, None
    return None, [], None


# containers that are goods themselves: "500 bags chahiye", "10 matka chahiye" (terracotta pots)
_GOODS_CONTAINERS = frozenset({"bag", "bags", "matka", "matke", "matki", "handi", "handiya", "मटका", "मटकी", "हांडी"})


def _sized(tokens: list[str], k: int) -> bool:
    """ "(50 kg)" at k: a size in brackets, as a container's."""
    return (tokens[k:k + 1] == ["("] and k + 3 < len(tokens) and tokens[k + 1][0].isdigit()
            and UNITS.get(tokens[k + 2]) is not None and UNITS[tokens[k + 2]].family != "piece")


def _unit_after_number(tokens: list[str], hit: ProductHit) -> bool:
    """A one-word product name that is really a unit after a number ("500 gram" is not chickpea; "100 bags of
    wheat flour" are bags of flour)."""
    if hit.end - hit.start != 1 or hit.start == 0 or tokens[hit.start] not in UNITS:
        return False
    prev = tokens[hit.start - 1]
    if tokens[hit.start] in _GOODS_CONTAINERS and tokens[hit.end:hit.end + 1] != ["of"] and not _sized(tokens, hit.end):
        return False  # "500 bags chahiye" is bags; "100 bags of wheat flour", "100 bags (50 kg) wheat" are in bags
    return prev[0].isdigit() or prev in NUMBER_WORDS


def _convert(amounts: Amounts, base: str | None) -> tuple[Decimal | None, str | None]:
    """Quantity in the product's base unit, or in the written unit's base when they don't convert."""
    if amounts.quantity is None:
        return None, None
    u = amounts.quantity_unit
    if u is None:
        return amounts.quantity, base
    return amounts.quantity * u.factor, u.family


def _liquid_sibling(tokens: list[str], hit: ProductHit, amounts: Amounts) -> str | None:
    """ "sarson 10 litre": a product sold by weight counted in litres is its liquid namesake (mustard oil),
    i.e. the product whose name starts with the same word and whose base unit is the litre."""
    qu = amounts.quantity_unit
    prod = catalog.product(hit.key)
    if qu is None or qu.family != "litre" or prod is None or prod.unit == "litre" or hit.end - hit.start != 1:
        return None
    return _litre_products_by_first_word().get(tokens[hit.start])


@lru_cache(maxsize=1)
def _litre_products_by_first_word() -> dict[str, str]:
    """First word of a multi-word name of a litre product -> its key ("sarson" -> mustard_oil)."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for p in catalog.products():
        if p.unit != "litre":
            continue
        for n in p.names():
            toks = tokenize(n)
            if len(toks) >= 2:
                if out.get(toks[0], p.key) != p.key:
                    clash.add(toks[0])
                out[toks[0]] = p.key
    return {k: v for k, v in out.items() if k not in clash}


# "Gram Sirsia": gram (village) before a capitalised name is an address, not chana
_VILLAGE = re.compile(r"(?<![A-Za-z])[Gg]ram\s*[:,.-]?\s*([A-Z][a-z]{2,})")


def _village_at(tokens: list[str], hit: ProductHit) -> bool:
    """The hit is the one word "gram"."""
    return hit.key == "gram" and hit.end - hit.start == 1 and tokens[hit.start] == "gram"


def _village(text: str, tokens: list[str], hits: list[ProductHit]) -> bool:
    """ "Gram Sirsia", "Gram Rampur, Post ...": "gram" (village) followed by a capitalised name that is not a
    word the parser knows (nor a product). Called only when no quantity was found or another product is
    named ("Gram Sirsia, makhana 2 quintal"): "Gram 5 quintal" and "Gram Chana 2 qtl" stay chana."""
    if not any(_village_at(tokens, h) for h in hits):
        return False
    for m in _VILLAGE.finditer(text[:MAX_CHARS]):
        name = m.group(1).lower()
        if name not in _KNOWN and not find_products([name]) and name not in W.PURCHASE:
            return True
    return False


# (units that are units only after a number, "gaadi", "set", "box", count only with that number, which is trade anyway)
_TRADE_WORDS = (W.CURRENCY | W.BUY | W.SELL | W.SELL_VERB | W.PRICE_ASK | W.GIVE_FUTURE | NUMBER_WORDS
                | (frozenset(UNITS) - AFTER_NUMBER_ONLY))


def _trades(tokens: list[str]) -> bool:
    """The message is about trade: a number, a unit, a price, a buy/sell or rate word."""
    return any(t[0].isdigit() or t in _TRADE_WORDS for t in tokens)


# "murgi dana ke liye bajra", "machhli palan ke liye": the animal's feed or rearing is the purpose
_FEED = frozenset({"dana", "daana", "chara", "chaara", "feed", "palan", "paalan", "दाना", "चारा", "पालन"})
_PURPOSE_WINDOW = 3  # "makhana ke liye packaging bag": the thing wanted follows the "ke liye" this closely
# what a buyer makes with the goods: "potato for our chips unit", "amla for our murabba unit"
_MAKER = frozenset("""unit units factory plant business dukan dukaan shop company mill kitchen karkhana
यूनिट फैक्ट्री कारखाना दुकान""".split())


_ACTIVITY = frozenset("""packing packaging storage storing transport drying processing grading selling export
supply""".split())


def _activity(t: str) -> bool:
    """An English work noun: "packing", "storage", "processing" ("mango packing" = packing mangoes)."""
    return t in _ACTIVITY or (len(t) > 5 and t.isascii() and t.endswith("ing"))


def _not_for_purpose(tokens: list[str], hits: list[ProductHit]) -> list[ProductHit]:
    """ "makhana ke liye packaging bag chahiye": a product followed by "ke liye" (for) names the purpose when
    another product follows right after, so it is left out ("sanitary pads for girls school, Rs 5 per pad" keeps
    the pads); and "potato for our chips unit": a product after "for (our)" that names a business is what the
    buyer makes, not what they buy; so is one after "for" that is the object of a work noun ("bamboo basket for mango
    packing": the mangoes are what the baskets are for); a product right after "for" with goods named before it is
    what they are for ("20 kg amla for murabba")."""
    if len(hits) < 2:
        return hits
    makers = {k for k, h in enumerate(hits) if k > 0 and h.end < len(tokens)
              and (tokens[h.end] in _MAKER or _activity(tokens[h.end]))
              and any(t in ("for", "liye", "लिए") for t in tokens[max(0, h.start - 3):h.start])}
    out = []
    for k, h in enumerate(hits):
        after = hits[k + 1] if k + 1 < len(hits) else None
        at = h.end + 1 if h.end < len(tokens) and (_verbal_noun(tokens[h.end]) or tokens[h.end] in _FEED) else h.end
        phrase = next((p for p in W.FOR_PURPOSE if tuple(tokens[at:at + len(p)]) == p), None)
        if phrase is not None and at > h.end:
            phrase = (tokens[h.end], *phrase)
        if k > 0 and tokens[max(0, h.start - 2):h.start][-1:] == ["for"] and hits[k - 1].key != h.key:
            continue  # "Want 20 kg amla for murabba": what the goods named before are for
        if k in makers or (after is not None and phrase is not None and after.key != h.key and k + 1 not in makers
                           and after.start - (h.end + len(phrase)) <= _PURPOSE_WINDOW
                           and not _season_of(tokens, after)):  # "til for the tilkut season": the til is wanted
            continue
        out.append(h)
    return out or hits[-1:]


# a machine or store is the thing in "papad sukhane wali machine", "makhana processing machine"
_EQUIPMENT = frozenset("""machine machines mashin masheen machin yantra equipment chakki मशीन यंत्र चक्की""".split())
# what may stand between the product and the machine: "processing", "wali", "ka", a verb's -ne form
_WORK_NOUN = frozenset("""processing grading packing cutting drying sorting peeling cleaning kutai pisai sukhai
safai""".split())
# trade verbs: "aloo bechne ke liye" is still about the potatoes
_TRADE_VERBAL = W.SELL_VERB | W.PURCHASE | frozenset({"lene", "dene", "bhejne", "mangwane", "लेने", "देने", "भेजने"})


def _not_the_goods(tokens: list[str], hits: list[ProductHit]) -> list[ProductHit]:
    """Products that only say what some other thing is for: "papad sukhane wali machine", "makhana processing
    machine" (the machine is the thing, its head noun last), and "aalu rakhne ke liye" (to store potatoes:
    the object of a purpose that is no trade, so the thing wanted is something else: "cold storage hai kya aalu
    rakhne ke liye?"). They are left out; and so is a product naming a farm ("Poultry farm se anda": the eggs)
    when other goods are named, nor one naming a business by its trade ("Pickle brand looking for raw mango", "Tea
    stall chain") or a season by its crop ("litchi ke time pe litchi ke sharbat")."""
    out = []
    for h in hits:
        k = h.end
        while k < len(tokens) and k < h.end + 3 and tokens[k] not in _EQUIPMENT and (
                tokens[k] in _WORK_NOUN or tokens[k] in _WALA or tokens[k] in W.TOTAL_LINK
                or (_verbal_noun(tokens[k]) and tokens[k] not in _TRADE_VERBAL)):
            k += 1
        if k < len(tokens) and tokens[k] in _EQUIPMENT:
            continue
        if (h.end < len(tokens) and _verbal_noun(tokens[h.end]) and tokens[h.end] not in _TRADE_VERBAL
                and any(tuple(tokens[h.end + 1:h.end + 1 + len(p)]) == p for p in W.FOR_PURPOSE)):
            continue
        out.append(h)
    farms = [h for h in out if h.end < len(tokens) and (tokens[h.end] in _FARM or tokens[h.end] in _BUSINESS
                                                         or _season_of(tokens, h))]
    if farms and len(farms) < len(out):  # "Poultry farm se anda 100 darjan": the eggs, from a poultry farm
        out = [h for h in out if h not in farms]
    return out


# a business named by its trade: "Pickle brand looking for raw mango", "Tea stall chain needs kulhad"
_BUSINESS = _MAKER | W.BUSINESS
# "litchi ke time pe", "aam ke mausam me": a time named by a crop
_SEASON = frozenset({"time", "samay", "season", "sijan", "mausam", "mosam", "टाइम", "समय", "सीजन", "मौसम"})


def _season_of(tokens: list[str], h: ProductHit) -> bool:
    """ "litchi ke time pe", "aam ke season me", "लीची के समय": the product names a season, not the goods."""
    k = h.end + 1 if h.end < len(tokens) and tokens[h.end] in W.TOTAL_LINK else h.end
    return k < len(tokens) and tokens[k] in _SEASON


_FARM = frozenset({"farm", "farms", "फार्म"})  # "poultry farm", "dairy farm": a place named by what it raises
_WALA = frozenset({"wala", "wali", "wale", "vala", "vali", "vale", "वाला", "वाली", "वाले"})


def _verbal_noun(t: str) -> bool:
    """ "dalne", "banane", "डालने", "बनाने": a verb's -ne form, as in "achar dalne ke liye" (to make pickle); Bhojpuri's
    -ve ("achar banave khatir", "बनावे खातिर")."""
    if t.isascii():
        return (len(t) >= 4 and t.endswith("ne")) or (len(t) >= 6 and t.endswith(("ave", "awe")))
    return len(t) >= 3 and t.endswith(("ने", "वे"))


_ORDER = frozenset({"order", "orders", "aarder", "ardar", "booking", "आर्डर", "ऑर्डर", "बुकिंग"})
_TAKE = frozenset({"le", "lete", "leti", "lenge", "lengi", "liya", "ले", "लेते", "लेती", "लेंगे", "लिया", "taking", "take"})


def _takes_orders(tokens: list[str]) -> bool:
    """ "tilkut ka order le rahe hai", "ऑर्डर लेते हैं", "taking orders": the seller makes to order (no stock)."""
    return not _ORDER.isdisjoint(tokens) and any(
        t in _ORDER and (tokens[i + 1:i + 2] and tokens[i + 1] in _TAKE or tokens[i - 1:i] == ["taking"])
        for i, t in enumerate(tokens))


def _rate_of_orders(amounts: Amounts, price_range: tuple[Decimal, Decimal] | None) -> None:
    """A seller taking orders has no stock to count: "..., 280 kilo" with no price is the rate per kilo when it is a
    plausible one ("order le rahe hai, 280 kilo" = 280/kg); so is a figure proposed after a rate question
    (see _rate_proposed)."""
    qu = amounts.quantity_unit
    if (amounts.price is not None or amounts.quantity is None or qu is None or ":" in qu.name or price_range is None
            or qu.factor != 1 or not price_range[0] <= amounts.quantity <= price_range[1]):
        return
    amounts.price, amounts.price_unit, amounts.price_cued = amounts.quantity, qu, True
    amounts.quantity = amounts.quantity_unit = None


def _rate_asked(amounts: Amounts, price_range: tuple[Decimal, Decimal] | None, base: str | None = None) -> None:
    """ "dhan 2300 quintal chal raha hai kya?", "makai 1900 quintal se upar gaya kya?": in a question whether the
    market goes at a rate, "2300 quintal" is that rate (per quintal) when it is a plausible one, not a quantity."""
    qu = amounts.quantity_unit
    if qu is None and amounts.quantity is not None and price_range is not None and base is not None:
        _bare_rate_asked(amounts, price_range, base)  # "rohu 220 chal raha hai kya?", "गेहूं 2400 चल रहा है क्या?"
        return
    if (amounts.quantity is None or qu is None or ":" in qu.name or price_range is None or qu.family == "piece"
            or not price_range[0] <= amounts.quantity / qu.factor <= price_range[1]):
        return
    amounts.price, amounts.price_unit, amounts.price_cued = amounts.quantity, qu, True
    amounts.quantity = amounts.quantity_unit = None


def _bare_rate_asked(amounts: Amounts, price_range: tuple[Decimal, Decimal], base: str) -> None:
    """A bare number in a going-rate question is the rate: per the product's unit when a plausible one ("rohu 220"),
    else per quintal when that is ("गेहूं 2400": mandis quote grain per quintal)."""
    n = amounts.quantity
    if price_range[0] <= n <= price_range[1]:
        unit = UNITS[base]
    elif base == "kg" and price_range[0] <= n / 100 <= price_range[1]:
        unit = UNITS["quintal"]
    else:
        return
    amounts.price, amounts.price_unit, amounts.price_cued = n, unit, True
    amounts.quantity = amounts.quantity_unit = None


def _rate_proposed(tokens: list[str], amounts: Amounts) -> bool:
    """ "tilkut kitne me bik raha hai Gaya me? 250 kilo sahi hai?": after a rate question closed by "?", a figure
    per unit ("250 kilo" = 250 a kilo) is the rate the writer proposes, not a quantity (no price said)."""
    at = amounts.quantity_at
    if amounts.price is not None or at is None or "?" not in tokens[:at]:
        return False
    close = max(k for k in range(at) if tokens[k] == "?")
    return any(t in W.PRICE_ASK for t in tokens[:close])


_FAIR = frozenset({"sahi", "thik", "theek", "thiik", "uchit", "achha", "accha", "acha", "fair", "right", "correct",
                   "good", "सही", "ठीक", "उचित", "अच्छा"})


_TAG = frozenset({"kya", "kyaa", "?", "क्या", "na", "naa", "न", "ना", "ka", "का"})  # yes/no tags closing a check
_GOT = frozenset({"mil", "de", "bik", "chal", "मिल", "दे", "बिक", "चल"})
_RATE_GOT = frozenset({"raha", "rahi", "rahe", "rha", "rhi", "rhe", "रहा", "रही", "रहे", "rahal", "रहल"})
_AFTER_FIGURE = W.CURRENCY | frozenset(UNITS)


_IS = frozenset({"hai", "h", "he", "है", "ba", "बा", "hoga", "होगा"})
_OR = frozenset({"ki", "ya", "कि", "या", "ke"})
_NOT = frozenset({"nahi", "nahin", "nhi", "नहीं", "नही"})


def _rate_checked(tokens: list[str]) -> bool:
    """ "gehu ka bhav 2275 quintal sahi hai kya?", "ghee ka rate 700 theek hai?", "rate kitna hai, 600 mil raha hai",
    "bhav ketna chal raha hai, 2100 quintal se upar milega?", "seb ka kya rate hai, 120 to nahi?": a message about a
    rate, with one figure that the writer checks (fair? a yes/no tag), says the market pays, or asks to beat: that
    figure is the going rate, not her quantity. Without a rate word the figure must be written as a price ("tamatar
    10 rs kg h kya Hajipur mandi me", "प्याज ३० रुपये किलो है ना?", "sattu 100 rs kilo thik h ki kam h?")."""
    if not W.BUY.isdisjoint(tokens):
        return False
    asked = not W.PRICE_ASK.isdisjoint(tokens)
    figures = [i for i, t in enumerate(tokens) if t[0].isdigit()]
    if len(figures) != 1:
        return False
    k = figures[0] + 1
    while k < len(tokens) and k <= figures[0] + 2 and tokens[k] in _AFTER_FIGURE:
        k += 1
    if not asked and W.CURRENCY.isdisjoint(tokens[figures[0] + 1:k]):
        return False  # "aloo 10 kg h kya?" asks for ten kilos
    window = tokens[k:k + 6]
    for j, t in enumerate(window):
        if t in _FAIR and (not _TAG.isdisjoint(window[j + 1:j + 4]) or any(
                a in _OR and b in W.CEILING_AFTER_SE for a, b in zip(window[j + 1:j + 4], window[j + 2:j + 5]))):
            return True  # "thik hai kya", "thik h ki kam h"
        if t in _GOT and window[j + 1:j + 2] != [] and window[j + 1] in _RATE_GOT:
            return True
    if window[:1] != [] and window[0] in W.SE and window[1:2] != [] and window[1] in W.CEILING_AFTER_SE:
        return True  # "se upar milega?", "28 se upar to nahi gaya na"
    if window[:1] != [] and window[0] in _IS:
        window = window[1:]
    tagged = window[:1] != [] and window[0] in _TAG and window[0] not in ("ka", "का") or window[:1] == ["?"]
    return tagged or (window[:1] == ["to"] and window[1:2] != [] and window[1] in _NOT)


def _called_rate(tokens: list[str], amounts: Amounts) -> bool:
    """ "sarso tel 180 litre sahi rate hai kya?", "dhan 2200 quintal thik bhav hai?": a figure per unit that the
    message itself calls the rate (a rate word right after it, maybe after "sahi/thik") is that rate, not a
    quantity."""
    at = amounts.quantity_at
    if amounts.price is not None or at is None or amounts.quantity_unit is None:
        return False
    k = at + 2
    if k < len(tokens) and tokens[k] in _FAIR:
        k += 1
    return k < len(tokens) and tokens[k] in W.PRICE_ASK and tokens[k] not in ("kitna", "kitne", "kitni", "mandi")


def _fits_unit(hits: list[ProductHit], key: str, amounts: Amounts) -> str | None:
    """Of two products named ("jute (paat) 5 quintal": jute goods and raw jute), the other one when only it is sold
    in the unit of the quantity (a weight or volume), else None."""
    qu = amounts.quantity_unit
    prod = catalog.product(key)
    if qu is None or prod is None or qu.family not in ("kg", "litre") or prod.unit == qu.family:
        return None
    others = {h.key for h in hits if h.key != key and (p := catalog.product(h.key)) is not None and p.unit == qu.family}
    return others.pop() if len(others) == 1 else None


_RAW_OF = {"jute_products": "raw_jute"}  # goods whose bare name is also their raw commodity's
_MANDI_RATE = frozenset({"bhav", "bhaw", "bhao", "bhaav", "bhau", "भाव", "mandi", "मंडी", "msp", "rate", "रेट", "daam", "दाम"})


def _raw_commodity(tokens: list[str], hit: ProductHit, amounts: Amounts) -> bool:
    """ "jute ka bhav batao katihar", "jute 10 quintal hai": the bare word "jute" with a mandi rate word or a weight
    names the fibre (raw jute); jute goods are counted in pieces and have no mandi rate."""
    if hit.end - hit.start != 1 or tokens[hit.start] not in ("jute", "जूट"):
        return False
    qu = amounts.quantity_unit
    return (qu is not None and qu.family == "kg") or not _MANDI_RATE.isdisjoint(tokens)


def _fish_young(tokens: list[str], hit: ProductHit) -> ProductHit:
    """ "rohu ke bachcha", "maachh ke bachcha", "machhli ka bachcha": the young of fish are fish seed (fingerlings)."""
    if hit.key != "fish" or hit.end + 1 >= len(tokens) or tokens[hit.end] not in W.TOTAL_LINK \
            or tokens[hit.end + 1] not in W.YOUNG:
        return hit
    return ProductHit(hit.start, hit.end + 2, "fish_seed")


def _yield_of_animal(tokens: list[str], hits: list[ProductHit]) -> tuple[ProductHit, int, int] | None:
    """ "Bhains 1, 10 litre dudh wali, 4 saal ki", "2 gaay hai 8 litre doodh wali", "12 litre doodh deti hai": a dairy
    product + wala/wali or a verb of giving after an animal named before it says what the animal gives (its yield,
    with its amount), not the goods. Returns that hit and where its phrase begins and ends, or None."""
    first = catalog.product(hits[0].key)
    if first is None or first.category != "livestock":
        return None
    for h in hits[1:]:
        p = catalog.product(h.key)
        if p is None or p.category != "dairy" or h.end >= len(tokens):
            continue
        end = h.end
        if end + 2 < len(tokens) and tokens[end][0].isdigit() and UNITS.get(tokens[end + 1]):
            end += 2  # "दूध 12 लीटर देती है"
        if tokens[end] not in _WALA and tokens[end] not in _GIVES:
            continue
        start = h.start
        if start >= 2 and UNITS.get(tokens[start - 1]) and tokens[start - 2][0].isdigit():
            start -= 2  # "10 litre dudh wali", "12 litre doodh deti hai"
            if start >= 2 and tokens[start - 1] == "-" and tokens[start - 2][0].isdigit():
                start -= 2  # "10-12 litre dudh wali"
        return h, start, end
    return None


# "12 litre doodh deti hai": what an animal gives
_GIVES = frozenset("deti deta dete deli देती देता देते देली".split())


def _fish_seed(tokens: list[str], found: list[ProductHit]) -> list[ProductHit]:
    """ "machhri ke bij", "मछली के बीज": the seed of fish is fish seed (fingerlings), not crop seed; "मछली के जीरा",
    "machhli ka jeera" (the cumin-sized young of fish) is fish seed too, not cumin."""
    for k in range(len(found) - 1):
        a, b = found[k], found[k + 1]
        if a.key == "fish" and b.key in ("seeds", "cumin") and (b.start == a.end or (
                b.start == a.end + 1 and tokens[a.end] in W.TOTAL_LINK)):
            return [*found[:k], ProductHit(a.start, b.end, "fish_seed"), *found[k + 2:]]
    return found


_FINISHED = frozenset({"khatam", "khatm", "khtam", "khatum", "khatama", "खत्म", "ख़त्म", "खतम"})
_CANCEL = frozenset({"cancel", "cancelled", "cancal", "कैंसिल", "रद्द"})
_SEND = ("bhej", "भेज")
_CLAUSE_END = frozenset(",.;!?|-")


def _dropped_goods(tokens: list[str], hits: list[ProductHit]) -> tuple[list[ProductHit], set[int]] | None:
    """Goods a clause says are finished or cancelled ("pyaz khatam ho gaya", "नेनुआ खत्म हो गया", "rajma cancel
    karo", "ajwain abhi mat bhejo") while other goods are named: those goods drop out (the hits left, and the
    positions to mask: the dropping clause, and a clause naming only the dropped goods); None when nothing drops."""
    if len(hits) < 2 or (_FINISHED.isdisjoint(tokens) and _CANCEL.isdisjoint(tokens) and "mat" not in tokens
                         and "मत" not in tokens):
        return None
    bounds = [i for i, t in enumerate(tokens) if t in _CLAUSE_END]

    def clause(i: int) -> tuple[int, int]:
        return max((b + 1 for b in bounds if b < i), default=0), min((b for b in bounds if b > i), default=len(tokens))

    gone: set[str] = set()
    blank: set[int] = set()
    for i, t in enumerate(tokens):
        drops = t in _FINISHED or t in _CANCEL or (t in ("mat", "मत") and tokens[i + 1:i + 2] != []
                                                    and tokens[i + 1].startswith(_SEND))
        if not drops:
            continue
        c0, c1 = clause(i)
        named = [h for h in hits if c0 <= h.start < c1]
        if len({h.key for h in named}) != 1:
            continue
        gone.add(named[0].key)
        blank.update(range(c0, c1))
    kept = [h for h in hits if h.key not in gone]
    if not gone or not kept:
        return None
    for h in hits:
        if h.key in gone:
            c0, c1 = clause(h.start)
            if all(k.key in gone for k in hits if c0 <= k.start < c1):
                blank.update(range(c0, c1))
    return kept, blank


_CLASS = frozenset({"class", "kaksha", "कक्षा", "std"})  # "class 1 se 5": school classes
_ROAD = frozenset({"nh", "sh", "pin", "pincode", "पिन"}) | _CLASS  # "Durgawati NH2", "PIN 800001": a highway's or post code's number
_DATE_WORD = frozenset({"date", "dated", "tarikh", "tareekh", "dinank", "तारीख", "तारीख़", "दिनांक", "on", "by", "till"})


_YOU = frozenset({"aap", "ap", "aapko", "apko", "aapne", "apne", "aapka", "aapke", "aapki", "आप", "आपको", "आपने", "आपके",
                  "tohra", "tohar", "तोहरा"})
_ASKED_FOR = frozenset({"mange", "maange", "manga", "maanga", "mangaye", "mangwaye", "mangwaya", "मांगे", "मांगा", "मंगाए"})


def _quoted_want(tokens: list[str]) -> tuple[int, int] | None:
    """ "aapko 50 kilo tilkut chahi hal na? hamra bhir 30 kilo hau", "Sir aap 5 quintal chawal mange the, hamara samuh
    3 quintal de sakta hai": the reader's want told back to him, then the writer's own offer; (start, end) of the want's
    clause, whose amounts and want words are not hers."""
    for i, t in enumerate(tokens):
        if t not in _YOU or (t == "apne" and i > 0):
            continue
        end = next((k for k in range(i + 1, min(len(tokens), i + 12)) if tokens[k] in _CLAUSE_END), None)
        if end is None:
            return None
        rest = tokens[end + 1:]
        if any(u in W.BUY or u in _ASKED_FOR for u in tokens[i + 1:end]) and any(u in W.OWN for u in rest) \
                and not any(u in W.BUY for u in rest):
            return i, end + 1
        return None
    return None


_BIHAR_PIN = re.compile(r"8[0-5][0-9]{4}")
_ANY_PIN = re.compile(r"[1-8][0-9]{5}")  # "courier to Bengaluru 560034": a post code after a place


@lru_cache(maxsize=4096)
def _a_place(word: str) -> bool:
    return word.isalpha() and (is_district_word(word) or states.find(word) is not None)


def _a_pin_at(tokens: list[str], i: int) -> bool:
    """A six-digit number that is no sum: neither money nor a unit is written beside it."""
    prev = tokens[i - 1] if i > 0 else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    return not (prev in W.CURRENCY or prev in W.PRICE_LEAD or nxt in W.CURRENCY or UNITS.get(nxt) or nxt in NUMBER_WORDS)


def _no_amounts_in_refs(tokens: list[str]) -> list[str]:
    """Numbers that name a road ("NH2", "NH 31"), a post code ("PIN 800001", or a bare Bihar one, "Patna 800016") or a
    date after a date word ("tender date 5/12") are no amount or price: masked."""
    pins = [i for i, t in enumerate(tokens) if _ANY_PIN.fullmatch(t) and _a_pin_at(tokens, i) and (
        _BIHAR_PIN.fullmatch(t) or (i > 0 and _a_place(tokens[i - 1])))]
    if _ROAD.isdisjoint(tokens) and _DATE_WORD.isdisjoint(tokens) and not pins:
        return tokens
    out = list(tokens)
    for i in pins:
        out[i] = "."  # "Rajendra Nagar, Patna 800016": Bihar's post codes are 80xxxx-85xxxx
    for i, t in enumerate(tokens):
        if t in _ROAD and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            out[i + 1] = "."
            if t in _CLASS and tokens[i + 2:i + 3] in (["se"], ["to"], ["-"], ["से"]) and tokens[i + 3:i + 4] != [] \
                    and tokens[i + 3].isdigit():
                out[i + 3] = "."  # "class 1 se 5"
        elif t in _DATE_WORD and i + 3 < len(tokens) and tokens[i + 1].isdigit() and tokens[i + 2] in ("/", "-") \
                and tokens[i + 3].isdigit() and 1 <= int(tokens[i + 1]) <= 31 and 1 <= int(tokens[i + 3]) <= 12:
            out[i + 1] = out[i + 3] = "."
    return out


def _tin_as_pack(tokens: list[str]) -> list[str]:
    """ "15 litre wala tin 8": "tin" (also the number three) right after a size's wala/ka is the tin, a pack."""
    if "tin" not in tokens:
        return tokens
    return ["टिन" if t == "tin" and i >= 2 and (tokens[i - 1] in _WALA or tokens[i - 1] in W.TOTAL_LINK)
            and UNITS.get(tokens[i - 2]) else t for i, t in enumerate(tokens)]


def _times_counted(tokens: list[str]) -> list[str]:
    """ "1 kg bottle x 50", "100 g pouches x 500": a count written with x after a pack is that many packs, read as
    "1 kg bottle 50 bottle"."""
    if "x" not in tokens and "*" not in tokens:
        return tokens
    out = list(tokens)
    for i in range(len(tokens) - 2, 0, -1):
        if tokens[i] in ("x", "*") and tokens[i - 1] in CONTAINERS and tokens[i + 1].isdigit():
            out[i:i + 2] = [tokens[i + 1], tokens[i - 1]]
    return out


def _no_number_corrected(tokens: list[str]) -> list[str]:
    """ "50 nahi, 80 kilo achhi makhana", "aalu 30 qtl nahi 40 qtl h": a number (and its unit) said, taken back with
    "nahi" and said again; the first one and its "nahi" are masked, so the second is the amount and nothing is
    refused. An apology for the slip with it ("sorry galat likh diye") is masked too: it is no complaint."""
    out = tokens
    for i in range(len(tokens) - 2):
        if not tokens[i][0].isdigit():
            continue
        k = i + 2 if unit_at(tokens, i + 1, True) is not None and i + 2 < len(tokens) else i + 1
        if tokens[k] not in W.NEGATION:
            continue
        j = k + 2 if tokens[k + 1:k + 2] == [","] else k + 1
        if j < len(tokens) and tokens[j][0].isdigit():
            out = out if out is not tokens else list(tokens)
            out[i:j] = ["."] * (j - i)
    if out is not tokens and not _SLIP.isdisjoint(out) and _EARLIER_MESSAGE.isdisjoint(out):
        out = ["." if t in _SLIP else t for t in out]  # (a slip in an earlier message, "... tha", corrects that one: other)
    return out


_SLIP = frozenset({"galat", "galti", "glat", "sorry", "sory", "गलत", "गलती", "सॉरी"})
_EARLIER_MESSAGE = frozenset({"message", "msg", "mesej", "messege", "sms", "मैसेज", "मेसेज", "pichhla", "pichla",
                              "pichle", "pichhle", "previous", "last", "पिछला", "पिछले", "tha", "thi", "था", "थी"})


def _product_range(key: str | None) -> tuple[str | None, tuple[Decimal, Decimal] | None]:
    """Base unit and price range of a product key (None, None if unknown)."""
    prod = catalog.product(key) if key else None
    return (prod.unit, prod.price_range) if prod else (None, None)


def parse(text: str) -> Parsed:
    """Parse one message. Never raises on odd input; returns intent "other" when nothing is found."""
    if not isinstance(text, str) or not text.strip():
        return Parsed()
    tokens = split_glued(tokenize(text))
    all_tokens = tokens  # before the masking of what a contrast or a sale leaves out
    if not tokens:
        return Parsed()
    tokens = _tin_as_pack(_times_counted(_no_number_corrected(_no_amounts_in_refs(tokens))))
    found = [h for h in find_products(tokens) if not _unit_after_number(tokens, h)]
    if not found and (joined := rejoined(tokens)) is not tokens:  # "ma khana 20 kilo": a name typed in two pieces
        tokens = all_tokens = joined
        found = [h for h in find_products(tokens) if not _unit_after_number(tokens, h)]
    found = over_count(tokens, found)  # "mitti ke 1500 diye"
    if any(is_weak(tokens, h) for h in found) and not _trades(tokens):
        found = [h for h in found if not is_weak(tokens, h)]  # "sab gud hai": good, not jaggery
    hits: list[ProductHit] = _not_the_goods(tokens, _not_for_purpose(tokens, heads(tokens, _fish_seed(tokens, found))))
    hits = [_fish_young(tokens, h) for h in hits]
    if len(hits) > 1 and (yield_at := _yield_of_animal(tokens, hits)) is not None:
        hits = [h for h in hits if h is not yield_at[0]]  # "Bhains 1, 10 litre dudh wali": the buffalo
        tokens = ["." if yield_at[1] <= i <= yield_at[2] else t for i, t in enumerate(tokens)]
    left_out = {i for h in found for i in range(h.start, h.end)} - {i for h in hits for i in range(h.start, h.end)}
    product_key = hits[0].key if hits else None
    but = contrast_at(tokens, [h.start for h in hits])
    if but is not None:  # "makhana nahi, shahad chahiye": only what follows counts
        hits = [h for h in hits if h.start > but]
        product_key = hits[0].key
        tokens = ["." if i <= but else t for i, t in enumerate(tokens)]
    dropped = _dropped_goods(tokens, hits)
    if dropped is not None:  # "pyaz khatam ho gaya, lahsun h 2 quintal", "rajma cancel karo, sirf chana dal bhejo"
        hits, blank = dropped
        product_key = hits[0].key
        tokens = ["." if i in blank else t for i, t in enumerate(tokens)]
    last = last_time_span(tokens)
    if last is not None:  # "pichhla saal 5500 milal rahe, e saal 6000 chahi": last year's goods and rates are history
        if any(not last[0] <= h.start < last[1] for h in hits):
            hits = [h for h in hits if not last[0] <= h.start < last[1]]
            product_key = hits[0].key
        in_hits = {i for h in hits for i in range(h.start, h.end)}
        tokens = ["." if last[0] <= i < last[1] and i not in in_hits else t for i, t in enumerate(tokens)]
    pivot = now_pivot(tokens, [(h.start, h.key) for h in hits]) if len(hits) > 1 else None
    if pivot is not None:  # "aam khatam ho gaya, ab kathal hai 1 quintal": what is offered now counts
        hits = [h for h in hits if h.start > pivot]
        product_key = hits[0].key
        tokens = ["." if i < pivot else t for i, t in enumerate(tokens)]
    sold = remaining_after_sold(tokens)
    if sold is not None:  # "aloo ka 2 quintal bik gaya, 3 quintal bacha hai": only what is left counts
        if any(h.start > sold for h in hits) and any(h.start < sold for h in hits):
            hits = [h for h in hits if h.start > sold]  # "aloo bik gaya, ab pyaj bacha hai": the onion is offered
            product_key = hits[0].key
        in_hits = {i for h in hits for i in range(h.start, h.end)}
        tokens = [t if i in in_hits or i > sold else "." for i, t in enumerate(tokens)]
    quoted = _quoted_want(tokens)
    if quoted is not None:  # "aapko 50 kilo tilkut chahi hal na? hamra bhir 30 kilo hau": his want, then her offer
        in_hits = {i for h in hits for i in range(h.start, h.end)}
        tokens = ["." if quoted[0] <= i < quoted[1] and i not in in_hits else t for i, t in enumerate(tokens)]
    amounts = find_amounts(tokens, hits, *_product_range(product_key))
    if hits and (amounts.quantity is None or len(hits) > 1) and _village(text, tokens, hits):
        hits = [h for h in hits if not _village_at(tokens, h)]
        product_key = hits[0].key if hits else None
        amounts = find_amounts(tokens, hits, *_product_range(product_key))
    if hits:
        sibling = _liquid_sibling(tokens, hits[0], amounts)
        if sibling is not None:
            product_key = sibling
            amounts = find_amounts(tokens, hits, *_product_range(product_key))
    if len(hits) > 1 and product_key is not None:
        fitting = _fits_unit(hits, product_key, amounts)
        if fitting is not None:  # "जूट (पाट) 5 क्विंटल": the product that is sold by the quintal
            product_key = fitting
            amounts = find_amounts(tokens, hits, *_product_range(product_key))
    if product_key in _RAW_OF and hits and _raw_commodity(tokens, hits[0], amounts):
        product_key = _RAW_OF[product_key]  # "jute ka bhav batao", "jute 10 quintal": the fibre, not jute goods
        amounts = find_amounts(tokens, hits, *_product_range(product_key))
    unknown, suggestions = None, []
    if product_key is None:
        used = amounts.used | left_out  # a product left out (what a machine is for) is no unknown word either
        strong = amounts.quantity_unit is not None or amounts.price_cued or any(
            t in W.BUY or t in W.SELL or t in W.PRICE_ASK for t in tokens)
        unknown, suggestions, accepted = _unknown_word(tokens, used, strong)
        product_key = accepted
        if accepted is not None:
            amounts = find_amounts(tokens, hits, *_product_range(accepted))
    if product_key is not None and _takes_orders(tokens):
        _rate_of_orders(amounts, _product_range(product_key)[1])
    if product_key is not None and amounts.price is None and going_rate_asked(tokens):
        _rate_asked(amounts, *reversed(_product_range(product_key)))
    # without a product, only a quantity with a written unit (or a cued price) makes a listing
    has_qty = amounts.quantity is not None and (product_key is not None or amounts.quantity_unit is not None)
    has_price = amounts.price is not None and (product_key is not None or amounts.price_cued)
    used = amounts.used | {i for h in hits for i in range(h.start, h.end)}
    checked = product_key is not None and _rate_checked(tokens)
    if checked and amounts.price is None:
        _rate_asked(amounts, *reversed(_product_range(product_key)))
        has_qty, has_price = amounts.quantity is not None, amounts.price is not None
    intent = detect_intent(tokens, used, product_key is not None, unknown is not None, has_qty, has_price)
    if checked and has_price and amounts.quantity is None:
        intent = PRICE  # "ghee ka rate 700 sahi hai kya": the rate checked
    if product_key is not None and rate_either(tokens):  # "rate 800 hai ya 900?": which rate, asked
        intent, amounts.quantity, amounts.price = PRICE, None, None
    no_goods = intent in (BUY, SELL) and product_key is None and amounts.quantity is None and (
        is_chatter(tokens, used) or (amounts.price is not None and not (amounts.price_unit is not None and any(
            t in W.BUY or t in W.SELL for t in tokens))) or not W.SERVICE_COST.isdisjoint(tokens)
        or not any(t in W.BUY or t in W.SELL or t in W.PURCHASE or t in W.OWN for t in tokens))
    if intent == PRICE and product_key is not None and _called_rate(tokens, amounts):
        _rate_asked(amounts, *reversed(_product_range(product_key)))  # "sarso tel 180 litre sahi rate hai kya?"
    if intent == PRICE and product_key is not None and _rate_proposed(tokens, amounts):
        _rate_of_orders(amounts, _product_range(product_key)[1])  # "... kitne me bik raha hai? 250 kilo sahi hai?"
        if amounts.price is None:
            _rate_asked(amounts, *reversed(_product_range(product_key)))  # "... ? ५८०० क्विंटल बा का?": per quintal
    district = find_district(text, all_tokens, hits)
    if no_goods:  # "mera 3500 rupaya baki hai, kab milega?", "transport ka kharcha kaun dega?": money, no goods
        return Parsed(intent=OTHER, district=district.name_en if district else None)
    out = Parsed(intent=intent, district=district.name_en if district else None)
    if intent == OTHER:
        if is_cancelled(tokens, used) or is_chatter(tokens, used) or is_past(tokens) or asks_about_service(tokens) \
                or problem_asked(tokens) or asks_about_scheme(tokens) or off_feed(tokens) \
                or arrived(tokens) or crop_distress(tokens) or disease_told(tokens) or vehicle_wanted(tokens):
            return out
        if unknown is not None and len([t for t in tokens if t[0].isalpha()]) <= 2:
            out.unknown_word, out.suggestions = unknown, suggestions
        _fill_amounts(out, amounts, None, None, explicit_only=True)
        return out
    out.product = product_key
    out.unknown_word, out.suggestions = unknown, suggestions
    _fill_amounts(out, amounts, *_product_range(product_key), explicit_only=False)
    if intent == PRICE:  # "ek kilo ka rate", "makhana 10 kilo kitne ka padega?": a rate asked has no quantity
        out.quantity = None
        if out.price is None:
            out.unit = None
    out.missing = [f for f in _MISSING[intent] if getattr(out, f) is None]
    return out


def _fill_amounts(out: Parsed, amounts: Amounts, base: str | None, price_range: tuple[Decimal, Decimal] | None,
                  explicit_only: bool = False) -> None:
    """Set quantity, unit, price and price_unit on `out` (only written units/cued prices if explicit_only).

    A quantity is never given without its unit: with neither a written unit nor a product, it is dropped.
    """
    if explicit_only and amounts.quantity_unit is None:
        amounts.quantity = None
    if explicit_only and not amounts.price_cued:
        amounts.price = None
    quantity, unit = _convert(amounts, base)
    if unit is None:
        quantity = None
    price, price_family = price_per_base(amounts, price_range, base)
    if unit is None and price is not None:
        unit = price_family or base
    out.quantity = _tidy(quantity) if quantity is not None else None
    out.unit = unit
    if price is not None:
        out.price = _tidy(price, _PAISE)
        out.price_unit = price_family or unit
        out.price_is_ceiling = amounts.price_is_ceiling
