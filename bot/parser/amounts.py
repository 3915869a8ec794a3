"""Which numbers in a message are the quantity and which the price, with their units.

Rules, in order, for each number phrase (left to right; "5-6", "700 se 750" are one number, the lower;
"12-15 hazar" shares its multiplier: 12000):
  * price if a currency word or price cue stands before it (₹, rs, @, rate, bhav, budget, max, per kg,
    "not more than", total/kul) or after it (rupaye/रुपये/rs//-, tak/तक, each, "ki ek", "ek ka",
    "ka kilo", "/kg", "se kam"); its unit is the one written with it ("/qtl", "rupaye kilo", "per
    quintal", "ki ek" = piece; "60 hazaar ek ka" = 60000 per piece: the "ek" is not added to 60000);
  * a lump sum if "ka/ke/ki" links it to the quantity ("1,50,000 ka 10 quintal", "5 kilo ka 200",
    "10 kg 7500 ka", but not "700 ka rate"), or me/mein/में, total or kul follows it ("35000 me",
    "2500 total") or total/kul stands before it;
  * quantity if a unit follows it (5 qtl, 3 man, 10kg, 5 darjan, or a misspelt unit: 2 qintal); a
    count of pieces if a product follows it without a unit (100 sarees, 20 murga, 3 madhubani painting);
    "10 packet 500 gram" / "500 gram ka 200 packet" are packs of a size (5 kg / 100 kg), and so is a size
    given for one container anywhere later ("40 jar hai, ek jar aadha kilo ka" = 20 kg, "har shishi 250 gram");
  * a later number with a unit of the quantity's kind is the price per that unit when that is a
    plausible price ("3 qtl gehu 2400 qtl" = 24 per kg);
  * otherwise a bare number: the first becomes the quantity (if a product is next to it, or it is
    written in digits), a later bare digit number the price. Number words (ek, do, das...) count
    only next to a unit or product, or right after "<sell/buy verb> hai" closing the clause
    ("bhains bechna hai do, ..."), so "rate bata do" has no number; but words with hazaar/lakh are money once
    the quantity is known or before me/में ("ek bhains hai sava lakh me"); "ek ka aath hazaar" is per piece. A bare number that counts
    something else is neither: a date or time ("15 june", "15th", "2 din"), people, a grade
    ("6 suta"), or any unknown word right after it ("do bori": the quantity stays unknown).

Also (issue 10, second round): "3000 ek", "3 rupaye ek" and "350 ek dibba" are prices for one; a count right
before a word for the young ("bakri ke 3 bachhe", "50 chuze") counts the animal, and one before a word or a hyphened
word describing the product counts it ("300 eco-friendly rakhi"); "sab milakar 12000" is a lump
sum; sacks (bora, bori, katta) count only with their size ("50 kilo ka 10 bora" = 500 kg; "do bori" stays
unknown); "5 kilo ka packet 20" is 20 packs when 20 is no plausible price of one; "1 kilo 500, 5 kilo hai" is
5 kg at 500; thousands without a unit that fit the product's price ("bakri hai 12-15 hazar"), and a bare count
of costly pieces no one would have ("bail 60000"), are prices; a 10-digit number is a phone number; "350 ke
andar" is a ceiling, "700 se kam nahi" is not. Third round: "15 litre wala 4 tin" is 4 packs of 15 litres; after
the count, "dono/sab ka 16 hazar" is a lump sum; "ek dudharu gaay" counts the animal over one word for its kind.
Fifth round: "25 hajar dono ka" and "400 rupya me sab" are lump sums for all (no other reading is tried); "bail ki
jodi" is one pair; "50 packet, ek packet me 12" counts 600 pieces; "5 kg packet 50 pis" is 50 packs of 5 kg; "750 ml
ka 48 bottle" of a product sold by the piece is 48 pieces; "500 gram ka packet ..., 500 rupaye packet" is per that
pack (1000/kg); "50 paisa piece" is 0.5; can, tin (after a number) and डब्बा are containers; after the quantity,
"साढ़े छह सौ किलो" (hundreds in words with a unit) is a rate like "650 kilo". Sixth round: "3500 me ek" is the price
of one; "1 kg each", "each weighing 1 kg" size the packs counted; "packed in 5 litre cans at 250 per can" and "5 litre
ke can ... 20 can" are per litre / 100 litre; bags are containers ("100 bags of wheat flour"); "dono bail ka 1 lakh"
said before the count is for both (and दुनु/dunu is both). Seventh round: a classifier count of people or days
("15 go didi") is not the quantity; "total 4 litre" after its parts ("2 litre subah 2 litre shaam") is the quantity;
a price per box of a product sold by the piece, with the pieces in one box said ("12 candles per box Rs 60 per box",
"ek dibba me 12, 60 rupaye dibba"), is per piece. Ninth round: "200 bird hai avg 2 kilo ka" (a count, then the
average weight) is 200 pieces of 2 kg (400 kg), and so is "50 piece, average 1.5 kg"; a price said right after a sized
pack ("100 gram ka packet 50 rupya") is per that pack (500/kg); टीन is a tin; a price cue before a count of days
("payment within 7 days") is a time limit, not a price; a three-letter word after a number ("10 bed") is too short to
be read as a misspelt product. Tenth round: for goods sold by the piece, "30 wala tray 210 me", "100 ka bundle 80
rupya", "8 wala packet 30 rupaye" (a count, wala/ka, a container, a price) price that many pieces (7, 0.8, 3.75 each),
and "20 litre ka drum 300 me" a pack of that size (15/litre); "ek bottle 150 rupaye" after packs of a known size
("250 gram wali 40 bottle") is per that pack (600/kg); "ek sau ka 3000" and "300 rupaye hazar" are per hundred and per
thousand pieces (30, 0.3); Surjapuri/Bengali mon is a maund; a lone "do" right after a price word is a verb ("rate
do", "What price do ...") not two.
Eleventh round: after the quantity, "300 kilo se zyada nahi" (a number and a unit, then se + zyada/upar/kam) bounds the
rate, when the number fits the product's rates; a measure with bhar and no number is one of it ("paav bhar" = 0.25 kg);
"पाव भर वाला डिब्बा ५० ठो" (a size, wala, the container, then the count) and "4 gallon, 5 litre wala" (the count of
packs, then the size of one) are 12.5 kg and 20 litre; "30 ande wala tray 180 rupaye, 20 tray" is 600 eggs at 6; a
year ("2024 me", "saal 2023") is no amount; "ek hi" (only one) counts the goods; after "A ke", for goods sold by the
piece, a count before an unknown noun is of A's goods ("bamboo ke 40 lamp shade"), and so is one before a phrase of how
they are made ("300 haath ki bani gudiya").

A price without its own unit is read (``price_per_base``) per base unit, per the quantity's unit, or as
a lump sum for the whole quantity: the first reading inside the product's plausible ``price_range``
wins, per base unit first ("5 quintal makhana 700 rs" = 700/kg, "5 quintal aloo 1200 rupaye" = 12/kg),
the lump sum first when a lump-sum cue was written ("50 kilo makhana 35000 me" = 700/kg) or the
quantity is less than one base unit ("250 gram makhana 200 rupaye" = 800/kg: a packet's price); last,
for goods sold by weight, per quintal, as mandi rates are quoted ("gehun ka bhav 2400" = 24/kg). With no
range (or no reading inside it) a lump sum stays a lump sum, and any other price is per the quantity's
unit, except after ton/gram/ml/pao/pair quantities, where it is per base unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bot.parser import words as W
from bot.parser.district import is_district_word
from bot.parser.normalize import fold
from bot.parser.numbers import MULTIPLIERS, NUMBER_WORDS, PER_ONE, NumberSpan, find_numbers
from bot.parser.products import ProductHit, fuzzy
from bot.parser.units import (
    CONTAINERS,
    PRICE_NOT_PER,
    UNITS,
    Unit,
    fuzzy_unit,
    pack,
    unit_at,
)

_SKIP_BACK = frozenset({":", "-", "=", "."})
_WITHIN = frozenset({"andar", "ander", "bhitar", "niche", "neeche", "अंदर", "भीतर", "नीचे"})
_CLAUSE_END = frozenset({",", ".", "!", "?", ";", "/", "-"})
_PIECE = UNITS["piece"]
_CLASSIFIERS = frozenset({"go", "tho", "ta", "gota", "गो", "ठो"})  # "15 go didi": a count's classifier, not a unit
_PAISE = frozenset({"paisa", "paise", "paisaa", "पैसा", "पैसे"})  # a hundredth of a rupee, right after a number
MAX_DIGITS_BARE = 7  # longer bare numbers are phone numbers, ids, dates
PHONE_DIGITS = 10  # a number this long is a phone number even next to a unit or product
PACK_WINDOW = 4  # "10 packet makhana 500 gram": the size may stand this many tokens from the count
_CEILING_LAST = frozenset(p[-1] for p in W.CEILING_BEFORE)
_CEILING_LEAD = frozenset({"max", "maximum", "upto", "under", "within", "below", "budget", "अधिकतम", "बजट"})
# words that are not an unknown "unit" after a number
_KNOWN = (W.FILLER | W.CURRENCY | W.PRICE_LEAD | W.PRICE_TAIL | W.PER | W.BUY | W.SELL | W.BUYER_NOUN
          | W.SELLER_NOUN | W.PRICE_ASK | W.NEGATION | W.COMMAND | W.OWN | W.YOUR | W.PAAS | W.GIVE_ME
          | W.GIVE_LAST | W.WHERE | W.WHEN | W.GET | W.HAVE | W.SE | W.CEILING_AFTER_SE | W.TOTAL_LINK
          | W.LUMP_AFTER | W.TOTAL | W.NON_TRADE | W.ANYONE | W.IF_THEN | W.FIRST_PERSON | W.SOLD | W.QUESTION
          | W.GOING | W.PURCHASE | W.SELL_VERB | NUMBER_WORDS | frozenset(UNITS)
          | frozenset({"aur", "and", "or", "ya", "bhi", "sab", "pura", "poora", "dono", "lagbhag", "approx",
                       "around", "about", "kareeb", "karib", "taiyar", "bacha", "bache", "bachi"}))
NOT_A_COUNT_RUPEES = Decimal(1_000_000)  # a bare count of pieces this dear at the lowest price is a price instead
FUZZY_PRODUCT_NEAR = 85.0  # an unknown word this close to a product name is taken as a misspelt product


@dataclass
class Amounts:
    """The quantity and price found in a message (raw, before conversion to the product's unit)."""

    quantity: Decimal | None = None
    quantity_unit: Unit | None = None  # as written (or a pack: "packet of 500 gram"); None when no unit
    price: Decimal | None = None
    price_unit: Unit | None = None  # the unit the price is per, when written
    price_unit_word: str | None = None  # the word of that unit ("packet": per pack when packs were counted)
    price_is_ceiling: bool = False
    price_is_total: bool = False  # a lump-sum cue: "1,50,000 ka 10 quintal", "35000 me", "2500 total"
    price_cued: bool = False  # the price had a currency word or price cue (not just a bare number)
    price_for_all: bool = False  # the lump sum is said to be for all of it ("400 rupya me sab"): no other reading
    price_start: int | None = None  # where a bare price number stands
    cued_at: int | None = None  # where a cued price's number stands
    quantity_at: int | None = None  # where a quantity written with its unit stands
    used: set[int] = field(default_factory=set)  # token positions consumed by amounts


def _prev(tokens: list[str], i: int) -> str | None:
    """Nearest token before i, skipping ':' '-' '='."""
    j = i - 1
    while j >= 0 and tokens[j] in _SKIP_BACK:
        j -= 1
    return tokens[j] if j >= 0 else None


def _price_unit_after(tokens: list[str], j: int) -> tuple[Unit | None, int, str | None]:
    """A "per unit" written at tokens[j:] ("kilo", "/ qtl", "per quintal", "ki ek", "each").

    Returns the unit (None if absent), the index after what was consumed, and the unit's word.
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
    if k == start and k + 1 < n and tokens[k] in PER_ONE and tokens[k + 1] in W.TOTAL_LINK:
        return _PIECE, k + 2, tokens[k]  # "60 hazaar ek ka" = 60000 for one
    if k < n and tokens[k] in PER_ONE and (k + 1 >= n or tokens[k + 1] in _CLAUSE_END):
        return _PIECE, k + 1, tokens[k]  # "3000 ek", "3 rupaye ek": each
    if k < n and tokens[k] in ("1", "ek", "एक") and k + 1 < n and UNITS.get(tokens[k + 1]):
        k += 1  # "per 1 kg"
    u = UNITS.get(tokens[k]) if k < n else None
    if u is not None and (k > start or tokens[k] not in ("go", "tho", "ta", "no", "number", "head")):
        return u, k + 1, tokens[k]
    if k < n and tokens[k] in W.ONE_ITEM and k > start:
        return _PIECE, k + 1, tokens[k]  # "ki ek", "per piece"
    if k < n and tokens[k] in ("each",):
        return _PIECE, k + 1, tokens[k]
    return None, start, None  # the currency words ("3500 rs") still belong to the price


def _ceiling_before(tokens: list[str], s: int) -> int:
    """Length of a "not more than" / "less than" phrase ending right before the price (0 if none)."""
    k = s
    while k > 0 and tokens[k - 1] in W.CURRENCY:
        k -= 1
    if k == 0 or tokens[k - 1] not in _CEILING_LAST:
        return 0
    for phrase in W.CEILING_BEFORE:
        if tuple(tokens[k - len(phrase):k]) == phrase:
            return s - (k - len(phrase))
    return 0


def _total_before(tokens: list[str], s: int) -> bool:
    """ "total 2500", "kul 7500 rupaye", "total price Rs 2500"."""
    k = s
    while k > 0 and (tokens[k - 1] in W.CURRENCY or tokens[k - 1] in _SKIP_BACK):
        k -= 1
    if k > 0 and tokens[k - 1] in ("price", "amount", "rate", "keemat", "kimat", "daam", "dam"):
        k -= 1
    return k > 0 and tokens[k - 1] in W.TOTAL


_LUMP_FIRST_MIN = Decimal(100)  # "dono ke 40" before any count is more likely a count than money
_ALL_OF = frozenset({"dono", "donon", "teeno", "tino", "teenon", "charo", "charon", "sab", "sabhi", "sabka",
                     "dunu", "dunoo", "duno", "donu", "tinu", "teenu",  # Maithili/Bhojpuri "both", "all three"
                     "दोनों", "दोनो", "दुनु", "दुनू", "दुन्नु", "दोनु", "तीनू", "तीनों", "चारों", "सब", "सभी"})


def _all_of_before(tokens: list[str], s: int, after_product: bool = False) -> bool:
    """ "2 bakri ..., dono ka 16 hazar": after the count, a price for all of the goods together (a lump sum);
    "humra sab ke 40 kilo" (we all have) is a quantity: the caller checks that no unit follows. With
    `after_product`, "dono bail ka 1 lakh" (both, the product, then the link) counts too."""
    if s >= 2 and tokens[s - 1] in W.TOTAL_LINK and tokens[s - 2] in _ALL_OF:
        return True
    return after_product and s >= 3 and tokens[s - 1] in W.TOTAL_LINK and tokens[s - 3] in _ALL_OF


def _one_after(tokens: list[str], k: int) -> bool:
    """ "ek" (one) at k closing the phrase: end of message or clause, "ka", or a unit ("me ek piece", "me ek go")."""
    if k >= len(tokens) or tokens[k] not in PER_ONE and tokens[k] not in ("1", "one"):
        return False
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return nxt is None or nxt in _CLAUSE_END or nxt in W.TOTAL_LINK or (
        UNITS.get(nxt) is not None and UNITS[nxt].factor == 1)


def _lump_after(tokens: list[str], j: int) -> int:
    """Tokens (currency words included) of a lump-sum cue at tokens[j:] after a price ("me", "mein", "में",
    "rupaye me", "total", "kul"), else 0."""
    k = j
    while k < len(tokens) and tokens[k] in W.CURRENCY:
        k += 1
    if k < len(tokens) and tokens[k] in W.LUMP_AFTER and _one_after(tokens, k + 1):
        return 0  # "3500 me ek", "500 रुपये में एक": the price of one, not of all
    if k < len(tokens) and (tokens[k] in W.LUMP_AFTER or tokens[k] in W.TOTAL):
        return k + 1 - j
    if k + 1 < len(tokens) and tokens[k] in _ALL_OF and (tokens[k + 1] in W.TOTAL_LINK or tokens[k + 1] in W.LUMP_AFTER):
        return k + 2 - j  # "25 hajar dono ka", "5000 sab me": for all of them
    return 0


def _all_of_near(tokens: list[str], s: int, e: int) -> bool:
    """ "400 rupya me sab", "dono 60 hajar me", "kul 2800": the lump sum is said to be for all of the goods, so it
    is read as one even when a per-unit reading would look plausible."""
    near = tokens[max(0, s - 2):s] + tokens[e:e + 4]
    return any(t in _ALL_OF or t in W.TOTAL for t in near)


def _is_price_before(tokens: list[str], s: int, used: set[int]) -> tuple[bool, Unit | None]:
    """Price cue before the number; also returns a unit written before it ("per kg 40")."""
    if s - 1 in used:
        return False, None  # "@25/kg 3qtl": the "/kg" belongs to the price before
    p1 = _prev(tokens, s)
    if p1 is None:
        return False, None
    if p1 in W.CURRENCY or p1 in W.PRICE_LEAD or p1 in W.TOTAL:
        p2 = tokens[s - 2] if s >= 2 else None
        p3 = tokens[s - 3] if s >= 3 else None
        if p2 is not None and p3 in W.PER and UNITS.get(p2):
            return True, UNITS[p2]
        return True, None
    if UNITS.get(p1) and s >= 2 and tokens[s - 2] in ("per", "prati", "प्रति", "/"):
        return True, UNITS[p1]
    if p1 in W.TOTAL_LINK and s >= 2 and tokens[s - 2] in PER_ONE:
        return True, _PIECE  # "teen bakri hai, ek ka aath hazaar"
    if _ceiling_before(tokens, s):
        return True, None
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
    if t in ("ke", "के", "se", "से") and e + 1 < n and tokens[e + 1] in _WITHIN:
        return True  # "350 ke andar"
    if t in PER_ONE:  # "60 hazaar ek ka", "3000 ek" (each), "350 ek dibba" (for one box)
        return e + 1 >= n or tokens[e + 1] in W.TOTAL_LINK or tokens[e + 1] in _CLAUSE_END or bool(UNITS.get(tokens[e + 1]))
    return False


def _ceiling_tail(tokens: list[str], j: int, used: set[int]) -> bool:
    """Consume "tak", "se kam", "se zyada nahi", "max" after a price; True if it marks a ceiling."""
    n = len(tokens)
    if j < n and tokens[j] in ("tak", "तक"):
        used.add(j)
        return True
    if j + 1 < n and tokens[j] in ("ke", "के", "se", "से") and tokens[j + 1] in _WITHIN:
        used.update((j, j + 1))
        if j + 2 < n and tokens[j + 2] in W.NEGATION:
            used.add(j + 2)
            return False  # "300 ke niche nahi": a seller's floor
        return True  # "350 ke andar", "400 se niche"
    if j + 1 < n and tokens[j] in W.SE and tokens[j + 1] in W.CEILING_AFTER_SE:
        used.update((j, j + 1))
        k = j + 3 if tokens[j + 2:j + 3] in (["me"], ["mein"], ["main"], ["में"], ["pe"], ["par"], ["पर"]) else j + 2
        if k < n and tokens[k] in W.NEGATION:
            used.update(range(j + 2, k + 1))
            return tokens[j + 1] not in W.LESS  # "700 se kam (me) nahi" is a seller's floor, not a ceiling
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
    """ "7500 ka" closing a message (no unit, "ek" or rate word after the link word): a lump sum.

    "700 ka rate hai" is a rate, not a total.
    """
    if j >= len(tokens) or tokens[j] not in W.TOTAL_LINK:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or not (UNITS.get(nxt) or nxt in W.ONE_ITEM or nxt[0].isdigit() or nxt in W.PRICE_ASK
                               or nxt in W.PRICE_LEAD)


_AUX_AFTER_VERB = frozenset({"hai", "h", "he", "hain", "है", "हैं"})
_VERB_BEFORE_COUNT = W.SELL_VERB | W.PURCHASE
# "bakri chahiye do, ...", "bhed chahiye 5 Nabinagar": the count right after the want word
_WANT_BEFORE_COUNT = frozenset(fold(w) for w in """chahiye chahie chaiye chahiya chahi chaahi chahin चाहिए चाहिये चाही
चाहीं चाहि""".split())


def _after_verb(tokens: list[str], sp: NumberSpan) -> bool:
    """ "bhains bechna hai do, 60 hazaar ek ka", "bakri chahiye do, Saharsa": a number word right after "<sell/buy
    verb> hai" or a want word, closing the clause (or followed by the price or a place), counts the product like a
    number next to it."""
    s = sp.start
    if s >= 3 and tokens[s - 1] == ",":
        s -= 1  # "बकरी बेचनी है, दो है, ..."
    wanted = s >= 2 and tokens[s - 1] in _WANT_BEFORE_COUNT and not tokens[s - 2][0].isdigit()
    if not wanted and (s < 2 or tokens[s - 1] not in _AUX_AFTER_VERB or tokens[s - 2] not in _VERB_BEFORE_COUNT):
        return False
    nxt = tokens[sp.end] if sp.end < len(tokens) else None
    if nxt in _AUX_AFTER_VERB:  # "do hai, ..."
        nxt = tokens[sp.end + 1] if sp.end + 1 < len(tokens) else None
    return nxt is None or nxt in (",", ".", "!", "?", ";") or nxt[0].isdigit() or (wanted and is_district_word(nxt))


def _is_word(t: str) -> bool:
    """A Roman or Devanagari word."""
    return t[0].isalpha() or "\u0900" <= t[0] <= "\u097f"


# participles of making: "haath ki bani", "machine se bana", "hath ka buna"
_MADE = frozenset(fold(w) for w in """bana bani bane banal banaal buna buni bune bunal बना बनी बने बनल बुना बुनी बुने""".split())
# "ek hi" (only one): a number word that counts the goods
_ONLY = frozenset({"hi", "hee", "ही", "matra", "मात्र"})
# "paav bhar", "kilo bhar" (a measure's worth): one of that measure
_BHAR = frozenset({"bhar", "bhara", "भर"})
_YEAR_CUE_BEFORE = frozenset(fold(w) for w in "saal sal year san varsh सन साल वर्ष".split())
_YEAR_CUE_AFTER = frozenset(fold(w) for w in "me mein men mai में मे".split())


def _one_measure(tokens: list[str]) -> list[str]:
    """ "पाव भर हल्दी", "kilo bhar chini": a weight or volume with bhar (-ful) and no number before it is one of that
    measure: read as "1 paav" (the length of the tokens kept)."""
    out = list(tokens)
    for i in range(1, len(tokens)):
        u = UNITS.get(tokens[i - 1])
        if tokens[i] in _BHAR and u is not None and u.family in ("kg", "litre") and tokens[i - 1] not in CONTAINERS and (
                i < 2 or not (tokens[i - 2][0].isdigit() or tokens[i - 2] in NUMBER_WORDS)):
            out[i - 1], out[i] = "1", tokens[i - 1]
    return out


def _financial_year(tokens: list[str], i: int) -> bool:
    """ "2024-25", "2024/2025" start at i."""
    t = tokens[i]
    if not (t.isdigit() and len(t) == 4 and 1990 <= int(t) <= 2040) or tokens[i + 1:i + 2] not in (["-"], ["/"]):
        return False
    nxt = tokens[i + 2] if i + 2 < len(tokens) else ""
    return nxt.isdigit() and int(nxt) in ((int(t) + 1) % 100, int(t) + 1)


def _a_year(tokens: list[str], sp: NumberSpan) -> bool:
    """ "MSP kitna hai 2024 me?", "saal 2023 ka rate": a four-digit number of these years (not a round 2000 or 2050),
    after saal/san/year or before me (in) with no currency word next to it, is a year, not an amount."""
    t = tokens[sp.start]
    if not sp.words and sp.end - sp.start == 1 and (_financial_year(tokens, sp.start)
                                                    or (sp.start >= 2 and _financial_year(tokens, sp.start - 2))):
        return True  # "MSP 2024-25": a financial year, both its numbers
    if sp.words or sp.end - sp.start != 1 or not t.isdigit() or len(t) != 4 or not 1990 <= int(t) <= 2040 \
            or int(t) % 50 == 0:
        return False
    prev = tokens[sp.start - 1] if sp.start > 0 else None
    nxt = tokens[sp.end] if sp.end < len(tokens) else None
    if prev in W.CURRENCY or nxt in W.CURRENCY:
        return False
    if nxt in ("se", "से"):  # "2022 se kaam kar rahe": since (but "2025 se kam" bounds a price)
        after = tokens[sp.end + 1] if sp.end + 1 < len(tokens) else None
        return after not in W.CEILING_AFTER_SE and after not in ("upar", "niche", "neeche", "ऊपर", "नीचे")
    return prev in _YEAR_CUE_BEFORE or nxt in _YEAR_CUE_AFTER


def _count_in_pack(tokens: list[str], hits: list[ProductHit], sp: NumberSpan) -> bool:
    """ "30 ande wala tray": a count, the product, wala and a container: how many are in one pack."""
    h = next((h for h in hits if h.start == sp.end), None)
    return h is not None and h.end + 1 < len(tokens) and tokens[h.end] in _WALA and tokens[h.end + 1] in _COUNTED_IN


def _counts_something_else(tokens: list[str], sp: NumberSpan, in_product: set[int], starts: set[int],
                           base: str | None = None) -> bool:
    """A bare number that is a date, time, count of people or grade, or is followed by an unknown word
    (but "50 organic eggs": a word between the number and the product describes the product; "300 haath ki bani
    gudiya": nor does a phrase of how it is made; "bamboo ke 40 lamp shade": after "A ke", for goods counted by the
    piece, the unknown word names the form of A's goods)."""
    prev = tokens[sp.start - 1] if sp.start > 0 else None
    if prev in W.NOT_AMOUNT_BEFORE:
        return True
    if sp.end >= len(tokens):
        return False
    t = tokens[sp.end]
    if t in W.NOT_AMOUNT_NEXT:
        return True
    if sp.end in in_product or not _is_word(t) or len(t) < 3 or t in _KNOWN or t.startswith(("rup", "रुप")):
        return False
    if sp.end + 1 in starts or (sp.end + 2 in starts and _is_word(tokens[sp.end + 1])):
        return False  # "50 organic eggs", "100 handmade neem soap"
    for k in range(sp.end + 2, min(sp.end + 5, len(tokens))):
        if k in starts and tokens[k - 1] in _MADE and all(_is_word(w) for w in tokens[sp.end:k]):
            return False  # "300 haath ki bani gudiya": how the goods are made, between the count and them
    if base == "piece" and sp.start >= 2 and tokens[sp.start - 1] in W.TOTAL_LINK and sp.start - 2 in in_product:
        return False  # "bamboo ke 40 lamp shade": 40 pieces of bamboo goods
    if fuzzy_unit(t) is not None:
        return False
    near = fuzzy(t) if len(t) >= 4 else None  # "10 bed" is no misspelt "bhed" (sheep): too short to tell
    if near and near[0][1] >= FUZZY_PRODUCT_NEAR:
        return False  # "20 tamtar": a misspelt product
    return not is_district_word(t)


def _another_goods_count(tokens: list[str], sp: NumberSpan, hits: list[ProductHit]) -> bool:
    """The bare number at sp follows goods named after the first with "aur"/"and"/a comma ("bakri 2 aur murgi 10")
    and no money word: it counts those goods."""
    return any(h.end == sp.start and h.start > 0 and (tokens[h.start - 1] in _AND_WORD or tokens[h.start - 1] == ",")
               for h in hits[1:]) and (sp.end >= len(tokens) or tokens[sp.end] not in W.CURRENCY)


def _hyphened_before(tokens: list[str], k: int, starts: set[int]) -> bool:
    """ "300 eco-friendly rakhi", "50 hand-made diye": a hyphened word at k, right before a product, describes it."""
    return (k + 3 in starts and tokens[k + 1] == "-" and _is_word(tokens[k + 2]) and tokens[k + 2] not in _KNOWN)


def find_amounts(tokens: list[str], hits: list[ProductHit], base: str | None = None,
                 price_range: tuple[Decimal, Decimal] | None = None) -> Amounts:
    """Quantity and price of a message (see module doc for the rules).

    `base` and `price_range` are those of the product named first (None if none): they decide
    whether "10 packet 500 gram" is counted in kilos and whether "2400 qtl" after a quantity is a price.
    """
    out = Amounts()
    if not _BHAR.isdisjoint(tokens):
        tokens = _one_measure(tokens)
    spans = [sp for sp in find_numbers(tokens) if not _a_year(tokens, sp)]
    in_product = {i for h in hits for i in range(h.start, h.end)}
    starts = {h.start for h in hits}
    ends = {h.end for h in hits}
    bare: list[NumberSpan] = []
    extra: list[tuple[NumberSpan, Unit, int]] = []  # later "number unit" phrases: a pack size or a price
    q_at: tuple[NumberSpan, int] | None = None  # the quantity's span and its unit's position
    by_start = {sp.start: sp for sp in spans}
    ends_of_numbers = {sp.end for sp in spans}
    for sp in spans:
        if any(i in out.used or i in in_product for i in range(sp.start, sp.end)):
            continue
        if not sp.words and len(tokens[sp.start].split(".")[0]) >= PHONE_DIGITS:
            continue  # "phone no 9876543210 makhana 2 quintal": a phone number, never an amount
        if (sp.words and sp.end - sp.start == 1 and tokens[sp.start] in W.GIVE_LAST and sp.start > 0
                and (tokens[sp.start - 1] in W.PRICE_LEAD or tokens[sp.start - 1] in W.PRICE_ASK)):
            continue  # "rate do" (give the rate), "What price do Manjusha paintings fetch": a verb, not two
        if out.price is None and _lump_sum_before(tokens, sp, by_start):
            out.price, out.price_is_total, out.price_cued = sp.value, True, True
            out.used.update(range(sp.start, sp.end + 1))
            continue
        if (out.price is None and out.quantity is not None and _all_of_before(tokens, sp.start)
                and unit_at(tokens, sp.end, after_number=True) is None):
            out.price, out.price_is_total, out.price_cued = sp.value, True, True  # "dono ka 16 hazar"
            out.used.update(range(sp.start - 2, sp.end))
            continue
        if (out.price is None and out.quantity is None and _all_of_before(tokens, sp.start, sp.start - 1 in ends)
                and tokens[sp.start - 2 - (sp.start - 1 in ends)] not in ("sab", "सब")
                and unit_at(tokens, sp.end, after_number=True) is None and sp.value >= _LUMP_FIRST_MIN):
            out.price, out.price_is_total, out.price_cued, out.price_for_all = sp.value, True, True, True
            out.used.update(range(sp.start, sp.end))  # "दुनु गाय के 80 हजार, 2 गाय अछि": for both, said first
            continue
        if sp.start >= 2 and tokens[sp.start - 1] in W.LUMP_AFTER and sp.start - 1 in ends_of_numbers \
                and _one_after(tokens, sp.start):
            out.used.update(range(sp.start, sp.end + 1))  # the "ek" of "200 me ek (piece)": for one, no count
            continue
        if sp.end < len(tokens) and tokens[sp.end] in _PAISE and not _has_multiplier(tokens, sp):
            if out.price is None:  # "50 paisa piece": a price in paise
                _set_cued_price(out, tokens, NumberSpan(sp.start, sp.end + 1, sp.value / 100, sp.words), None)
            continue
        before, unit_before = _is_price_before(tokens, sp.start, out.used)
        if before and _prev(tokens, sp.start) in W.TOTAL and unit_at(tokens, sp.end, after_number=True) is not None:
            before = False  # "kul 10 quintal", "sab milakar 20 quintal": a total quantity, not money
        if (before and unit_before is None and sp.end < len(tokens) and tokens[sp.end] in W.NOT_AMOUNT_NEXT
                and _prev(tokens, sp.start) not in W.CURRENCY and not _is_price_after(tokens, sp.end)):
            continue  # "payment within 7 days", "under 30 din": a time limit, not a price
        if before or _is_price_after(tokens, sp.end):
            if out.price is None:
                _set_cued_price(out, tokens, sp, unit_before)
            continue
        unit = unit_at(tokens, sp.end, after_number=True)
        if unit is None and sp.end < len(tokens) and sp.end not in in_product and tokens[sp.end] not in _KNOWN:
            unit = fuzzy_unit(tokens[sp.end])  # "2 qintal"
        if unit is not None and tokens[sp.end] in _CLASSIFIERS and tokens[sp.end + 1:sp.end + 2] != [] \
                and tokens[sp.end + 1] in W.NOT_AMOUNT_NEXT:
            continue  # "15 go didi", "das go din": a classifier counting people or days, not the goods
        if (unit is not None and out.quantity is not None and out.price is None and sp.end + 2 < len(tokens)
                and tokens[sp.end + 1] in W.SE and tokens[sp.end + 2] in W.CEILING_AFTER_SE
                and (price_range is None or price_range[0] <= sp.value <= price_range[1])):
            _set_cued_price(out, tokens, sp, None)  # "50 kilo khoa chahiye, 300 kilo se zyada nahi": a rate's bound
            continue
        if unit is not None:
            if out.quantity is None:
                out.quantity, out.quantity_unit = sp.value, unit
                q_at = (sp, sp.end)
                out.quantity_at = sp.start
                out.used.update(range(sp.start, sp.end + 1))
                total = _lump_sum_after(tokens, sp.end + 1, by_start)
                if total is not None and out.price is None:
                    out.price, out.price_is_total, out.price_cued = total.value, True, True
                    out.used.update(range(sp.end + 1, total.end))
            elif (_prev(tokens, sp.start) in W.TOTAL and out.quantity_unit is not None and q_at is not None
                  and ":" not in out.quantity_unit.name and unit.family == out.quantity_unit.family):
                # "2 litre subah 2 litre shaam, total 4 litre": the total of the amounts said before is the quantity
                out.quantity, out.quantity_unit = sp.value, unit
                q_at = (sp, sp.end)
                out.quantity_at = sp.start
                out.used.update(range(sp.start, sp.end + 1))
                extra = []
            else:
                extra.append((sp, unit, sp.end))
            continue
        if sp.end < len(tokens) and tokens[sp.end] in W.TOTAL_LINK and sp.end + 1 in starts:
            continue  # "1 lakh ka makhana": money, not a quantity
        adjective = (base == "piece" and tokens[sp.end:sp.end + 1] != [] and tokens[sp.end] not in _KNOWN
                     and _is_word(tokens[sp.end]) and not is_district_word(tokens[sp.end])
                     and (sp.end + 1 in starts or _hyphened_before(tokens, sp.end, starts)))
        if adjective and out.quantity is None and not bare:  # "ek dudharu gaay": a count, a word for its kind
            out.quantity, out.quantity_unit = sp.value, _PIECE
            out.used.update(range(sp.start, sp.end))
            continue
        if (base == "piece" and out.quantity is None and not bare and sp.end < len(tokens)
                and tokens[sp.end] in _LEAVES):  # "पान 5000 पत्ता है": a count of leaves
            out.quantity, out.quantity_unit = sp.value, _PIECE
            out.used.update(range(sp.start, sp.end + 1))
            continue
        if sp.end in starts and _count_in_pack(tokens, hits, sp):
            continue  # "30 ande wala tray 180 rupaye, 20 tray": the eggs in one tray, not the quantity
        if sp.end in starts or (hits and sp.end < len(tokens) and tokens[sp.end] in W.YOUNG):
            if out.quantity is None:  # "100 sarees", "20 murga", "bakri ke 3 bachhe"
                out.quantity, out.quantity_unit = sp.value, _PIECE
                out.used.update(range(sp.start, sp.end if sp.end in starts else sp.end + 1))
            continue
        if sp.end + 1 in starts and tokens[sp.end] in _QUALITY and base == "piece":
            if out.quantity is None:  # "ek achhi bakri", "do dudharu gaay": a count, a word of quality, the animal
                out.quantity, out.quantity_unit = sp.value, _PIECE
                out.used.update(range(sp.start, sp.end + 1))
            continue
        bare.append(sp)
    for sp in bare:
        near_product = sp.start in ends or _after_verb(tokens, sp)
        lump = _lump_after(tokens, sp.end)
        # "sava lakh me", "do lakh me do bhains": a number said in words with hazaar/lakh is money when the
        # quantity is already known or a lump-sum cue follows
        words_price = (sp.words and out.price is None and _has_multiplier(tokens, sp)
                       and (lump or out.quantity is not None))
        if out.price is None and _has_multiplier(tokens, sp) and not lump and out.quantity is None and not near_product:
            # "bakri hai 12-15 hazar": thousands that fit the product's price are money, not a count
            if price_range is not None and price_range[0] <= sp.value <= price_range[1]:
                out.price = sp.value
                out.used.update(range(sp.start, sp.end))
                continue
        if (out.price is None and out.quantity is None and not lump and not sp.words and base == "piece"
                and price_range is not None and price_range[0] <= sp.value <= price_range[1]
                and sp.value * price_range[0] >= NOT_A_COUNT_RUPEES):
            out.price = sp.value  # "bail bechna hai 60000": no one sells 60000 bullocks; a price
            out.used.update(range(sp.start, sp.end))
            continue
        if sp.words and not near_product and not words_price and not (
                out.quantity is None and sp.end < len(tokens) and tokens[sp.end] in _ONLY):
            continue  # ("..., murrah bhains hai, ek hi": only one, the count)
        if not sp.words and len(tokens[sp.start].split(".")[0]) > MAX_DIGITS_BARE:
            continue
        if _counts_something_else(tokens, sp, in_product, starts, base):
            continue
        if out.quantity is None and not (lump and out.price is None and (not sp.words or words_price)):
            out.quantity = sp.value
            out.used.update(range(sp.start, sp.end))
        elif out.price is None and not lump and _another_goods_count(tokens, sp, hits):
            continue  # "bakri 2 aur murgi 10 bechna hai": the second goods' count, not a price
        elif out.price is None and (not sp.words or words_price):
            out.price, out.price_start = sp.value, sp.start
            out.used.update(range(sp.start, sp.end))
            if lump:
                out.price_is_total, out.price_cued = True, True  # "50 kilo makhana 35000 me", "2500 total"
                out.price_for_all = _all_of_near(tokens, sp.start, sp.end)
                out.used.update(range(sp.end, sp.end + lump))
            elif _trailing_link(tokens, sp.end):
                out.price_is_total, out.price_cued = True, True  # "10 kg 7500 ka"
                out.used.add(sp.end)
            elif _total_before(tokens, sp.start):
                out.price_is_total, out.price_cued = True, True  # "total 7500"
    if out.quantity is None:
        _a_pair(out, tokens, ends)
    _price_per_count_said_first(out, tokens)
    if q_at is not None and extra:
        _packs_and_unit_prices(out, tokens, hits, q_at, extra, base, price_range)
        _price_of_one_then_quantity(out, tokens, q_at, extra)
        _pieces_then_weight_of_one(out, tokens, q_at, extra, base)
    if q_at is not None:
        _count_of_average_weight(out, tokens, q_at, spans, base)
        _sized_packs(out, tokens, q_at, by_start)
        _count_then_size_of_one(out, tokens, q_at, spans, base)
        _pieces_per_pack(out, tokens, q_at, spans, base)
    _price_per_sized_pack(out, tokens, extra, base)
    _price_per_pack_of_pieces(out, tokens, spans, hits, base)
    _price_of_n(out, tokens, spans, base)
    _price_of_one_pack(out, tokens, base)
    _price_per_counted_pack(out, tokens, spans, base, hits)
    _price_per_round_count(out, tokens, spans, base)
    if q_at is not None and not out.price_is_total:
        _count_of_packs_after(out, tokens, q_at, by_start.get(q_at[1] + 3), base, price_range)
    if q_at is not None:
        _packs_counted_apart(out, tokens, q_at, spans, hits)
        _price_per_pack_said(out, tokens, spans)
    if q_at is not None and tokens[q_at[1]] in W.SACK and out.quantity_unit is not None \
            and ":" not in out.quantity_unit.name:
        out.quantity, out.quantity_unit = None, None  # "do bori aloo": sacks of an unsaid size (the bot asks)
    if q_at is not None and (k := _one_pack_priced(out, tokens, q_at[1])) is not None:
        out.price_unit = pack(UNITS.get(tokens[k]) or _PIECE, out.quantity, out.quantity_unit)  # per such pack
        out.quantity, out.quantity_unit = None, None  # "250 gm packet 180 rs": the pack's size and price, no stock said
    if _relative_to_market(out, tokens):
        out.price = out.price_unit = out.price_unit_word = None  # "mandi rate se 50 rupya quintal kam": no price of its own
        out.price_cued = out.price_is_ceiling = False
    if out.price_unit_word in W.SACK and (out.quantity_unit is None or ":" not in out.quantity_unit.name):
        out.price = out.price_unit = out.price_unit_word = None  # "800 rs peti": per crate of an unsaid size
        out.price_cued = False
    return out


# leaves counted one by one (paan is sold by the leaf); not a unit elsewhere ("100 patta ka 80" is a price of 100)
_LEAVES = frozenset({"patta", "patte", "patton", "पत्ता", "पत्ते", "पत्तों", "पत्ती"})
_PAIR = frozenset({"jodi", "jori", "जोड़ी", "जोड़ा", "जोडी", "जोडा"})


def _a_pair(out: Amounts, tokens: list[str], ends: set[int]) -> None:
    """ "bail ki jodi bechni hai": a product's pair with no number before it is one pair (two pieces)."""
    for i, t in enumerate(tokens):
        if t in _PAIR and i >= 1 and tokens[i - 1] in W.TOTAL_LINK and i - 1 in ends and i not in out.used:
            out.quantity, out.quantity_unit = Decimal(1), UNITS.get(t) or UNITS["jodi"]
            out.used.add(i)
            return


def _pieces_per_pack(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int], spans: list[NumberSpan],
                     base: str | None) -> None:
    """ "Momabatti 50 packet, ek packet me 12", "har packet me 8 pad": packs of a product sold by the piece, with
    the count in one pack said after: 600 pieces (and a price per packet is per 1/12 of it)."""
    q_sp, w = q_at
    qu = out.quantity_unit
    if base != "piece" or qu is None or ":" in qu.name or tokens[w] not in CONTAINERS or out.quantity is None:
        return
    for sp in spans:
        if sp.start <= w or sp.words and tokens[sp.start] not in NUMBER_WORDS:
            continue
        after = _count_per_pack_after(tokens, sp, tokens[w])
        if after is not None and sp.value > 1:
            if sp.start in (out.price_start, out.cued_at):
                out.price = out.price_start = out.cued_at = None  # the count in a pack was read as a price
                out.price_cued = False
            out.quantity_unit = pack(UNITS.get(tokens[w]) or _PIECE, sp.value, _PIECE)  # "8 pad per packet"
            out.used.update(range(sp.start, after))
            return
        begins = _in_one_pack(tokens, sp.start, tokens[w])
        if begins is None or sp.value <= 1:
            continue
        if out.price_start == sp.start:
            out.price = out.price_start = None  # the count in a pack was read as a bare price
        elif any(i in out.used for i in range(sp.start, sp.end)):
            continue
        out.quantity_unit = pack(UNITS.get(tokens[w]) or _PIECE, sp.value, _PIECE)
        out.used.update(range(begins, sp.end + (1 if unit_at(tokens, sp.end, True) is not None else 0)))
        if begins == q_sp.start:
            out.quantity = None  # "30 rs packet, ek packet me 20 stick": what one pack holds, no count of packs
        return


_PER_EACH = frozenset({"per", "prati", "प्रति", "har", "हर", "each"})


def _one_pack_priced(out: Amounts, tokens: list[str], w: int) -> int | None:
    """ "Makhana 250 gm packet 180 rs", "achar 500 gram jar 120 rs": a weight or volume read as the quantity is the
    size of a pack named right after it and priced right after that, with no count of packs: what one pack is and
    costs, not the stock. Where the pack's word stands, or None."""
    qu = out.quantity_unit
    if qu is None or ":" in qu.name or qu.family not in ("kg", "litre") or out.price is None or out.price_is_total \
            or out.price_unit is not None:
        return None
    k = w + 1
    if k < len(tokens) and (tokens[k] in W.TOTAL_LINK or tokens[k] in _WALA):
        k += 1
    if k >= len(tokens) or tokens[k] not in CONTAINERS:
        return None
    at = k + 1 + (1 if tokens[k + 1:k + 2] != [] and tokens[k + 1] in W.CURRENCY else 0)
    return k if at in (out.cued_at, out.price_start) else None


def _in_one_pack(tokens: list[str], s: int, pack_word: str) -> int | None:
    """ "ek packet me 12 stick", "har dibbe me 50" (a pack's oblique): the number at s counts what one pack (of the
    quantity's) holds; where the phrase begins ("ek"), or None."""
    k = s - 1
    if k >= 0 and tokens[k] in _IN:
        k -= 1
    if k >= 1 and (tokens[k] in CONTAINERS or (pack_word in CONTAINERS and _same_container(tokens[k], pack_word))) \
            and tokens[k - 1] in _ONE_EACH:
        return k - 1
    return None


def _count_per_pack_after(tokens: list[str], sp: NumberSpan, container: str) -> int | None:
    """ "8 pad per packet", "20 stick per box": a count, what it counts, then per/each and the same container;
    where that phrase ends, or None."""
    j = sp.end
    if j >= len(tokens) or tokens[j] in _PER_EACH or tokens[j] in W.CURRENCY or (sp.start > 0 and tokens[sp.start - 1]
                                                                                  in W.CURRENCY):
        return None  # "Rs 25 per packet", "25 rs per packet": a price
    j += 1  # the thing counted
    if j + 1 < len(tokens) and tokens[j] in _PER_EACH and _same_container(tokens[j + 1], container):
        return j + 2
    return None


def _same_container(a: str, b: str) -> bool:
    """ "box" and "boxes", "packet" and "packets", "dibba" and its oblique "dibbe": one container word."""
    return a == b or (a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) <= 2 or (
        len(a) == len(b) >= 4 and a[:-1] == b[:-1])


def _price_per_pack_of_pieces(out: Amounts, tokens: list[str], spans: list[NumberSpan], hits: list[ProductHit],
                              base: str | None) -> None:
    """ "1200 piece candle ..., 12 candles per box Rs 60 per box", "ek dibba me 12 piece, 60 rupaye dibba": a price
    per container of a product sold by the piece, with the count in one container said, is per piece (5)."""
    word = out.price_unit_word
    qu = out.quantity_unit
    if (base != "piece" or out.price is None or word not in CONTAINERS or out.price_is_total
            or (qu is not None and ":" in qu.name)):
        return
    ends = {h.start: h.end for h in hits}
    n = len(tokens)
    for sp in spans:
        if sp.value <= 1 or sp.start == out.cued_at or (sp.words and tokens[sp.start] not in NUMBER_WORDS):
            continue
        k = sp.end  # "12 candles per box", "12 piece per box", "12 per box"
        if k in ends:
            k = ends[k]
        elif k < n and UNITS.get(tokens[k]) is not None and UNITS[tokens[k]].family == "piece" \
                and UNITS[tokens[k]].factor == 1 and tokens[k] not in CONTAINERS:
            k += 1
        per_pack = k + 1 < n and tokens[k] in ("per", "prati", "प्रति", "/", "har", "हर") and tokens[k + 1] in CONTAINERS \
            and _same_container(tokens[k + 1], word)
        b = sp.start - 1  # "ek dibba me 12", "har box me 12"
        if b >= 0 and tokens[b] in _IN:
            b -= 1
        one_pack = b >= 1 and b < sp.start - 1 and tokens[b] in CONTAINERS and _same_container(tokens[b], word) \
            and tokens[b - 1] in _ONE_EACH
        if per_pack or one_pack:
            out.price = out.price / sp.value
            out.price_unit, out.price_unit_word = _PIECE, None
            return


def _price_per_sized_pack(out: Amounts, tokens: list[str], extra: list[tuple[NumberSpan, Unit, int]],
                          base: str | None) -> None:
    """ "Makhana 10 kg hai, 500 gram ka packet ..., 500 rupaye packet", "packed in 5 litre cans at 250 per can": a
    price per pack whose size is said elsewhere ("500 gram ka packet", "5 litre cans", "cans of 5 litre") is per
    that size (1000/kg, 50/litre); so is a price with no unit of its own said right after the sized pack ("garam
    masala 10 kilo, 100 gram ka packet 50 rupya", "Papad 25 kg hai, 100 gram packet 20 rupaye" = 500/kg, 200/kg)."""
    qu = out.quantity_unit
    if (out.price is None or base not in ("kg", "litre") or (qu is not None and ":" in qu.name)
            or (out.price_unit_word not in CONTAINERS and (out.price_unit is not None or out.price_is_total))):
        return
    for sp, unit, word_at in extra:
        if unit.family != base:
            continue
        bare = word_at + 1 < len(tokens) and tokens[word_at + 1] in CONTAINERS  # "100 gram packet 20 rupaye"
        if out.price_unit_word not in CONTAINERS and word_at + (2 if bare else 3) not in (out.cued_at, out.price_start):
            continue
        if word_at + 2 < len(tokens) and tokens[word_at + 1] in W.TOTAL_LINK | _WALA and tokens[word_at + 2] in CONTAINERS:
            out.price_unit = pack(UNITS[tokens[word_at + 2]], sp.value, unit)
            out.used.update(range(sp.start, word_at + 3))
            return
        if word_at + 1 < len(tokens) and tokens[word_at + 1] in CONTAINERS:  # "packed in 5 litre cans, 250 per can"
            out.price_unit = pack(UNITS[tokens[word_at + 1]], sp.value, unit)
            out.used.update(range(sp.start, word_at + 2))
            return
        if sp.start >= 2 and tokens[sp.start - 1] == "of" and tokens[sp.start - 2] in CONTAINERS:  # "cans of 5 litre"
            out.price_unit = pack(UNITS[tokens[sp.start - 2]], sp.value, unit)
            out.used.update(range(sp.start, word_at + 1))
            return


_WALA = frozenset({"wala", "wale", "wali", "vala", "vale", "wla", "वाला", "वाले", "वाली"})
# what a size is sold in: the containers, and tins and cans ("tin" alone is also three, so only here)
_PACK_NOUNS = CONTAINERS | frozenset({"tin", "tins", "can", "cans", "kanastar", "canister", "gallon", "टिन", "कनस्तर",
                                      "jerican", "jerrican", "jerry", "jarikan", "jerrycan", "जरीकेन"})


def _sized_packs(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int],
                 by_start: dict[int, NumberSpan]) -> None:
    """ "15 litre wala 4 tin", "5 litre wale 10 can": a size, wala, then a count of such packs (60 / 50 litre)."""
    w = q_at[1]
    qu = out.quantity_unit
    if qu is None or out.quantity is None or ":" in qu.name or w + 1 >= len(tokens) or tokens[w + 1] not in _WALA:
        return
    sp = by_start.get(w + 2)
    if sp is None and w + 2 < len(tokens) and tokens[w + 2] in _PACK_NOUNS:
        sp = by_start.get(w + 3)  # "पाव भर वाला डिब्बा ५० ठो": the container, then the count
        if sp is not None and not sp.words and (out.price_start == sp.start
                                                or not any(i in out.used for i in range(sp.start, sp.end))):
            out.quantity_unit, out.quantity = pack(UNITS.get(tokens[w + 2]) or _PIECE, out.quantity, qu), sp.value
            if out.price_start == sp.start:
                out.price = out.price_start = None
            out.used.update(range(w + 1, sp.end + (1 if sp.end < len(tokens) and tokens[sp.end] in _CLASSIFIERS else 0)))
        return
    if sp is None:
        before = by_start.get(next((k for k in range(q_at[0].start - 3, q_at[0].start - 1) if k >= 0
                                    and tokens[k + 1:q_at[0].start] and tokens[k + 1] in _PACK_NOUNS
                                    and all(t in ",-" for t in tokens[k + 2:q_at[0].start])), -1))
        if before is not None and not before.words and before.end < len(tokens) and tokens[before.end] in _PACK_NOUNS \
                and not any(i in out.used for i in range(before.start, before.end)):
            out.quantity_unit = pack(UNITS.get(tokens[before.end]) or _PIECE, out.quantity, qu)
            out.quantity = before.value  # "Sarso tel 4 gallon, 5 litre wala": four packs of 5 litre
            if out.price_start == before.start:
                out.price = out.price_start = None
            out.used.update(range(before.start, before.end + 1))
            out.used.add(w + 1)
        return
    if sp.words or sp.end >= len(tokens) or tokens[sp.end] not in _PACK_NOUNS:
        return
    out.quantity_unit, out.quantity = pack(_PIECE, out.quantity, qu), sp.value
    if out.price_start == sp.start:
        out.price = out.price_start = None  # the count was read as a bare price
    out.used.update(range(w + 1, sp.end + 1))


