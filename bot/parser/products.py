"""Finding catalog products in tokens: exact synonym phrases first, rapidfuzz only for unknown words.

Also: splitting hai/h/ka/ke/ki/me/mein typed onto a product or verb ("makhanahai"), reading a name typed
without some vowels ("shhad"), and merging two products that name one thing ("aam ke paudhe", "silk sarees",
"आम के 200 गो पौधा" with the count between); a form word the catalog has in the material named before it is that
form ("bans ki tokri" = bamboo basket), not the material's craft. Tenth round: two words side by side naming one
product are one name ("tasar silk ki saree" = saree); a catalog name "X ke Y" typed with the count between ("mitti ke
1500 diye") names Y's product; a one-word name typed in two pieces ("ma khana") is that word. Eleventh round: a form word after another form word
names no material ("kapde ka thaila" = bag); "gulab jamun" (a sweet) is neither rose nor jamun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot import catalog
from bot.parser import words as W
from bot.parser.normalize import tokenize
from bot.parser.numbers import NUMBER_WORDS
from bot.parser.units import UNITS

ACCEPT_SCORE = 90.0  # a misspelling this close (and >= 5 letters) is taken as the product
SUGGEST_SCORE = 65.0  # closeness needed to be offered in "did you mean"
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class ProductHit:
    """A product named at tokens[start:end]."""

    start: int
    end: int
    key: str


_LOOSE_SUBS = (("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("ee", "i"), ("oo", "u"), ("aa", "a"))
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def loose(word: str) -> str:
    """Spelling-tolerant key of a Roman word: pyaaz/pyaz, shahad/shahhad, tamaatar/tamatar meet."""
    if not word.isascii():
        return word
    for old, new in _LOOSE_SUBS:
        word = word.replace(old, new)
    return _REPEAT.sub(r"\1", word)


@dataclass(frozen=True)
class _Index:
    """Synonym phrases (token tuples) -> product key, plus loose single-word keys and fuzzy choices."""

    phrases: dict[tuple[str, ...], str]
    loose_words: dict[str, str]
    longest: int
    choices: list[str]
    choice_keys: list[str]
    firsts: dict[str, int]  # first word of a phrase -> the longest phrase it starts


@lru_cache(maxsize=1)
def index() -> _Index:
    """Build the index from the catalog once."""
    phrases: dict[tuple[str, ...], str] = {}
    loose_words: dict[str, str] = {}
    clash: set[str] = set()
    choices: dict[str, str] = {}
    for p in catalog.products():
        for n in p.names():
            toks = tuple(t for t in tokenize(n) if t not in "()-,.&")
            if not toks:
                continue
            phrases.setdefault(toks, p.key)
            if len(toks) == 1 and toks[0].isascii() and len(toks[0]) >= 4:
                lw = loose(toks[0])
                if loose_words.get(lw, p.key) != p.key:
                    clash.add(lw)
                loose_words[lw] = p.key
            choice = loose(" ".join(toks))
            if len(choice) >= 3:
                choices.setdefault(choice, p.key)
    for lw in clash:
        loose_words.pop(lw, None)
    longest = max(len(k) for k in phrases)
    firsts: dict[str, int] = {}
    for k in phrases:
        firsts[k[0]] = max(firsts.get(k[0], 0), len(k))
    return _Index(phrases, loose_words, longest, list(choices), list(choices.values()), firsts)


_MAITHILI_IS = frozenset({"chhai", "chhau", "chhaik", "chhain"})  # "bhav ki chhai" = what is the rate (not chai)
_NOT_PRODUCT_LONGEST = max(len(p) for p in W.NOT_PRODUCT)
_NO_LOOSE = W.FILLER | W.BUY | W.SELL | W.COMMAND | W.NEGATION | W.CURRENCY | W.PRICE_ASK | W.NON_TRADE


def not_a_product_at(tokens: list[str], start: int, end: int) -> bool:
    """tokens[start:end] are ordinary words here: a person's name ("madhu didi", "kela devi"), a phrase
    ("aam taur par"), a dish named by two catalog words ("gulab jamun") or the Maithili/Bhojpuri "ber" (time) after "this/every/one" ("एहि बेर", "is ber")."""
    nxt = tokens[end] if end < len(tokens) else None
    if end - start == 1 and (nxt in W.NAME_SUFFIX or tokens[start] in _MAITHILI_IS):
        return True
    if end - start == 1 and start > 0 and tokens[start] in W.TIME_BER and tokens[start - 1] in W.BEFORE_TIME:
        return True  # "एहि बेर" = this time, not jujube
    if end - start == 1 and (tuple(tokens[start:start + 2]) in W.DISH or (
            start > 0 and tuple(tokens[start - 1:start + 1]) in W.DISH)):
        return True  # "gulab jamun": a sweet, neither rose nor jamun
    return any(tuple(tokens[start:start + k]) in W.NOT_PRODUCT for k in range(2, _NOT_PRODUCT_LONGEST + 1))


def _not_a_product(tokens: list[str], hit: ProductHit) -> bool:
    """See not_a_product_at."""
    return not_a_product_at(tokens, hit.start, hit.end)


def find_products(tokens: list[str]) -> list[ProductHit]:
    """Products named in the tokens, longest phrase first at each position, left to right.

    A Roman word of 4+ letters also matches a product loosely (pyaaz ~ pyaz), except an everyday
    word ("gaye" = went is not "gaaye" = cow).
    """
    idx = index()
    hits: list[ProductHit] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if not (t[0].isalpha() or "\u0900" <= t[0] <= "\u097f"):
            i += 1
            continue
        found = None
        for size in range(min(idx.firsts.get(t, 0), n - i), 0, -1):
            key = idx.phrases.get(tuple(tokens[i:i + size]))
            if key is not None:
                found = ProductHit(i, i + size, key)
                break
        if found is None and len(t) >= 4 and t.isascii() and t not in _NO_LOOSE:
            key = idx.loose_words.get(loose(t))
            if key is not None:
                found = ProductHit(i, i + 1, key)
        if found is not None and _not_a_product(tokens, found):
            i = found.end
            continue
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    return hits


# a raw product right before a made one describes it: "mango pickle", "aam paudhe", "gehun beej"
_RAW = frozenset({"vegetable", "fruit", "grain", "pulse", "oilseed", "spice", "dairy", "poultry", "livestock",
                  "fish_meat", "cash_crop", "flower"})
_MADE = frozenset({"processed_food", "sweets", "craft", "textile", "household", "agri_input", "oil"})


def _describes(a: str, b: str) -> bool:
    """Product `a` named right before product `b` only says what `b` is made of or from."""
    pa, pb = catalog.product(a), catalog.product(b)
    if pa is None or pb is None or pb.category not in _MADE:
        return False
    return pa.material or pa.category in _RAW


@lru_cache(maxsize=1)
def _special_names() -> tuple[frozenset[tuple[str, str, ...]], frozenset[tuple[str, ...]]]:
    """(generic, weak) names of the catalog as (key, *tokens) tuples (see products.yaml, fields 9 and 10)."""
    generic = {(p.key, *tokenize(n)) for p in catalog.products() for n in p.generic_names}
    weak = {(p.key, *tokenize(n)) for p in catalog.products() for n in p.weak_names}
    return frozenset(generic), frozenset(weak)


def is_weak(tokens: list[str], hit: ProductHit) -> bool:
    """The hit is one of its product's weak names ("gud" = good, "chai")."""
    return hit.key in _weak_keys() and (hit.key, *tokens[hit.start:hit.end]) in _special_names()[1]


