"""Storing cleaned reports in bulk: one import run counts every row (kept, already had, dropped by
reason); the same row imported again adds nothing (unique row_key, ON CONFLICT DO NOTHING); a
report that jumps x5 from the same market's previous one is flagged and left out of answers.

PostgreSQL gets the rows by COPY into a temporary table and one INSERT ... SELECT (fast enough for
a national file); SQLite by executemany."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import PriceImport, PriceReport, PriceSource, ReportStatus, utcnow

from .clean import CleanRow, clean

KEPT, ALREADY_HAD, REPEATED, FLAGGED = "kept", "already_had", "repeated_in_source", "flagged_x5"
CHUNK = 20_000
_COLUMNS = ("source", "row_key", "market_key", "product", "unit", "state", "district_code", "district_name",
            "market", "commodity", "variety", "grade", "arrival_date", "min_price", "max_price", "modal_price",
            "flagged", "status", "import_id", "created_at")


def start(session: Session, source: str) -> PriceImport:
    run = PriceImport(source=source[:200], counts={})
    session.add(run)
    session.flush()
    return run


def import_rows(session: Session, run: PriceImport, rows: Iterable[dict[str, str]], states: tuple[str, ...]) -> Counter:
    """Clean and store rows into this run; returns this call's counts (also added to run.counts)."""
    counts: Counter = Counter()
    seen: set[str] = set()
    batch: list[CleanRow] = []
    for row in rows:
        counts["rows"] += 1
        kept = clean(row, states)
        if isinstance(kept, str):
            counts[f"dropped_{kept}"] += 1
            continue
        if kept.row_key in seen:
            counts[REPEATED] += 1
            continue
        seen.add(kept.row_key)
        batch.append(kept)
        if len(batch) >= CHUNK:
            _insert(session, run.id, batch)
            batch = []
    if batch:
        _insert(session, run.id, batch)
    new = session.scalar(select(func.count()).where(PriceReport.import_id == run.id)) or 0
    before = sum(v for k, v in (run.counts or {}).items() if k == KEPT)
    counts[KEPT] = new - before
    counts[ALREADY_HAD] = len(seen) - counts[KEPT]
    total = Counter(run.counts or {})
    total.update(counts)
    total[FLAGGED] = _flag_jumps(session, run.id)
    run.counts = dict(total)
    run.finished_at = utcnow()
    return counts


def _values(row: CleanRow, import_id: int, now: datetime) -> dict:
    values = asdict(row)
    values.update(source=PriceSource.AGMARKNET, flagged=False, status=ReportStatus.APPROVED, import_id=import_id,
                  created_at=now)
    return values


def _insert(session: Session, import_id: int, rows: list[CleanRow]) -> None:
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        return _copy(session, import_id, rows, now)
    stmt = sqlite_insert(PriceReport.__table__).on_conflict_do_nothing(index_elements=["row_key"])
    session.execute(stmt, [_values(r, import_id, now) for r in rows])


def _copy(session: Session, import_id: int, rows: list[CleanRow], now: datetime) -> None:
    """COPY into a temporary table shaped like price_reports, then insert what is new."""
    conn = session.connection()
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS price_reports_in "
                         "(LIKE price_reports INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
    conn.exec_driver_sql("TRUNCATE price_reports_in")
    cols = ", ".join(_COLUMNS)
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY price_reports_in ({cols}) FROM STDIN") as copy:
        stamp = now.replace(tzinfo=None)
        for r in rows:
            copy.write_row((PriceSource.AGMARKNET.value, r.row_key, r.market_key, r.product, r.unit, r.state,
                            r.district_code, r.district_name, r.market, r.commodity, r.variety, r.grade,
                            r.arrival_date, r.min_price, r.max_price, r.modal_price, False,
                            ReportStatus.APPROVED.value, import_id, stamp))
    conn.exec_driver_sql(f"INSERT INTO price_reports ({cols}) SELECT {cols} FROM price_reports_in "
                         "ON CONFLICT (row_key) DO NOTHING")


def _flag_jumps(session: Session, import_id: int) -> int:
    """Flag this run's reports whose modal is 5x above or below the same market's previous report."""
    jumped = text("""
        SELECT id FROM (
            SELECT r.id, r.import_id, r.modal_price,
                   LAG(r.modal_price) OVER (PARTITION BY r.market_key ORDER BY r.arrival_date, r.id) AS previous
            FROM price_reports r
            WHERE r.source = 'agmarknet'
              AND r.market_key IN (SELECT market_key FROM price_reports WHERE import_id = :run)
        ) series
        WHERE import_id = :run AND previous IS NOT NULL
          AND (modal_price >= 5 * previous OR 5 * modal_price <= previous)""")
    ids = [row[0] for row in session.execute(jumped, {"run": import_id})]
    for start_at in range(0, len(ids), 1000):
        session.execute(update(PriceReport).where(PriceReport.id.in_(ids[start_at:start_at + 1000])).values(flagged=True))
    return len(ids)