def _count_then_size_of_one(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int], spans: list[NumberSpan],
                            base: str | None) -> None:
    """ "10 tin sarson tel, ek tin 15 litre", "shishi 200, har shishi 500 gram": a count of packs first, then the
    size of one such pack (150 litre, 100 kg)."""
    q_sp, w = q_at
    qu = out.quantity_unit
    if base not in ("kg", "litre") or qu is None or qu.family != base or ":" in qu.name or out.quantity is None:
        return
    k = q_sp.start - 1
    if k >= 0 and tokens[k] in _IN:
        k -= 1
    if k < 1 or tokens[k] not in _PACK_NOUNS or tokens[k - 1] not in _ONE_EACH:
        return
    for sp in spans:
        if sp.start >= k - 1:
            return
        counted = (sp.end < len(tokens) and tokens[sp.end] == tokens[k]) or (
            sp.start > 0 and tokens[sp.start - 1] == tokens[k])  # "20 tin ..." or "shishi 200, har shishi 500 gram"
        if (not sp.words and counted
                and (out.price_start == sp.start or not any(i in out.used for i in range(sp.start, sp.end)))):
            out.quantity_unit, out.quantity = pack(UNITS.get(tokens[k]) or _PIECE, out.quantity, qu), sp.value
            if out.price_start == sp.start:
                out.price = out.price_start = None  # the count was read as a bare price
            out.used.update(range(sp.start, sp.end + 1))
            out.used.update(range(k - 1, k + 1))
            return