@lru_cache(maxsize=1)
def _weak_keys() -> frozenset[str]:
    """Keys of the products that have weak names."""
    return frozenset(k[0] for k in _special_names()[1])


def _form_of_material(tokens: list[str], a: ProductHit, b: ProductHit) -> bool:
    """ "sikki ki tokri", "tasar silk ka kapda": b is named by a generic form word and a is a material or a
    craft, so a is the thing (the material word wins); but not when b's product is that form in a's material, its
    English name beginning as a's does ("bans ki tokri" = Bamboo basket, not Bamboo craft)."""
    if not _generic(tokens, b) or _generic(tokens, a):
        return False  # ("kapde ka thaila": a form word before another names no material: the bag)
    if _same_material(a, b):
        return False  # "bans ki tokri": the catalog has that form in that material (Bamboo basket after Bamboo craft)
    pa = catalog.product(a.key)
    return pa is not None and (pa.material or pa.category in ("craft", "textile"))


def _generic(tokens: list[str], b: ProductHit) -> bool:
    """b is named by one of its product's generic form words ("tokri", "kapda")."""
    return (b.key, *tokens[b.start:b.end]) in _special_names()[0]


def _same_material(a: ProductHit, b: ProductHit) -> bool:
    """b's product is a form of a's material: their English names begin alike ("Bamboo basket", "Bamboo craft")."""
    pa, pb = catalog.product(a.key), catalog.product(b.key)
    return (pa is not None and pb is not None and a.key != b.key
            and pa.name_en.split()[0].lower() == pb.name_en.split()[0].lower())


