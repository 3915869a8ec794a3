"""The directory of schemes and loans (data/schemes.yaml, kept by staff) and which entries a
question is about: "mudra loan", "karja chahiye", "machine ke liye paisa", "जीविका लोन"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from .i18n import words
from .places import fold

SCHEMES_YAML = Path(__file__).resolve().parent.parent / "data" / "schemes.yaml"
TEXT_FIELDS = ("name", "gives", "eligible", "apply", "documents", "office")
_TOKEN = re.compile(r"[a-z0-9]+|[\u0900-\u097F]+")


@dataclass(frozen=True)
class Scheme:
    key: str
    text: dict[str, dict[str, str]]  # field -> language -> text
    keywords: tuple[str, ...]
    sources: tuple[str, ...]
    checked: date
    unconfirmed: tuple[str, ...]
    general: bool

    def say(self, field: str, lang: str) -> str:
        return self.text[field].get(lang) or self.text[field]["hi"]


class SchemeDataError(ValueError):
    pass


def load(path: Path = SCHEMES_YAML) -> tuple[Scheme, ...]:
    """Read and check the file: every field in Hindi and English, a source, a checked date."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise SchemeDataError(f"{path.name}: a list of schemes expected")
    schemes, seen = [], set()
    for n, entry in enumerate(entries, 1):
        where = f"{path.name} entry {n} ({entry.get('key') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict) or not entry.get("key"):
            raise SchemeDataError(f"{where}: needs a key")
        if entry["key"] in seen:
            raise SchemeDataError(f"{where}: key used twice")
        seen.add(entry["key"])
        for name in TEXT_FIELDS:
            value = entry.get(name)
            if not isinstance(value, dict) or not value.get("hi") or not value.get("en"):
                raise SchemeDataError(f"{where}: {name} needs hi and en")
        if not entry.get("keywords") or not entry.get("sources"):
            raise SchemeDataError(f"{where}: needs keywords and sources")
        checked = entry.get("checked")
        if not isinstance(checked, date):
            raise SchemeDataError(f"{where}: checked must be a date like 2026-12-01")
        schemes.append(Scheme(
            key=str(entry["key"]),
            text={name: {k: str(v) for k, v in entry[name].items()} for name in TEXT_FIELDS},
            keywords=tuple(fold(str(k)) for k in entry["keywords"]),
            sources=tuple(str(s) for s in entry["sources"]),
            checked=checked,
            unconfirmed=tuple(str(u) for u in entry.get("unconfirmed") or ()),
            general=bool(entry.get("general")),
        ))
    return tuple(schemes)


@lru_cache(maxsize=1)
def directory() -> tuple[Scheme, ...]:
    return load()


def by_key(key: str) -> Scheme | None:
    return next((s for s in directory() if s.key == key), None)


def _hits(keyword: str, folded: str, tokens: list[str], *, fuzzy: bool = True) -> bool:
    if " " in keyword:
        return f" {keyword} " in f" {' '.join(tokens)} "
    if keyword in tokens:
        return True
    return fuzzy and len(keyword) >= 5 and keyword.isascii() and any(  # one slip ("pmegb"), not another word
        len(t) >= 5 and t[:2] == keyword[:2] and Levenshtein.distance(keyword, t) <= 1 for t in tokens)


def find(text: str, limit: int = 2) -> list[Scheme]:
    """The best entries for a question, best first; [] when it is not about schemes or loans.
    A named scheme or its words beat general loan words; general words alone give the general entries."""
    folded = fold(text)
    tokens = _TOKEN.findall(folded)
    if not tokens:
        return []
    scored = []
    for order, scheme in enumerate(directory()):
        score = sum(len(k.split()) ** 2 for k in scheme.keywords if _hits(k, folded, tokens))  # a phrase says more
        if score:
            scored.append((-score, order, scheme))
    if scored:
        return [s for _, _, s in sorted(scored, key=lambda x: x[:2])[:limit]]
    general = {fold(w) for w in words("keywords.schemes")}
    if any(_hits(w, folded, tokens, fuzzy=False) for w in general):  # "karza" is not "karna"
        return [s for s in directory() if s.general][:limit]
    return []


directory()  # a broken data file must stop the bot at start, not answer a didi with a crash
