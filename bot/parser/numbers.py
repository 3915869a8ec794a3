"""Numbers written in digits or words: ek/do/bees/sau/hazaar, dedh/dhai/sava/saadhe/paune, डेढ़ सौ.

Roman Hinglish words come from the small lexicon below; Devanagari (and English) number words are
taken from indic-itn's Hindi resource (``indic_itn.load_hindi_resource("numbers")``), which is read
once at import. indic-itn's full pipeline is not called: it takes milliseconds per message.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from indic_itn import load_hindi_resource

from bot.parser.normalize import fold

D = Decimal

_ROMAN_BASIC = {
    # Bhojpuri/Maithili numerals with the classifier go: ego/एगो = one, dugo/दुगो = two
    1: "ek ekk one ego egho ekgo एगो एकगो", 2: "do doo two du dui दू दुई दुइ dugo duigo दुगो", 3: "teen tin tiin three tini तीनि", 4: "char chaar four chari chaari चारि",
    5: "paanch panch paach pach panc five", 6: "chhe chhah chha che chhe chah six",
    7: "saat sat seven", 8: "aath ath eight", 9: "nau nou nine", 10: "das dus ten",
    11: "gyarah gyara igyarah eleven", 12: "barah bara baarah twelve", 13: "terah thirteen",
    14: "chaudah chauda fourteen", 15: "pandrah pandra pandarah fifteen", 16: "solah sola sixteen",
    17: "satrah satra seventeen", 18: "atharah athara atthara eighteen", 19: "unnis unees nineteen",
    20: "bees bis biis twenty", 25: "pachchis pachis pachees twentyfive पचीस", 30: "tees tis thirty",
    40: "chalis chaalis chalees chaalees forty", 50: "pachas pachaas pachchas pachaas fifty",
    60: "saath sath sixty", 70: "sattar sattar seventy", 80: "assi assee eighty", 90: "nabbe nabbey ninety",
    # 21-99 as said in Hindi (each is its own word); common Roman spellings
    21: "ikkis ekkis ikkees", 22: "bais baais baees", 23: "teis tayis", 24: "chaubis chobis chaubees",
    26: "chhabbis chabbis chhabis chhabbees", 27: "sattais sataais sattaees", 28: "atthais athais athaais",
    29: "untis unatis", 31: "ikattis iktis ekattis", 32: "battis batees battees", 33: "taintis tentis tetis",
    34: "chautis chontis chauntis", 35: "paintis pentis paintees", 36: "chhattis chattis chhatis chhattees",
    37: "saintis sentis", 38: "adtis artis athtis", 39: "untalis untaalis", 41: "iktalis ektalis iktaalis",
    42: "bayalis beyalis byalis", 43: "taintalis tetalis", 44: "chawalis chauvalis chavalis chauwalis",
    45: "paintalis pentalis paintalees paitalis", 46: "chhiyalis chhiyaalis", 47: "saintalis sentalis",
    48: "adtalis artalis", 49: "unchas unchaas", 51: "ikyavan ikavan ekyavan", 52: "bavan baavan",
    53: "tirpan tirepan", 54: "chauvan chauwan", 55: "pachpan", 56: "chhappan chappan", 57: "sattavan",
    58: "atthavan athavan", 59: "unsath", 61: "iksath", 62: "basath baasath", 63: "tirsath tiresath",
    64: "chausath chaunsath", 65: "painsath pensath", 66: "chhiyasath", 67: "sarsath", 68: "adsath arsath",
    69: "unhattar", 71: "ikhattar", 72: "bahattar", 73: "tihattar", 74: "chauhattar", 75: "pachhattar pachattar",
    76: "chhihattar", 77: "satattar sathattar", 78: "athattar", 79: "unasi unnasi", 81: "ikyasi", 82: "bayasi",
    83: "tirasi", 84: "chaurasi", 85: "pachasi", 86: "chhiyasi", 87: "sattasi", 88: "athasi", 89: "navasi nawasi",
    91: "ikyanve", 92: "banve", 93: "tiranve", 94: "chauranve", 95: "pachanve", 96: "chhiyanve", 97: "sattanve",
    98: "atthanve", 99: "ninyanve ninyanbe",
}
_ROMAN_MULTIPLIERS = {
    100: "sau hundred", 1000: "hazaar hazar hajar hajaar hazzar hajjar thousand",
    100000: "lakh lac lakhs lacs", 10000000: "crore karod karor",
}
_ROMAN_FRACTIONS = {D("1.5"): "dedh derh dedhh", D("2.5"): "dhai dhaai dhaayi adhai", D("0.5"): "aadha adha aadhaa half",
                    D("0.25"): "paav pav pao paw"}
_ROMAN_MODIFIERS = {D("0.25"): "sava sawa savaa sawaa", D("0.5"): "saadhe sadhe saade sade saarhe",
                    D("-0.25"): "paune pone paun"}
_DEVANAGARI_EXTRA_FRACTIONS = {D("1.5"): "डेढ़ डेढ", D("2.5"): "ढाई अढ़ाई", D("0.5"): "आधा", D("0.25"): "पाव"}
_DEVANAGARI_MODIFIERS = {D("0.25"): "सवा", D("0.5"): "साढ़े साढे", D("-0.25"): "पौने"}


def _build() -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    """(basic numbers 1..99, multipliers, fractions, modifiers) keyed by folded word."""
    basic: dict[str, Decimal] = {}
    mult: dict[str, Decimal] = {}
    frac: dict[str, Decimal] = {}
    mods: dict[str, Decimal] = {}
    for value, words in _ROMAN_BASIC.items():
        for w in words.split():
            basic[w] = D(value)
    for value, words in _ROMAN_MULTIPLIERS.items():
        for w in words.split():
            mult[w] = D(value)
    for value, words in {**_ROMAN_FRACTIONS}.items():
        for w in words.split():
            frac[fold(w)] = value
    for table, target in ((_DEVANAGARI_EXTRA_FRACTIONS, frac), (_ROMAN_MODIFIERS, mods), (_DEVANAGARI_MODIFIERS, mods)):
        for value, words in table.items():
            for w in words.split():
                target[fold(w)] = value
    res = load_hindi_resource("numbers")
    for section in ("numbers", "tens"):
        for w, v in res.get(section, {}).items():
            if " " not in w and not w.isdigit():
                basic.setdefault(fold(w), D(v))
    for section in ("multipliers", "lakh", "crore"):
        for w, v in res.get(section, {}).items():
            if " " not in w:
                mult.setdefault(fold(w), D(v))
    for w, v in res.get("hundreds", {}).items():
        if " " not in w and int(v) == 100:
            mult.setdefault(fold(w), D(v))
    for w in ("zero", "शून्य"):
        basic.pop(w, None)
    return basic, mult, frac, mods


BASIC, MULTIPLIERS, FRACTIONS, MODIFIERS = _build()
NUMBER_WORDS = frozenset(BASIC) | frozenset(MULTIPLIERS) | frozenset(FRACTIONS) | frozenset(MODIFIERS)


@dataclass(frozen=True)
class NumberSpan:
    """A number found at tokens[start:end]; `words` is True when no digit was written."""

    start: int
    end: int
    value: Decimal
    words: bool


# "ek ka" / "एक का" after a number: "for one" (a price per piece)
PER_ONE = frozenset({"ek", "एक", "ego", "egho", "एगो"})  # Bhojpuri "ego" = one (piece)
_OF = frozenset({"ka", "ke", "ki", "का", "के", "की"})
_AFTER_EACH = frozenset({",", ".", "!", "?", ";", "wala", "wali", "वाला"})
MAX_INTEGER_DIGITS = 10  # longer digit strings (phone numbers, ids, noise) are not amounts


def _digits(token: str) -> Decimal | None:
    """Value of a digit token, or None."""
    if not token[0].isdigit() or len(token.split(".")[0]) > MAX_INTEGER_DIGITS:
        return None
    try:
        return D(token)
    except InvalidOperation:
        return None


def read_number(tokens: list[str], i: int, lead_multiplier: bool = False) -> NumberSpan | None:
    """The longest number phrase starting at tokens[i] ("5", "do sau pachas", "1.5 lakh", "सवा").

    A phrase may start with a bare multiplier ("sau kilo", "hazaar ande" = 100, 1000) only when
    `lead_multiplier` is set (find_numbers sets it when another word follows).
    """
    total = D(0)
    current: Decimal | None = None
    modifier: Decimal | None = None
    j = i
    saw_digit = False
    while j < len(tokens):
        t = tokens[j]
        val = _digits(t)
        if val is not None or t in BASIC or t in FRACTIONS:
            if current is not None:
                break
            if total and t in PER_ONE and (j + 1 >= len(tokens) or (tokens[j + 1] not in MULTIPLIERS
                                                                   and tokens[j + 1] not in FRACTIONS)):
                break  # "60 hazaar ek ka", "3 hazar ek", "7 hajar ek tho" = for one, not 7001 ("do hazar ek sau" goes on)
            if val is None:
                val = BASIC.get(t, FRACTIONS.get(t))
            else:
                saw_digit = True
            current = val + modifier if modifier is not None else val
            modifier = None
        elif t in MODIFIERS:
            if current is not None or modifier is not None:
                break
            modifier = MODIFIERS[t]
        elif t == "k" and saw_digit and current is not None and modifier is None:
            total += current * 1000  # "62k" (tokenised "62", "k")
            current = None
        elif t in MULTIPLIERS:
            if j == i and not lead_multiplier:
                return None  # a lone "sau"/"hazaar" is not a quantity
            base = current if current is not None else D(1) + (modifier or 0)
            total += base * MULTIPLIERS[t]
            current, modifier = None, None
        else:
            break
        j += 1
    if j == i:
        return None
    if current is None and modifier is not None:
        if j - i == 1 and total == 0:
            current = D(1) + modifier  # "sava quintal" = 1.25 quintal
        else:
            j -= 1
    value = total + (current or 0)
    if value <= 0 and not saw_digit:
        return None
    return NumberSpan(i, j, value, not saw_digit)


CONTAINER_NUMBERS = frozenset({"tin"})  # number words that are also containers ("tin" = three, or a tin can)
_RANGE_LINK = frozenset({"-", "to", "se", "से", "ya", "या", "or"})


def _range(tokens: list[str], first: NumberSpan) -> NumberSpan | None:
    """ "5-6 quintal", "700 se 750", "5 ya 6", "12-15 hazar" (= 12000): one number, read as its lower bound.

    Only when the second number is larger but at most ten times the first, and no third number
    follows (so "15-06-2024" and "98765-43210" are not ranges).
    """
    j = first.end
    if j + 1 >= len(tokens) or tokens[j] not in _RANGE_LINK:
        return None
    t = tokens[j + 1]
    if not ((t[0].isdigit() and _digits(t) is not None) or t in NUMBER_WORDS):
        return None
    second = read_number(tokens, j + 1)
    if second is None:
        return None
    low = first.value
    last = tokens[second.end - 1]
    shared = MULTIPLIERS.get(last) or (1000 if last == "k" and second.end - second.start == 2 else None)
    if shared and not any(t in MULTIPLIERS or t == "k" for t in tokens[first.start:first.end]):
        low = first.value * shared  # "35-40k" = 35000  # "12-15 hazar", "40 se 50 hazar": the multiplier is shared
        if not low < second.value <= low * 10:
            low = first.value
    if not low < second.value <= low * 10:
        return None
    if second.end + 1 < len(tokens) and tokens[second.end] in ("-", "/") and tokens[second.end + 1][0].isdigit():
        return None
    return NumberSpan(first.start, second.end, low, first.words and second.words)


def find_numbers(tokens: list[str]) -> list[NumberSpan]:
    """All number phrases in the tokens, left to right, not overlapping; a range counts as one number."""
    spans: list[NumberSpan] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t in CONTAINER_NUMBERS and spans and spans[-1].end == i:
            i += 1  # "3 tin sarson tel", "ek tin 15 litre": after a number "tin" is the container, not three
            continue
        if (t[0].isdigit() and _digits(t) is not None) or t in NUMBER_WORDS:
            span = read_number(tokens, i, lead_multiplier=i + 1 < n)
            if span is not None:
                span = _range(tokens, span) or span
                spans.append(span)
                i = span.end
                continue
        i += 1
    return spans
