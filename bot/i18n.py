"""The message catalog: every user-facing string, in Hindi (first) and English.

A language's catalog is `locales/<lang>.yaml` plus optional per-conversation parts
`locales/<lang>.<part>.yaml`; a key defined twice is an error. `t("hi", "onboarding.ask_name")`
looks a key up; nested YAML keys are joined with dots."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("hi", "en")
DEFAULT = "hi"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in [LOCALES / f"{lang}.yaml", *sorted(LOCALES.glob(f"{lang}.*.yaml"))]:
        part = _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        twice = merged.keys() & part.keys()
        if twice:
            raise KeyError(f"{path.name} defines keys already in the catalog: {', '.join(sorted(twice))}")
        merged.update(part)
    return merged


def t(lang: str | None, key: str, **values: Any) -> str:
    """The text for `key` in `lang`, formatted with `values`. Unknown keys raise: a missing
    string is a bug the catalog test catches, not something to paper over at run time."""
    lang = lang if lang in LANGUAGES else DEFAULT
    text = catalog(lang)[key]
    return text.format(**values) if values else text


def words(key: str) -> set[str]:
    """Keywords users type for `key` in any language, lower-cased (e.g. keywords.stop)."""
    found: set[str] = set()
    for lang in LANGUAGES:
        found.update(w.lower() for w in catalog(lang).get(key, []))
    return found