def _price_of_n(out: Amounts, tokens: list[str], spans: list[NumberSpan], base: str | None) -> None:
    """ "5000 piece hai, 100 piece ka 80 rupaye", "100 patta ka 80": a cued price for N units (or N pieces of
    a product sold by the piece), said apart from the quantity, is a price per unit (0.8)."""
    s = out.cued_at
    if (s is None or s < 3 or out.quantity is None or out.price is None or out.price_unit is not None
            or out.price_is_total or tokens[s - 1] not in W.TOTAL_LINK):
        return
    sp = next((x for x in spans if x.end == s - 2), None)
    if sp is None or sp.words or sp.value <= 1 or any(i in out.used for i in range(sp.start, sp.end)):
        return
    unit = UNITS.get(tokens[s - 2])
    if unit is None and base == "piece" and _is_word(tokens[s - 2]) and tokens[s - 2] not in _KNOWN:
        unit = _PIECE  # "100 patta ka 80": a count of the pieces
    qu = out.quantity_unit
    if unit is None or ":" in unit.name or (qu is not None and qu.family != unit.family) \
            or (qu is None and unit.family != base):
        return
    out.price, out.price_unit = out.price / sp.value, unit
    out.used.update(range(sp.start, s))


# what goods are counted into: the containers, and trays, bundles, drums
_COUNTED_IN = _PACK_NOUNS | frozenset(fold(w) for w in """tray trays tre ट्रे bundle bundles bandal bandle बंडल gaddi
गड्डी drum drums ड्रम""".split())
_PER_ROUND = {"sau": 100, "saikda": 100, "saikra": 100, "सौ": 100, "सैकड़ा": 100, "hazar": 1000, "hajar": 1000,
              "hazaar": 1000, "hajaar": 1000, "hazar.": 1000, "हजार": 1000, "हज़ार": 1000}


