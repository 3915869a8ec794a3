"""AGMARKNET names to ours: commodities to catalog products (data/agmarknet_commodities.csv) and
Bihar district spellings to LGD districts (data/agmarknet_districts.csv). Loaded once; both files
are checked at load (every product and LGD code known), so a typo fails loudly."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from bot import catalog, places

DATA = Path(__file__).resolve().parent.parent.parent / "data"
COMMODITIES_CSV = DATA / "agmarknet_commodities.csv"
DISTRICTS_CSV = DATA / "agmarknet_districts.csv"


def _key(name: str) -> str:
    """Compare names the way real files differ: case, spaces, trailing blanks."""
    return " ".join(name.lower().split())


@lru_cache(maxsize=1)
def _commodities() -> dict[str, str]:
    out: dict[str, str] = {}
    with COMMODITIES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if catalog.product(row["product"]) is None:
                raise ValueError(f"{COMMODITIES_CSV.name}: {row['agmarknet_commodity']!r} maps to unknown product "
                                 f"{row['product']!r}")
            out[_key(row["agmarknet_commodity"])] = row["product"]
    return out


@lru_cache(maxsize=1)
def _districts() -> dict[str, int]:
    out: dict[str, int] = {}
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = int(row["lgd_code"])
            if places.district_by_code(code) is None:
                raise ValueError(f"{DISTRICTS_CSV.name}: {row['agmarknet_district']!r} has unknown LGD code {code}")
            out[_key(row["agmarknet_district"])] = code
    return out


@lru_cache(maxsize=4096)
def product_for(commodity: str) -> str | None:
    """ "Potato" -> "potato", "Gur(Jaggery)" -> "jaggery"; None for a commodity we do not trade."""
    return _commodities().get(_key(commodity))


@lru_cache(maxsize=4096)
def bihar_district_code(name: str) -> int | None:
    """ "Purnea" -> 214 (Purnia), "Kaimur/Bhabhua" -> 200; None for a spelling the file lacks."""
    return _districts().get(_key(name))