_AND = frozenset({"aur", "or", "and", "va", "evam", "tatha", ",", "&", "और", "व", "एवं", "तथा", "आ", "a"})


def _grain(key: str) -> bool:
    p = catalog.product(key)
    return p is not None and p.category == "grain"


def _joins(tokens: list[str], a: ProductHit, b: ProductHit) -> bool:
    """ "aam aur amrud", "आम, अमरूद": a and b are named together, one word of "and" between them."""
    return b.start == a.end + 1 and tokens[a.end] in _AND


_WALA = frozenset({"wala", "wali", "wale", "vala", "vali", "vale", "वाला", "वाली", "वाले"})
# what may stand between a flower's (or a crop's) name and "wala": "लीची फूल वाला शहद" = honey from litchi flowers
_BLOSSOM = frozenset({"phool", "phul", "ful", "fool", "flower", "flowers", "फूल", "मंजर", "manjar", "ke", "ka", "की",
                      "के", "का", "ki"})
# "हथकरघा पर बुनल गमछा", "handloom pe buna gamchha", "chaak pe bana": a method or tool, then how the thing is made
_ON = frozenset({"par", "pe", "pr", "se", "me", "mein", "पर", "पे", "से", "में", "on"})
_MADE_BY = frozenset("""buna buni bune bunal bunaal bunl bana bani bane banal banaal banawal banaya banayi banaye
woven made बुना बुनी बुने बुनल बुनाल बना बनी बने बनल बनावल बनाया बनाई बनाये बनाए""".split())


def _category(key: str) -> str | None:
    product = catalog.product(key)
    return product.category if product is not None else None


def _kind_of(tokens: list[str], a: ProductHit, b: ProductHit) -> bool:
    """ "लीची फूल वाला शहद", "sarson wala tel": a (a flower or crop, "phool" or "ka" maybe after it) + wala + b says
    which kind of b it is (a raw product: "khatwa wala chadar" is khatwa work); "हथकरघा पर बुनल गमछा", "handloom woven gamchha": a is the method b is made by. b is the
    thing."""
    gap = tokens[a.end:b.start]
    if len(gap) == 1 and gap[0] in _WALA and _category(a.key) == "craft" and _category(b.key) == "textile":
        return True  # "मंजूषा कला वाली साड़ी", "madhubani painting wali saree": the art is on the saree
    if len(gap) == 3 and gap[0] in ("ko", "को") and gap[1].endswith(("ne", "ने")) and gap[2] in _WALA:
        return True  # "भैंस को खिलाने वाला सूखा चारा": what is done to a (fed to the buffalo) is b
    if 1 <= len(gap) <= 3 and gap[-1] in _WALA and all(t in _BLOSSOM for t in gap[:-1]):
        pa = catalog.product(a.key)  # a raw thing only: "khatwa wala chadar" is khatwa (appliqué) work
        return pa is not None and pa.category in _RAW
    return 1 <= len(gap) <= 2 and gap[-1] in _MADE_BY and all(t in _ON for t in gap[:-1])


def _linked_over_amount(tokens: list[str], a: ProductHit, b: ProductHit) -> bool:
    """ "आम के 200 गो पौधा", "bans ke 100 piece soop": "A ke B" with B's count (a number and maybe a count word)
    between the link and B."""
    gap = tokens[a.end:b.start]
    if b.end - b.start == 1 and tokens[b.start] in UNITS:
        return False  # "mushroom ke 20 bag": a container of a, not the goods "bag"
    return (2 <= len(gap) <= 3 and gap[0] in W.TOTAL_LINK and (gap[1][0].isdigit() or gap[1] in NUMBER_WORDS)
            and all(t in _COUNT_WORDS for t in gap[2:]))


_COUNT_WORDS = frozenset({"go", "ta", "tho", "piece", "pis", "pcs", "nag", "गो", "ठो", "टा", "पीस", "नग"})


