"""Reading AGMARKNET rows as the sources write them: CSV files with any of the header spellings
seen in real downloads (`Min_x0020_Price`, `Min Price`, `min_price`), and data.gov.in JSON records.
Every row comes out as a dict with the same ten keys, values as text."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable, Iterator

FIELDS = ("state", "district", "market", "commodity", "variety", "grade", "arrival_date",
          "min_price", "max_price", "modal_price")
_SEPARATORS = re.compile(r"(?:_x0020_|[\s_.\-])+")


def field_name(header: str) -> str:
    """ "Min_x0020_Price", "Min Price ", "MIN_PRICE", "min_price" -> "min_price"."""
    return _SEPARATORS.sub("_", header.strip().lstrip("\ufeff").lower()).strip("_")


def normalise(record: dict[str, object]) -> dict[str, str]:
    """One record with our ten keys (missing ones empty), values stripped text."""
    named = {field_name(str(k)): v for k, v in record.items() if k is not None}
    return {f: ("" if named.get(f) is None else str(named[f]).strip()) for f in FIELDS}


def read_csv(lines: Iterable[str]) -> Iterator[dict[str, str]]:
    for record in csv.DictReader(lines):
        yield normalise(record)


def read_csv_file(path: Path | str) -> Iterator[dict[str, str]]:
    """Rows of a CSV file (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from read_csv(f)


def read_csv_text(text: str) -> Iterator[dict[str, str]]:
    yield from read_csv(io.StringIO(text))
