"""Finding catalog products in tokens: exact synonym phrases first, rapidfuzz only for unknown words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot import catalog
from bot.parser import words as W
from bot.parser.normalize import tokenize

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
    return _Index(phrases, loose_words, longest, list(choices), list(choices.values()))


_NOT_PRODUCT_LONGEST = max(len(p) for p in W.NOT_PRODUCT)
_NO_LOOSE = W.FILLER | W.BUY | W.SELL | W.COMMAND | W.NEGATION | W.CURRENCY | W.PRICE_ASK | W.NON_TRADE


def not_a_product_at(tokens: list[str], start: int, end: int) -> bool:
    """tokens[start:end] are ordinary words here: a person's name ("madhu didi", "kela devi") or a phrase
    ("aam taur par")."""
    nxt = tokens[end] if end < len(tokens) else None
    if end - start == 1 and nxt in W.NAME_SUFFIX:
        return True
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
        for size in range(min(idx.longest, n - i), 0, -1):
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