def heads(tokens: list[str], hits: list[ProductHit]) -> list[ProductHit]:
    """Two products naming one thing become one hit of the thing named last:
    "aam ke paudhe" (in "A ka/ke/ki B", B is the thing, also with B's count between: "आम के 200 गो पौधा") = saplings;
    "Bhagalpuri silk sarees" = saree;
    except that a form word after a material or craft names the material's product ("sikki ki tokri"); and in "लीची
    फूल वाला शहद" (a flower's honey) or "हथकरघा पर बुनल गमछा" (woven on a handloom) the last is the thing too."""
    if len(hits) < 2:
        return hits
    out = [hits[0]]
    for h in hits[1:]:
        a = out[-1]
        if a.key == h.key and h.start == a.end:  # "tasar silk ki saree": two words side by side naming one thing
            out[-1] = ProductHit(a.start, h.end, a.key)
            continue
        linked = h.start == a.end + 1 and tokens[a.end] in W.TOTAL_LINK
        if linked and h.key == "wheat_flour" and a.key != "wheat" and _grain(a.key):
            out[-1] = ProductHit(a.start, h.end, a.key)  # "madua ka aata": the flour of that grain (no key of its own)
            continue
        if a.key != h.key and _linked_over_amount(tokens, a, h):  # the count between stays free for the amounts
            out[-1] = a if _form_of_material(tokens, a, h) else h
        elif a.key != h.key and (linked or h.start == a.end) and _form_of_material(tokens, a, h):
            out[-1] = ProductHit(a.start, h.end, a.key)
        elif (linked or h.start == a.end) and _same_material(a, h) and _generic(tokens, h):
            out[-1] = ProductHit(a.start, h.end, h.key)  # "bamboo tokri", "bans ki tokri": the basket
        elif a.key != h.key and _kind_of(tokens, a, h):
            out[-1] = ProductHit(a.start, h.end, h.key)
            if len(out) > 1 and a.key == "flowers" and out[-2].end == a.start:  # "लीची फूल वाला": litchi's flowers
                out[-2:] = [ProductHit(out[-2].start, h.end, h.key)]
        elif a.key != h.key and (linked or (h.start == a.end and _describes(a.key, h.key))):
            out[-1] = ProductHit(a.start, h.end, h.key)
            while len(out) > 1 and _joins(tokens, out[-2], out[-1]) and (linked or _describes(out[-2].key, h.key)):
                out[-2:] = [ProductHit(out[-2].start, h.end, h.key)]  # "aam, amrud aur kathal ke paudhe" = saplings
        else:
            out.append(h)
    return out


@lru_cache(maxsize=1)
def _linked_phrases() -> dict[tuple[str, str], str]:
    """(first word, last word) -> key of the catalog's three-word "X ka/ke/ki Y" names ("mitti ke diye")."""
    return {(k[0], k[2]): v for k, v in index().phrases.items() if len(k) == 3 and k[1] in W.TOTAL_LINK}


def over_count(tokens: list[str], hits: list[ProductHit]) -> list[ProductHit]:
    """ "mitti ke 1500 diye": a catalog name "X ke Y" typed with the count between its link and its last word names
    that product at Y (the count before it stays the quantity), when nothing else is named there."""
    pairs = _linked_phrases()
    taken = {i for h in hits for i in range(h.start, h.end)}
    added = []
    for i in range(len(tokens) - 3):
        if tokens[i + 1] in W.TOTAL_LINK and (tokens[i + 2][0].isdigit() or tokens[i + 2] in NUMBER_WORDS) \
                and (key := pairs.get((tokens[i], tokens[i + 3]))) and not taken & {i, i + 3}:
            added.append(ProductHit(i + 3, i + 4, key))
    return sorted([*hits, *added], key=lambda h: h.start) if added else hits


def rejoined(tokens: list[str]) -> list[str]:
    """ "ma khana 20 kilo": a product's one-word name typed in two pieces (six letters or more, neither piece a
    name) is that word."""
    idx = index()
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a.isascii() and b.isascii() and a.isalpha() and b.isalpha() and len(a) + len(b) >= 6 \
                and (a + b,) in idx.phrases and (a,) not in idx.phrases and (b,) not in idx.phrases:
            return [*tokens[:i], a + b, *tokens[i + 2:]]
    return tokens


@lru_cache(maxsize=1)
def _glue_stems() -> frozenset[str]:
    """Words a glued suffix may be split from: one-word product names and the buy/sell words."""
    idx = index()
    stems = {k[0] for k in idx.phrases if len(k) == 1}
    return frozenset(stems | W.BUY | W.SELL | _UNIT_WORDS)


_UNIT_WORDS = frozenset(w for w in UNITS if len(w) >= 4)  # "quintalhai", "kiloka"


_GLUE_KNOWN = W.FILLER | W.BUY | W.SELL | W.COMMAND | W.NEGATION | W.CURRENCY | W.PRICE_ASK | W.NON_TRADE