def _price_at(out: Amounts) -> int | None:
    return out.cued_at if out.cued_at is not None else out.price_start


def _price_of_one_pack(out: Amounts, tokens: list[str], base: str | None) -> None:
    """ "शहद २५० ग्राम वाली ४० बोतल है, एक बोतल १५० रुपये", "100 bottle, 500 gram wala, ek bottle 250 rupaye": a price
    said after "one <container>" of packs whose size is known is per that pack (600/kg, 500/kg)."""
    qu, s = out.quantity_unit, _price_at(out)
    if (out.price is None or out.price_unit is not None or qu is None or ":" not in qu.name or s is None or s < 2
            or out.price_is_total and out.price_for_all):
        return
    k = s - 1
    while k > 0 and tokens[k] in W.CURRENCY:
        k -= 1
    if tokens[k] in CONTAINERS and tokens[k - 1] in _ONE_EACH:
        out.price_unit, out.price_unit_word, out.price_is_total = qu, tokens[k], False


def _price_per_counted_pack(out: Amounts, tokens: list[str], spans: list[NumberSpan], base: str | None,
                            hits: list[ProductHit] = ()) -> None:
    """ "desi anda 300 piece, 30 wala tray 210 me", "pattal 2000 piece, 100 ka bundle 80 rupya", "8 wala packet 30
    rupaye": a count, wala/ka, a container, then a price, for goods sold by the piece, is the price of that many pieces
    (7, 0.8, 3.75 each); "20 litre ka drum 300 me" is the price of a pack of that size (15/litre)."""
    if out.price is None or base is None:
        return
    by_start = {sp.start: sp for sp in spans}
    for sp in spans:
        w = sp.end
        if sp.words or sp.value <= 1 or w + 2 >= len(tokens):
            continue
        size = UNITS.get(tokens[w]) if base != "piece" else None
        if size is not None and size.family == base and ":" not in size.name:
            w += 1  # "20 litre ka drum": a size, then its container
        elif base != "piece":
            continue
        else:
            w = next((h.end for h in hits if h.start == w), w)  # "30 ande wala tray 180 rupaye"
            if w + 2 >= len(tokens):
                continue
        if tokens[w] not in _WALA | W.TOTAL_LINK or tokens[w + 1] not in _COUNTED_IN:
            continue
        k = w + 2
        while k < len(tokens) and tokens[k] in W.CURRENCY:
            k += 1
        price = by_start.get(k)
        if price is None or price.words or unit_at(tokens, price.end, after_number=True) is not None:
            continue
        if out.quantity_at == sp.start or (out.quantity_at is not None and out.quantity_at == price.start):
            continue
        if size is not None:
            out.price, out.price_unit = price.value, pack(UNITS.get(tokens[w + 1]) or _PIECE, sp.value, size)
        else:
            out.price, out.price_unit = price.value / sp.value, _PIECE
        out.price_unit_word, out.price_is_total, out.price_for_all, out.price_cued = None, False, False, True
        out.price_start, out.cued_at = None, price.start
        out.used.update(range(sp.start, price.end))
        return


