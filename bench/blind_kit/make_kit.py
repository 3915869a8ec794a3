"""Writes the kit a blind writer reads (SCHEMA.md, PRODUCTS.md, PLACES.md) into a folder outside the repo.

The writer sees only these three files: the reading rules, the catalog's keys and English/Hindi names
(never its synonyms), and Bihar's districts with their blocks. Never the parser, its fixtures or its tests.

    .venv/bin/python bench/blind_kit/make_kit.py /work/blindkit
"""
from __future__ import annotations

import csv
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent


def products() -> str:
    rows = yaml.safe_load((ROOT / "data" / "products.yaml").read_text(encoding="utf-8"))["products"]
    lines = ["# Products (key | English | Hindi | base unit | category)", ""]
    lines += [f"- {p['key']} | {p['en']} | {p['hi']} | {p['unit']} | {p['category']}" for p in rows]
    return "\n".join(lines) + "\n"


def places() -> str:
    districts = list(csv.DictReader((ROOT / "data" / "bihar_districts.csv").open(encoding="utf-8")))
    blocks: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader((ROOT / "data" / "bihar_blocks_lgd.csv").open(encoding="utf-8")):
        blocks[row["district_code"]].append(row["block_name"].title())
    lines = ["# Bihar's 38 districts (write `district` exactly as the English name here) and their blocks", ""]
    for d in districts:
        lines.append(f"- {d['name_en']} ({d['name_hi']}; HQ {d['headquarters_en']}): " + ", ".join(blocks[d["lgd_code"]]))
    return "\n".join(lines) + "\n"


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__).with_name("SCHEMA.md"), out / "SCHEMA.md")
    (out / "PRODUCTS.md").write_text(products(), encoding="utf-8")
    (out / "PLACES.md").write_text(places(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