@lru_cache(maxsize=8192)
def glued_stem(token: str) -> tuple[str, str] | None:
    """ "makhanahai" -> ("makhana", "hai"), "bechnah" -> ("bechna", "h"): a known word with hai/h/ka/ke/ki/
    me/mein typed onto it (the stem must be 4+ letters). None if the token is a word of its own."""
    for suf in W.GLUED:
        if len(token) - len(suf) >= 4 and token.endswith(suf):
            return token[:-len(suf)], suf
    return None


_GENITIVE = frozenset("क")


def _maithili_genitive(t: str) -> bool:
    """ "माछक", "मखानक": a product name with the Maithili genitive -क (of) attached, the word itself no name."""
    idx = index()
    return (t,) not in idx.phrases and (t[:-1],) in idx.phrases


def split_glued(tokens: list[str]) -> list[str]:
    """Tokens with glued suffixes split off a known stem (see glued_stem); other tokens unchanged."""
    splits: dict[int, tuple[str, str]] = {}
    for k, t in enumerate(tokens):
        if len(t) >= 3 and t[-1] in _GENITIVE and not t.isascii() and _maithili_genitive(t):
            splits[k] = (t[:-1], "का")  # Maithili "माछक भाव" = माछ का भाव
            continue
        if len(t) < 5 or not t[0].isalpha() or t in _GLUE_KNOWN:
            continue
        found = glued_stem(t)
        if found is None:
            continue
        idx = index()
        if (t,) in idx.phrases or (t.isascii() and t in _UNIT_WORDS) or (t.isascii() and loose(t) in idx.loose_words):
            continue
        stem, _suf = found
        if stem in _glue_stems() or (stem.isascii() and stem not in _NO_LOOSE and loose(stem) in idx.loose_words):
            splits[k] = found
    if not splits:
        return tokens
    out: list[str] = []
    for k, t in enumerate(tokens):
        out.extend(splits.get(k, (t,)))
    return out


@lru_cache(maxsize=4096)
def fuzzy(word: str) -> tuple[tuple[str, float], ...]:
    """Products whose names are close to an unknown word: ((key, score), ...) best first."""
    idx = index()
    query = loose(word)
    if len(query) < 3:
        return ()
    found = process.extract(query, idx.choices, scorer=fuzz.ratio, limit=12, score_cutoff=SUGGEST_SCORE)
    best: dict[str, float] = {}
    for _choice, score, pos in found:
        key = idx.choice_keys[pos]
        if score > best.get(key, 0.0):
            best[key] = score
    return tuple(sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SUGGESTIONS])


@lru_cache(maxsize=4096)
def swapped_letters(word: str) -> str | None:
    """The one product whose name differs from `word` (5+ Roman letters) by two adjacent letters swapped
    ("onoin" -> onion): a typing slip, taken as the product. A changed letter ("patato") is not: that
    could be another word, so it is only suggested."""
    if len(word) < 5 or not word.isascii():
        return None
    idx = index()
    query = loose(word)
    keys = {idx.choice_keys[pos] for _c, _s, pos in process.extract(query, idx.choices, scorer=OSA.distance,
                                                                    limit=5, score_cutoff=1)
            if Levenshtein.distance(query, idx.choices[pos]) == 2}
    return keys.pop() if len(keys) == 1 else None


_VOWELS = frozenset("aeiou")


def _skeleton(word: str) -> str:
    """The consonants of a Roman word ("shahad" -> "shhd")."""
    return "".join(c for c in word if c not in _VOWELS)


@lru_cache(maxsize=1)
def _by_skeleton() -> dict[str, tuple[tuple[str, str], ...]]:
    """Consonant skeleton -> (one-word Roman product name, key) pairs with that skeleton."""
    out: dict[str, list[tuple[str, str]]] = {}
    for toks, key in index().phrases.items():
        if len(toks) == 1 and toks[0].isascii() and toks[0].isalpha() and len(toks[0]) >= 5:
            out.setdefault(_skeleton(toks[0]), []).append((toks[0], key))
    return {k: tuple(v) for k, v in out.items()}


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


@lru_cache(maxsize=4096)
def dropped_vowels(word: str) -> str | None:
    """The one product whose one-word name is `word` (5+ Roman letters) with some vowels left out, as people
    type in a hurry ("shhad" = shahad, "bhndi" = bhindi), or None."""
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return None
    keys = {key for name, key in _by_skeleton().get(_skeleton(word), ())
            if len(name) > len(word) and _is_subsequence(word, name)}
    return keys.pop() if len(keys) == 1 else None