def _price_per_round_count(out: Amounts, tokens: list[str], spans: list[NumberSpan], base: str | None) -> None:
    """ "jhadu 200 piece, ek sau ka 3000", "machhli ka jeera 2 lakh, 300 rupaye hazar": for goods sold by the piece, a
    price for a hundred or a thousand ("ek sau ka", "hazar" after the rupees) is per piece (30, 0.3)."""
    if base != "piece" or out.price is None or out.price_unit is not None or out.quantity is None:
        return
    s = _price_at(out)
    if s is None:
        return
    k = next((sp.end for sp in spans if sp.start == s), None)
    if k is None:
        return
    while k < len(tokens) and tokens[k] in W.CURRENCY:
        k += 1
    if k < len(tokens) and k > s + 1 and tokens[k] in _PER_ROUND and (k + 1 == len(tokens) or not tokens[k + 1][0].isdigit()):
        out.price, out.price_unit, out.price_is_total = out.price / _PER_ROUND[tokens[k]], _PIECE, False
        out.used.add(k)
        return
    if s >= 2 and tokens[s - 1] in W.TOTAL_LINK:  # "ek sau ka 3000"
        n = next((sp for sp in spans if sp.end == s - 1), None)
        if n is not None and n.value in (100, 1000) and n.start != out.quantity_at and not any(
                i in out.used for i in range(n.start, n.end)):
            out.price, out.price_unit, out.price_is_total = out.price / n.value, _PIECE, False
            out.used.update(range(n.start, n.end))


