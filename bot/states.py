"""States and union territories of India outside Bihar (data/india_states.yaml), for buyers far
away: "Bombay", "Calcutta", "Dilli", "यूपी" or "Maharashtra" name a state (and a city when a city
was named). Names compare through `places.roman`, so spellings in either script meet."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from rapidfuzz import fuzz

from . import places

STATES_YAML = places.DATA_DIR / "india_states.yaml"
OUTSIDE_BIHAR = -1  # a demand's district_code when it is delivered outside Bihar (no district has it)
ABROAD = 99  # a buyer's state_code when they are in another country (not an LGD code)
SUGGEST_THRESHOLD = 75


@dataclass(frozen=True)
class State:
    code: int
    name_en: str
    name_hi: str
    union_territory: bool
    one_city: bool = False  # Delhi, Chandigarh: no city to ask

    def name(self, lang: str) -> str:
        return self.name_hi if lang == "hi" else self.name_en


@lru_cache(maxsize=1)
def _load() -> tuple[dict[int, State], dict[str, tuple[int, str | None]]]:
    """States by code, and every name's key -> (state code, the city it names or None)."""
    states: dict[int, State] = {}
    keys: dict[str, tuple[int, str | None]] = {}
    for row in yaml.safe_load(STATES_YAML.read_text(encoding="utf-8")):
        code = int(row["code"])
        if code in states or code == 10:
            raise ValueError(f"{STATES_YAML}: state code {code} twice, or Bihar listed")
        states[code] = State(code, row["en"], row["hi"], bool(row.get("ut")), bool(row.get("one_city")))
        for name in (row["en"], row["hi"], *row.get("aliases", [])):
            keys.setdefault(_key(str(name)), (code, None))
        for typed, city in (row.get("cities") or {}).items():
            keys.setdefault(_key(str(typed)), (code, city))
    return states, keys


def _key(text: str) -> str:
    return places.roman(text).replace(" ", "")


def states() -> list[State]:
    return sorted(_load()[0].values(), key=lambda s: s.name_en)


def state_by_code(code: int | None) -> State | None:
    return _load()[0].get(code) if code is not None else None


def find(text: str) -> tuple[State, str | None] | None:
    """(state, city) for a short answer ("Mumbai", "kolkata west bengal", "दिल्ली"); None if unknown.
    The whole answer is tried first, then each word and pair of words."""
    if not text or len(text) > 120:
        return None
    _, keys = _load()
    words = [w for w in places.roman(text).split() if w]
    phrases = ["".join(words)] + ["".join(words[i:i + 2]) for i in range(len(words) - 1)] + words
    hits = [keys[p] for p in phrases if p in keys]
    if not hits:
        return None
    code = hits[0][0]
    city = next((c for s, c in hits if s == code and c), None)
    return state_by_code(code), city


def suggest(text: str, limit: int = 4) -> list[State]:
    """Closest states for a "did you mean" list, best first."""
    if not text or not text.strip():
        return []
    typed = _key(text[:120])
    best: dict[int, float] = {}
    for key, (code, _) in _load()[1].items():
        score = fuzz.ratio(typed, key)
        if score >= SUGGEST_THRESHOLD and score > best.get(code, 0):
            best[code] = score
    return [state_by_code(c) for c, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def place_name(lang: str, state_code: int | None, city: str | None) -> str:
    """ "Mumbai, Maharashtra", "दिल्ली", or the country as typed ("Dubai, UAE")."""
    if state_code == ABROAD:
        return city or "-"
    state = state_by_code(state_code)
    if state is None:
        return city or "-"
    short = short_name(lang, state_code, city)
    return state.name(lang) if short == state.name(lang) else f"{short}, {state.name(lang)}"


def short_name(lang: str, state_code: int | None, city: str | None) -> str:
    """The city if known, else the state: "दिल्ली के खरीदार", "Mumbai के खरीदार" (a city typed as
    the state's own name, "Delhi", reads as the state in her language)."""
    state = state_by_code(state_code)
    if state_code == ABROAD or state is None:
        return city or "-"
    if not city:
        return state.name(lang)
    named = find(city)
    if named is not None and named[0].code == state.code and named[1] is None:
        return state.name(lang)
    return city


_load()  # a broken file must fail at import, not in a buyer's registration
