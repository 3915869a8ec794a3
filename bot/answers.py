"""A typed answer read as the option it stands for: the option's label typed as words ("रुचि है"),
a yes or a no ("haan", "ha bhej do", "nahi") to a yes/no question, or a menu item's name ("mandi
bhav", "सूचनाएं") wherever the user is. The words are the catalog's (`typed.*`, `menu_words.*`)."""
from __future__ import annotations

import re
from functools import lru_cache

from .i18n import LANGUAGES, catalog, t
from .parser.normalize import tokenize

# Option values that say yes or no to the question they answer (connect offers, deal follow-ups,
# event invitations, a scheme's "tell staff?", the listing and demand cards, "is your name X?").
YES = re.compile(r"^(connect:(interest|want):\d+|connect:deal:\d+:yes|event:yes:\d+|scheme:share"
                 r"|sell:confirm|buy:confirm|name:profile)$")
NO = re.compile(r"^(connect:(decline|nowant):\d+|connect:deal:\d+:no|event:no:\d+|scheme:keep)$")
_MAX_WORDS = 6  # a yes or no is short: "haan ji bhej dijiye"


@lru_cache(maxsize=1024)  # a message is read against its options, the yes/no words and the menu: once
def words_of(text: str) -> tuple[str, ...]:
    """The words of a message or label, without emoji, digits' punctuation and the like."""
    return tuple(w for w in tokenize(text or "") if w[0].isalnum())


@lru_cache(maxsize=None)
def _words(key: str) -> frozenset[tuple[str, ...]]:
    return frozenset(words_of(w) for lang in LANGUAGES for w in catalog(lang).get(key, []))


def _single(key: str) -> frozenset[str]:
    return frozenset(w[0] for w in _words(key) if len(w) == 1)


def yes_or_no(text: str) -> str | None:
    """ "haan", "ha bhej do", "जी हाँ" -> "yes"; "nahi", "abhi nahi", "ruchi nahi hai" -> "no"; else None."""
    said = words_of(text)
    if not said or len(said) > _MAX_WORDS:
        return None
    if said in _words("typed.no_words"):
        return "no"
    if said in _words("typed.yes_words"):  # phrases: "जी हाँ"
        return "yes"
    yes, no, filler = _single("typed.yes_words"), _single("typed.no_words"), _single("typed.filler")
    if any(w not in yes | no | filler for w in said):
        return None
    if any(w in no for w in said):
        return "no"
    return "yes" if any(w in yes for w in said) else None


def meaning(value: str) -> str | None:
    return "yes" if YES.match(value) else "no" if NO.match(value) else None


@lru_cache(maxsize=4096)  # labels come from the catalog and listings: few, shown again and again
def _label_parts(label: str) -> tuple[tuple[str, ...], ...]:
    """ "मंडी भाव / मोलभाव" answers to the whole label and to each side of its "/"."""
    parts = [words_of(label)] + [words_of(p) for p in label.split("/")] if "/" in label else [words_of(label)]
    return tuple(p for p in parts if p)


def pick(text: str, values: list[str], labels: list[str] | None) -> str | None:
    """The shown option `text` names: its label, or the one yes (no) option for a yes (no)."""
    said = words_of(text)
    if not said or not values:
        return None
    if labels and len(labels) == len(values):
        named = [v for v, label in zip(values, labels) if said in _label_parts(label)]
        if len(set(named)) == 1:
            return named[0]
    answer = yes_or_no(text)
    if answer is not None:
        meant = [v for v in values if meaning(v) == answer]
        if len(meant) == 1:
            return meant[0]
    return None


def ambiguous(text: str, values: list[str]) -> bool:
    """A yes (or no) typed where more than one shown option means it: which one is for her to say."""
    answer = yes_or_no(text)
    return answer is not None and sum(meaning(v) == answer for v in values) > 1


def menu_item(text: str, items: list[tuple[str, str]]) -> str | None:
    """The menu value whose label (in either language) or `menu_words` name `text` is."""
    said = words_of(text)
    if not said:
        return None
    for label_key, value in items:
        if said in _menu_names(label_key, value):
            return value
    return None


@lru_cache(maxsize=None)
def _menu_names(label_key: str, value: str) -> frozenset[tuple[str, ...]]:
    """A menu item's label in either language (and each side of a "/"), and its `menu_words`."""
    names = {p for lang in LANGUAGES for p in _label_parts(t(lang, label_key))}
    return frozenset(names | _words(f"menu_words.{value.removeprefix('menu:')}"))