_PACK_COUNTED = frozenset({"pc", "pcs", "piece", "pieces", "nag", "पीस"})
_SIZE_TO_PACK = W.TOTAL_LINK | _WALA | frozenset({"powder", "पाउडर"})


def _packs_counted_apart(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int], spans: list[NumberSpan],
                         hits: list[ProductHit]) -> None:
    """ "sattu 1 kg packet 120 rs, 200 packet available", "250 gram ka packet 200 pc", "5 litre jeevamrit ka 20
    jerican": a size read as the quantity, its pack named after it, and a count of such packs said apart from it
    is that many packs (200 x 1 kg). A price with no unit of its own stays per the size as written: per pack."""
    qu, w = out.quantity_unit, q_at[1]
    if qu is None or out.quantity is None or qu.family not in ("kg", "litre") or (":" in qu.name and out.quantity != 1):
        return  # (one pack of the size, "250 gram ka packet", may be counted too)
    in_hit = {i for h in hits for i in range(h.start, h.end)}
    k = w + 1
    while k < len(tokens) and k <= w + 4 and tokens[k] not in _PACK_NOUNS and (tokens[k] in _SIZE_TO_PACK or k in in_hit):
        k += 1
    count = None
    if k < len(tokens) and tokens[k] in _PACK_NOUNS:  # the pack right after the size; its count said later
        noun = tokens[k]
        count = next((sp for sp in spans if sp.start > k and not sp.words and sp.end < len(tokens)
                      and ((tokens[sp.end] in _PACK_NOUNS and _same_container(tokens[sp.end], noun))
                           or (sp.start == k + 1 and tokens[sp.end] in _PACK_COUNTED))), None)
    else:  # "5 litre jeevamrit ka 20 jerican": the count stands between the size and its pack
        sp = next((sp for sp in spans if sp.start == k), None)
        if sp is not None and not sp.words and sp.end < len(tokens) and tokens[sp.end] in _PACK_NOUNS:
            count, noun = sp, tokens[sp.end]
    if count is None or count.value <= 1 or count.value != count.value.to_integral_value() \
            or count.start == out.cued_at or any(i in out.used for i in range(count.start, count.end)):
        return
    if ":" not in qu.name:
        qu = pack(UNITS.get(noun) or _PIECE, out.quantity, qu)
        if out.price_unit is None and not out.price_is_total:
            out.price_unit = qu  # "200 gram packet 40 rs": it was per the size, and is per pack
    out.quantity_unit, out.quantity = qu, count.value
    if out.price_start == count.start:
        out.price = out.price_start = None  # the count was read as a bare price
    out.used.update(range(count.start, count.end + 1))


