"""`python -m bot events import FILE.csv`: one event per row, every row checked; bad rows are
reported by line number with the reason and nothing of theirs is stored."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field, fields as dc_fields
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from bot.i18n import t
from models import Event

from . import build

COLUMNS = [f.name for f in dc_fields(build.Fields)]
REQUIRED = ["kind", "title", "start", "venue", "district"]


@dataclass
class Report:
    created: list[Event] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def read(session: Session, path: Path, now: datetime, tz: str, lang: str = "en") -> Report:
    report = Report()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            report.rejected.append((1, t(lang, "events.csv_missing_columns", columns=", ".join(missing))))
            return report
        for row in reader:
            line = reader.line_num
            values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not any(values.values()):
                continue  # a blank line in a spreadsheet export
            try:
                event = build.make(build.Fields(**{c: values.get(c, "") for c in COLUMNS}), None, now, tz)
            except build.Invalid as exc:
                report.rejected.append((line, t(lang, exc.key, **exc.values)))
                continue
            session.add(event)
            report.created.append(event)
    session.flush()
    return report