_PER_PACK = frozenset({"ek", "एक", "per", "prati", "प्रति", "har", "हर"})


def _price_per_pack_said(out: Amounts, tokens: list[str], spans: list[NumberSpan]) -> None:
    """ "ghee 2 kg ka dibba 1400 me de denge, 10 dibba", "2 litre ka bottle 25 bottle ba, 400 ke ek bottle": with
    packs counted, a price with no unit said right after the sized pack, or followed by "(ke) ek <pack>", is per
    pack (700/kg, 200/litre), however plausible it would be per kilo."""
    qu = out.quantity_unit
    if qu is None or ":" not in qu.name or out.price is None or out.price_unit is not None or out.price_for_all:
        return
    at = out.price_start if out.price_start is not None else out.cued_at
    if at is None:
        at = next((sp.start for sp in spans if sp.value == out.price and not sp.words), None)
    if at is None:
        return
    after_pack = at >= 3 and tokens[at - 1] in _PACK_NOUNS and any(
        UNITS.get(t) is not None and UNITS[t].family == qu.family and t not in _PACK_NOUNS for t in tokens[max(at - 4, 0):at - 1])
    k = next((j for j in range(at + 1, min(at + 4, len(tokens))) if tokens[j] not in ("rs", "ke", "ka", "me", "का", "के")), None)
    per_one = k is not None and k + 1 < len(tokens) and tokens[k] in _PER_PACK and tokens[k + 1] in _PACK_NOUNS
    if after_pack or per_one:  # "1400 me de denge" right after the pack, "400 ke ek bottle": per pack, not for all
        out.price_unit, out.price_is_total = qu, False


def _count_of_packs_after(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int], sp: NumberSpan | None,
                          base: str | None, price_range: tuple[Decimal, Decimal] | None) -> None:
    """ "मखाना ५ किलो का पैकेट २० है": a size, its container, then a number that is no plausible price for one
    such pack (or when the price is said elsewhere) is the count of packs (20 packs of 5 kg);
    "makhana 5 kilo ka packet 3500" stays a price."""
    w = q_at[1]
    qu = out.quantity_unit
    if (sp is None or sp.words or base not in ("kg", "litre") or price_range is None or qu is None
            or qu.family != base or ":" in qu.name or out.quantity is None):
        return
    if tokens[w + 1] not in W.TOTAL_LINK or tokens[w + 2] not in CONTAINERS:
        return
    bare_price = out.price_start == sp.start
    if bare_price:
        per_base = sp.value / (out.quantity * qu.factor)
        if price_range[0] <= per_base <= price_range[1] or price_range[0] <= sp.value <= price_range[1]:
            return
    elif any(i in out.used for i in range(sp.start, sp.end)):
        return
    container = UNITS[tokens[w + 2]]
    out.quantity_unit, out.quantity = pack(container, out.quantity, qu), sp.value
    out.used.update(range(sp.start, sp.end))
    if bare_price:
        out.price = out.price_start = None


def _price_of_one_then_quantity(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int],
                                extra: list[tuple[NumberSpan, Unit, int]]) -> None:
    """ "shahad 1 kilo 500, 5 kilo hai": one unit and its price first, the quantity after it."""
    qu = out.quantity_unit
    if out.quantity != 1 or qu is None or ":" in qu.name or out.price is None or out.price_unit is not None \
            or out.price_is_total:
        return
    for sp, unit, word_at in extra:
        if word_at + 1 < len(tokens) and tokens[word_at + 1] in W.TOTAL_LINK:
            continue  # "aadha kilo ka 380": another size's price, not the quantity
        if unit.family == qu.family and sp.start > q_at[1] and not any(i in out.used for i in range(sp.start, word_at + 1)):
            out.price_unit, out.quantity, out.quantity_unit = qu, sp.value, unit
            out.used.update(range(sp.start, word_at + 1))
            return


_AVERAGE = frozenset({"avg", "average", "avrg", "averge", "ausat", "aausat", "auasat", "औसत", "एवरेज"})


def _count_of_average_weight(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int], spans: list[NumberSpan],
                             base: str | None) -> None:
    """ "broiler 200 bird hai avg 2 kilo ka", "100 murgi, ausat 1.5 kilo": a count of animals (or pieces) and then
    their average weight is that many pieces of that weight (400 kg)."""
    q_sp, _w = q_at
    qu = out.quantity_unit
    if base not in ("kg", "litre") or qu is None or qu.family != base or ":" in qu.name or out.quantity is None:
        return
    k = q_sp.start - 1
    if k < 1 or tokens[k] not in _AVERAGE:
        return
    for sp in reversed(spans):
        if sp.end > k or sp.words or sp.value <= 1:
            continue
        if out.price_start == sp.start:
            out.price = out.price_start = None  # the count was read as a bare price
        elif any(i in out.used for i in range(sp.start, sp.end)):
            return
        out.quantity_unit, out.quantity = pack(_PIECE, out.quantity, qu), sp.value
        out.used.update(range(sp.start, sp.end))
        return


def _pieces_then_weight_of_one(out: Amounts, tokens: list[str], q_at: tuple[NumberSpan, int],
                               extra: list[tuple[NumberSpan, Unit, int]], base: str | None) -> None:
    """ "katahal 15 go hai, ek go 8 kilo ka": a count of a product sold by weight, then the weight of one of them
    ("ek go" / "har piece" + a weight, or their average: "50 piece, average 1.5 kg") is 15 pieces of 8 kg (120 kg)."""
    w = q_at[1]
    qu = out.quantity_unit
    if base not in ("kg", "litre") or qu is None or qu.family != "piece" or ":" in qu.name or out.quantity is None:
        return
    for sp, unit, word_at in extra:
        if (unit.family == base and ":" not in unit.name and sp.start >= 2 and sp.start > w
                and ((tokens[sp.start - 1] == tokens[w] and tokens[sp.start - 2] in _ONE_EACH)
                     or tokens[sp.start - 1] in _AVERAGE)
                and not any(i in out.used for i in range(sp.start, word_at + 1))):
            out.quantity_unit = pack(qu, sp.value, unit)
            out.used.update(range(sp.start - 2, word_at + 1))
            return


def _has_multiplier(tokens: list[str], sp: NumberSpan) -> bool:
    """The number phrase has a thousand ("hazar", or the "k" of "62k"), lakh or crore in it."""
    return any(MULTIPLIERS.get(t, 0) >= 1000 or (t == "k" and k > sp.start)
               for k, t in enumerate(tokens[sp.start:sp.end], sp.start))


def _set_cued_price(out: Amounts, tokens: list[str], sp: NumberSpan, unit_before: Unit | None) -> None:
    """Record a price that has a currency word or price cue, with its unit, ceiling and lump-sum cues."""
    unit, nxt, word = _price_unit_after(tokens, sp.end)
    if unit is None and unit_before is None:
        unit_before = _unit_said_first(tokens, sp.start, out.used)
    out.price = sp.value
    out.price_cued = True
    out.cued_at = sp.start
    out.price_unit = unit or unit_before
    out.price_unit_word = word
    out.used.update(range(sp.start, nxt))
    k = sp.start
    while k > 0 and (tokens[k - 1] in W.CURRENCY or tokens[k - 1] in _SKIP_BACK):
        k -= 1  # "max Rs 16": look past the currency word
    lead = tokens[k - 1] if k > 0 else None
    out.price_is_ceiling = lead in _CEILING_LEAD
    ceiling = _ceiling_before(tokens, sp.start)
    if ceiling:
        out.price_is_ceiling = True  # "price not more than 20 per kg"
        out.used.update(range(sp.start - ceiling, sp.start))
    if _ceiling_tail(tokens, max(nxt, sp.end), out.used):
        out.price_is_ceiling = True
    if tokens[sp.end:sp.end + 1] == ["each"]:
        out.used.add(sp.end)
    if out.price_unit is None and lead in _WHOLE:
        out.price_is_total = out.price_for_all = True  # "thekua 2 kilo, poora 500 ke andar": for all of it
    elif out.price_unit is None:
        lump = _lump_after(tokens, nxt)
        if lump:
            out.price_is_total = True  # "1 lakh rupaye me 2 quintal", "2500 rs total"
            out.price_for_all = _all_of_near(tokens, sp.start, nxt)
            out.used.update(range(nxt, nxt + lump))
        elif _total_before(tokens, sp.start):
            out.price_is_total = True
        elif lead in W.BUDGET and any(t in _LAKH for t in tokens[sp.start:sp.end + 1]):
            out.price_is_total = True  # "need 2 tonne makhana, budget 14 lakh": a sum for all of it
        elif lead in W.BUDGET and ((k >= 2 and tokens[k - 2] in W.TOTAL)
                                   or tokens[nxt:nxt + 2] in (["for", "all"], ["in", "total"], ["total"], ["sab", "ka"])):
            out.price_is_total = out.price_for_all = True  # "total budget 30000", "budget 40000 for all"
            out.used.update(range(nxt, nxt + 2))


def _unit_said_first(tokens: list[str], s: int, used: set[int]) -> Unit | None:
    """ "100 jodi hai, jodi 300 rupya", "gehu 2 quintal, quintal 2500": a unit word, with no number of its own,
    right before the price (past a currency word) is what the price is per (not a container: its size is unsaid)."""
    k = s
    while k > 0 and tokens[k - 1] in W.CURRENCY:
        k -= 1
    if k < 1 or k - 1 in used or tokens[k - 1] in CONTAINERS:
        return None
    unit = UNITS.get(tokens[k - 1])
    if unit is None or (k >= 2 and (tokens[k - 2][0].isdigit() or tokens[k - 2] in NUMBER_WORDS)):
        return None
    return unit


_MARKET_RATE = frozenset(fold(w) for w in "mandi मंडी rate रेट bhav bhaw भाव msp market bazar bajar बाजार".split())


def _relative_to_market(out: Amounts, tokens: list[str]) -> bool:
    """ "mandi se 10 rupya kam", "mandi rate se 50 rupya quintal kam me": a sum more or less than the market's rate."""
    at = out.cued_at if out.cued_at is not None else out.price_start
    if out.price is None or at is None or at < 2:
        return False
    k = at - 1
    if tokens[k] in W.CURRENCY:
        k -= 1
    if k < 1 or tokens[k] not in ("se", "से") or tokens[k - 1] not in _MARKET_RATE:
        return False
    return any(t in W.CEILING_AFTER_SE for t in tokens[at + 1:at + 5])


def _price_per_count_said_first(out: Amounts, tokens: list[str]) -> None:
    """ "kabutar 10 jodi, jodi 400", "bakri 2 ta, jodi 14 hajar", "jodi ka 900": a bare price right after a pair
    (dozen) word of its own is per pair (dozen)."""
    k = out.price_start if out.price_start is not None else out.cued_at
    if out.price is None or out.price_unit is not None or out.price_is_total or k is None:
        return
    if k >= 1 and tokens[k - 1] in W.TOTAL_LINK:
        k -= 1  # "jodi ka 900"
    unit = _unit_said_first(tokens, k, out.used)
    if unit is not None and unit.family == "piece" and unit.factor > 1:
        out.price_unit = unit
        out.used.add(k - 1)


# words of quality between a count and what it counts
_QUALITY = frozenset("""achhi achha achhe acchi accha acche badhiya badiya dudharu swasth healthy good sundar nayi naya
naye jawan chhoti choti chhota badi bada bade mota moti अच्छी अच्छा अच्छे बढ़िया दुधारू स्वस्थ सुंदर नई नया
handmade handcrafted hathkargha desi deshi देसी हस्तनिर्मित""".split())  # "500 handmade rakhis"
_LAKH = frozenset({"lakh", "lac", "lakh", "laakh", "lacs", "lakhs", "लाख", "crore", "karod", "करोड़"})
_ONE_EACH = frozenset({"1", "ek", "एक", "har", "हर", "per", "prati", "प्रति", "each"})
_IN = frozenset({"me", "mein", "men", "में", "मे", "of"})


_EACH = frozenset({"each", "apiece", "har", "हर", "prati", "प्रति"})


def _size_of_one(tokens: list[str], s: int) -> bool:
    """The number at s gives the size of one container: "ek jar aadha kilo", "1 jar me 1 kilo",
    "har shishi 250 gram", "1 kg each" (so it is a pack size however far from the count it stands)."""
    k = s - 1
    if k >= 0 and tokens[k] in _IN:
        k -= 1
    if k >= 1 and tokens[k] in ("weighing", "weight", "वजन", "vajan", "wajan"):
        k -= 1  # "each weighing 1 kg"
    if k >= 0 and tokens[k] in _EACH:
        return True  # "each 1 kg"
    unit_end = next((e for e in (s + 1, s + 2) if e < len(tokens) and UNITS.get(tokens[e - 1])), None)
    if unit_end is not None and tokens[unit_end] in _EACH:
        return True  # "200 jars of pickle, 1 kg each"
    return k >= 1 and tokens[k] in CONTAINERS and tokens[k - 1] in _ONE_EACH


def _size_of_container(tokens: list[str], w: int) -> bool:
    """The unit at w sizes a container: "5 litre ke can (me phenyl) 20 can", "500 gram wala packet ... 40 packet"."""
    return w + 2 < len(tokens) and tokens[w + 1] in W.TOTAL_LINK | _WALA and tokens[w + 2] in CONTAINERS


def _packs_and_unit_prices(out: Amounts, tokens: list[str], hits: list[ProductHit], q_at: tuple[NumberSpan, int],
                           extra: list[tuple[NumberSpan, Unit, int]], base: str | None,
                           price_range: tuple[Decimal, Decimal] | None) -> None:
    """Later "number unit" phrases: a pack size ("10 packet 500 gram", "500 gram ka 200 packet") when the
    product is sold by weight or volume, else a price per that unit when plausible ("3 qtl gehu 2400 qtl")."""
    q_sp, q_word_at = q_at
    qu = out.quantity_unit
    assert qu is not None and out.quantity is not None
    for sp, unit, word_at in extra:
        near = 0 < sp.start - q_word_at <= PACK_WINDOW or (sp.start > q_word_at and _size_of_one(tokens, sp.start)) \
            or (sp.start > q_word_at and _size_of_container(tokens, q_word_at) and tokens[word_at] in CONTAINERS) \
            or (sp.start > q_word_at and tokens[q_word_at] in CONTAINERS and _size_of_container(tokens, word_at)
                and _same_container(tokens[word_at + 2], tokens[q_word_at]))  # "20 bora ..., 50 kilo ka bora"
        if base in ("kg", "litre") and near and tokens[q_word_at] in CONTAINERS and unit.family == base:
            out.quantity_unit = pack(qu, sp.value, unit)  # 10 packets of 500 gram
            out.used.update(range(sp.start, word_at + 1))
            return
        if base in ("kg", "litre") and near and qu.family == base and tokens[word_at] in CONTAINERS:
            out.quantity_unit = pack(unit, out.quantity, qu)  # "500 gram ka 200 packet"
            out.quantity = sp.value
            out.used.update(range(sp.start, word_at + 1))
            return
        if (base in ("kg", "litre") and qu.family == base and unit.family == "piece" and ":" not in unit.name
                and sp.start == q_word_at + 2 and tokens[q_word_at + 1] in CONTAINERS):
            out.quantity_unit = pack(UNITS[tokens[q_word_at + 1]], out.quantity, qu)  # "5 kg packet 50 pis"
            out.quantity = sp.value
            out.used.update(range(q_word_at + 1, word_at + 1))
            return
        if base == "piece" and near and qu.family != "piece" and tokens[word_at] in CONTAINERS:
            out.quantity_unit, out.quantity = unit, sp.value  # "squash 750 ml ka 48 bottle": 48 bottles
            out.used.update(range(sp.start, word_at + 1))
            return
    if out.price is not None or price_range is None or base is None or qu.family != base:
        return
    for sp, unit, word_at in extra:
        spoken_money = sp.words and any(t in MULTIPLIERS for t in tokens[sp.start:sp.end])  # "साढ़े छह सौ किलो"
        if unit.family != base or (sp.words and not spoken_money) or any(q_sp.end <= h.start < sp.start
                                                                         for h in hits[1:]):
            continue
        if any(word_at < h.start <= word_at + 2 for h in hits):
            continue  # "20 kg tomato, 10 kg onion": another product's quantity, not a price
        if sp.start > 0 and tokens[sp.start - 1] in _AND_WORD and _goods_word(tokens, word_at + 1):
            continue  # "1 quintal chawal aur 20 kilo dal": the amount of other goods (not in the catalog)
        if _size_of_container(tokens, word_at) or (word_at + 2 < len(tokens) and tokens[word_at + 1] in W.TOTAL_LINK
                                                    and tokens[word_at + 2] in W.SACK):
            continue  # "5 quintal aata, 50 kg ki bori me": the sacks' size, not a rate
        if _in_one_pack(tokens, sp.start, tokens[q_word_at]) is not None:
            continue  # "100 packet, ek packet me 12 stick": the count in one pack, not a rate
        if price_range[0] <= sp.value / unit.factor <= price_range[1]:
            out.price, out.price_unit, out.price_unit_word, out.price_cued = sp.value, unit, tokens[word_at], True
            out.used.update(range(sp.start, word_at + 1))
            return


_AND_WORD = frozenset({"aur", "and", "&", "और", "tatha", "तथा"})
_WHOLE = frozenset({"poora", "pura", "poore", "pure", "puri", "poori", "पूरा", "पूरे", "पूरी"})


def _goods_word(tokens: list[str], k: int) -> bool:
    """The word at k may name goods: a word that is no function, trade, price or unit word."""
    if k >= len(tokens) or not (tokens[k].isalpha() or "\u0900" <= tokens[k][0] <= "\u097f"):
        return False
    t = tokens[k]
    return not (t in W.FILLER or t in W.BUY or t in W.SELL or t in W.PRICE_ASK or t in W.CURRENCY or t in W.PER
                or t in UNITS or t in W.NEEDED)


def price_per_base(amounts: Amounts, price_range: tuple[Decimal, Decimal] | None = None,
                   base: str | None = None) -> tuple[Decimal | None, str | None]:
    """Price in rupees per base unit and that base unit ("1500 per quintal" -> 15 per kg).

    A price without a written unit is read per base unit, per the quantity's unit, or as a lump sum,
    whichever first falls inside `price_range` (the lump sum first after a lump-sum cue); see module doc.
    """
    if amounts.price is None:
        return None, None
    price = amounts.price
    qu = amounts.quantity_unit
    unit = amounts.price_unit
    if unit is not None and qu is not None and ":" in qu.name and amounts.price_unit_word in CONTAINERS:
        unit = qu  # "350 rupaye packet" with packets of 500 gram
    if unit is not None:
        return price / unit.factor, unit.family
    qty = amounts.quantity
    family = qu.family if qu is not None else base
    if amounts.price_is_total and amounts.price_for_all and qty:
        return price / (qty * (qu.factor if qu is not None else 1)), family
    if price_range is not None and base is not None and family == base:
        per_base = price
        per_unit = price / qu.factor if qu is not None and qu.factor != 1 else None
        lump = price / (qty * (qu.factor if qu is not None else 1)) if qty else None
        small = qty is not None and qty * (qu.factor if qu is not None else 1) < 1  # "250 gram ... 200 rupaye"
        order = (lump, per_base, per_unit) if amounts.price_is_total or small else (per_base, per_unit, lump)
        per_quintal = price / 100 if base == "kg" else None  # mandi rates are quoted per quintal
        low, high = price_range
        for value in (*order, per_quintal):
            if value is not None and low <= value <= high:
                return value, base
    if amounts.price_is_total and qty:
        qu = qu or _PIECE
        return price / (qty * qu.factor), qu.family
    if qu is not None and qu.name not in PRICE_NOT_PER:
        return price / qu.factor, qu.family
    return price, None
