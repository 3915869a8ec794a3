"""Storing cleaned reports in bulk: one import run counts every row (kept, already had, dropped by
reason); the same series on the same day imported again adds nothing (unique market_key and
arrival_date, ON CONFLICT DO NOTHING); a report that jumps x5 from the same market's previous one
is flagged and left out of answers.

PostgreSQL: the rows as written go by COPY into a temporary table; the cleaning rules on names,
dates and prices (bot/prices/clean.py) are asked once per distinct value and sent back the same
way; the rules on each row, the de-duplication, the insert and the x5 flags are set-based SQL.
SQLite: the same rules row by row, then executemany. Both give the same rows and counts."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import PriceImport, PriceReport, PriceSource, ReportStatus, utcnow

from . import clean as rules
from .clean import CleanRow, clean
from .rows import FIELDS

KEPT, ALREADY_HAD, REPEATED, FLAGGED = "kept", "already_had", "repeated_in_source", "flagged_x5"
CHUNK = 20_000
AGMARKNET = PriceSource.AGMARKNET.value
_REPORT = ("market_key", "product", "unit", "state", "district_code", "district_name", "market", "commodity",
           "variety", "grade", "arrival_date", "min_price", "max_price", "modal_price")


def start(session: Session, source: str) -> PriceImport:
    run = PriceImport(source=source[:200], counts={})
    session.add(run)
    session.flush()
    return run


def import_rows(session: Session, run: PriceImport, rows: Iterable[dict[str, str]], states: tuple[str, ...],
                *, row_by_row: bool = False) -> Counter:
    """Clean and store rows into this run; returns this call's counts (also added to run.counts).
    `row_by_row` takes SQLite's way on PostgreSQL too (the test that both agree uses it)."""
    states = tuple(states)
    if session.get_bind().dialect.name == "postgresql" and not row_by_row:
        counts = _import_sql(session, run.id, rows, states)
    else:
        counts = _import_rows(session, run.id, rows, states)
    total = Counter(run.counts or {})
    total.update(counts)
    total[FLAGGED] = _flag_jumps(session, run.id)
    run.counts = dict(total)
    run.finished_at = utcnow()
    return counts


# --- SQLite (or row_by_row): row by row --------------------------------------------------------------------------
def _import_rows(session: Session, import_id: int, rows: Iterable[dict[str, str]], states: tuple[str, ...]) -> Counter:
    counts: Counter = Counter()
    seen: set[tuple] = set()
    batch: list[CleanRow] = []
    kept = 0
    for row in rows:
        counts["rows"] += 1
        report = clean(row, states)
        if isinstance(report, str):
            counts[f"dropped_{report}"] += 1
            continue
        key = (report.market_key, report.arrival_date)
        if key in seen:
            counts[REPEATED] += 1
            continue
        seen.add(key)
        batch.append(report)
        if len(batch) >= CHUNK:
            kept += _insert(session, import_id, batch)
            batch = []
    if batch:
        kept += _insert(session, import_id, batch)
    counts[KEPT] = kept
    counts[ALREADY_HAD] = len(seen) - kept
    return counts


def _insert(session: Session, import_id: int, rows: list[CleanRow]) -> int:
    now = utcnow()
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(PriceReport.__table__).on_conflict_do_nothing(
        index_elements=["market_key", "arrival_date"], index_where=text("source = 'agmarknet'"))
    before = session.scalar(select(func.count()).where(PriceReport.import_id == import_id)) or 0
    session.execute(stmt, [dict(market_key=r.market_key, product=r.series.product, unit=r.series.unit,
                                state=r.series.state, district_code=r.series.district_code,
                                district_name=r.series.district_name, market=r.series.market,
                                commodity=r.series.commodity, variety=r.series.variety, grade=r.series.grade,
                                arrival_date=r.arrival_date, min_price=r.min_price, max_price=r.max_price,
                                modal_price=r.modal_price, source=AGMARKNET, flagged=False,
                                status=ReportStatus.APPROVED.value, import_id=import_id, created_at=now)
                           for r in rows])
    return (session.scalar(select(func.count()).where(PriceReport.import_id == import_id)) or 0) - before


# --- PostgreSQL: COPY and set-based SQL ----------------------------------------------------------
_STAGING = """
DROP TABLE IF EXISTS price_rows_in, price_series_in, price_days_in, price_money_in;
CREATE TEMP TABLE price_rows_in (n bigint, state text, district text, market text, commodity text, variety text,
    grade text, arrival_date text, min_price text, max_price text, modal_price text) ON COMMIT DROP;
CREATE TEMP TABLE price_series_in (state text, district text, market text, commodity text, variety text,
    grade text, reason text, market_key text, product text, unit text, s_state text, district_code int,
    district_name text, s_market text, s_commodity text, s_variety text, s_grade text, low numeric,
    high numeric) ON COMMIT DROP;
CREATE TEMP TABLE price_days_in (raw text, day date) ON COMMIT DROP;
CREATE TEMP TABLE price_money_in (raw text, value numeric, kg numeric) ON COMMIT DROP;
SET LOCAL work_mem = '64MB';
"""
_NAMES = ("state", "district", "market", "commodity", "variety", "grade")
# The rules on one row (bot.prices.clean.clean and judge, in the same order).
_JUDGE = f"""
WITH judged AS MATERIALIZED (
    SELECT r.n, s.market_key, s.product, s.unit, s.s_state, s.district_code, s.district_name, s.s_market,
           s.s_commodity, s.s_variety, s.s_grade, d.day, lo.kg AS min_kg, hi.kg AS max_kg, mo.kg AS modal_kg,
           CASE WHEN s.reason = '{rules.UNREADABLE}' OR d.day IS NULL OR lo.value IS NULL OR hi.value IS NULL
                     OR mo.value IS NULL THEN '{rules.UNREADABLE}'
                WHEN s.reason IS NOT NULL THEN s.reason
                WHEN lo.value <= 0 THEN '{rules.MIN_NOT_POSITIVE}'
                WHEN NOT (lo.value <= mo.value AND mo.value <= hi.value) THEN '{rules.MODAL_OUTSIDE_MIN_MAX}'
                WHEN s.low IS NOT NULL AND NOT (s.low <= mo.kg AND mo.kg <= s.high) THEN '{rules.IMPLAUSIBLE}'
                WHEN hi.kg >= {rules.TOO_BIG} THEN '{rules.IMPLAUSIBLE}'
           END AS reason
    FROM price_rows_in r
    JOIN price_series_in s ON (s.state, s.district, s.market, s.commodity, s.variety, s.grade)
                            = (r.state, r.district, r.market, r.commodity, r.variety, r.grade)
    JOIN price_days_in d ON d.raw = r.arrival_date
    JOIN price_money_in lo ON lo.raw = r.min_price
    JOIN price_money_in hi ON hi.raw = r.max_price
    JOIN price_money_in mo ON mo.raw = r.modal_price
), fresh AS (  -- the first of the same series on the same day in this source
    SELECT DISTINCT ON (market_key COLLATE "C", day) *
    FROM judged WHERE reason IS NULL ORDER BY market_key COLLATE "C", day, n
), stored AS (
    INSERT INTO price_reports ({", ".join(_REPORT)}, source, flagged, status, import_id, created_at)
    SELECT market_key, product, unit, s_state, district_code, district_name, s_market, s_commodity, s_variety,
           s_grade, day, min_kg, max_kg, modal_kg, '{AGMARKNET}', false, '{ReportStatus.APPROVED.value}',
           %(run)s, %(now)s
    FROM fresh ORDER BY n  -- ids in the source's order, as row by row
    ON CONFLICT (market_key, arrival_date) WHERE source = '{AGMARKNET}' DO NOTHING
    RETURNING 1
)
SELECT reason, count(*) FROM judged GROUP BY reason
UNION ALL SELECT '=fresh', count(*) FROM fresh
UNION ALL SELECT '=stored', count(*) FROM stored
"""


def _import_sql(session: Session, import_id: int, rows: Iterable[dict[str, str]], states: tuple[str, ...]) -> Counter:
    with session.connection().connection.dbapi_connection.cursor() as cursor:
        return _stage_and_store(cursor, import_id, rows, states)


def _stage_and_store(cursor, import_id: int, rows: Iterable[dict[str, str]], states: tuple[str, ...]) -> Counter:
    cursor.execute(_STAGING)
    written = 0
    with cursor.copy("COPY price_rows_in FROM STDIN") as copy:
        for written, row in enumerate(rows, 1):
            copy.write_row((written, *[row[f] for f in FIELDS]))
    counts: Counter = Counter(rows=written) if written else Counter()  # as row by row
    if not written:
        counts.update({KEPT: 0, ALREADY_HAD: 0})
        return counts
    _send_rules(cursor, states)
    # Every join is of the staged rows with a small table by equality: a hash join each time (the
    # planner, not knowing six names go together, would otherwise choose nested loops).
    cursor.execute("SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off")
    cursor.execute(_JUDGE, {"run": import_id, "now": utcnow().replace(tzinfo=None)})
    found = dict(cursor.fetchall())
    cursor.execute("RESET enable_nestloop; RESET enable_mergejoin; RESET jit")
    clean_rows, fresh, stored = found.pop(None, 0), found.pop("=fresh"), found.pop("=stored")
    counts.update({f"dropped_{reason}": count for reason, count in found.items()})
    if clean_rows > fresh:
        counts[REPEATED] = clean_rows - fresh
    counts[KEPT], counts[ALREADY_HAD] = stored, fresh - stored
    return counts


def _send_rules(cursor, states: tuple[str, ...]) -> None:
    """The rules on each distinct series (six names), date and price of the staged rows, computed
    by bot.prices.clean and copied back: a national file has a few thousand of each."""
    cursor.execute(f"SELECT DISTINCT {', '.join(_NAMES)} FROM price_rows_in")
    names = cursor.fetchall()
    with cursor.copy("COPY price_series_in FROM STDIN") as copy:
        for raw in names:
            s = rules.series(*raw, states)
            if isinstance(s, str):
                copy.write_row((*raw, s) + (None,) * 12)
            else:
                copy.write_row((*raw, None, s.market_key, s.product, s.unit, s.state, s.district_code,
                                s.district_name, s.market, s.commodity, s.variety, s.grade, s.low, s.high))
    cursor.execute("SELECT DISTINCT arrival_date FROM price_rows_in")
    days = cursor.fetchall()
    with cursor.copy("COPY price_days_in FROM STDIN") as copy:
        for (raw,) in days:
            copy.write_row((raw, rules.read_date(raw)))
    cursor.execute("SELECT min_price FROM price_rows_in UNION SELECT max_price FROM price_rows_in "
                   "UNION SELECT modal_price FROM price_rows_in")
    prices = cursor.fetchall()
    with cursor.copy("COPY price_money_in FROM STDIN") as copy:
        for (raw,) in prices:
            copy.write_row((raw, *(rules.money(raw) or (None, None))))


# --- both ----------------------------------------------------------------------------------------
_JUMPED = text(f"""
    UPDATE price_reports SET flagged = true WHERE id IN (
        SELECT id FROM (
            SELECT r.id, r.import_id, r.modal_price,
                   LAG(r.modal_price) OVER (PARTITION BY r.market_key ORDER BY r.arrival_date) AS previous
            FROM price_reports r
            WHERE r.source = '{AGMARKNET}'
              AND r.market_key IN (SELECT market_key FROM price_reports WHERE import_id = :run)
        ) series
        WHERE import_id = :run AND previous IS NOT NULL
          AND (modal_price >= 5 * previous OR 5 * modal_price <= previous))""")


def _flag_jumps(session: Session, import_id: int) -> int:
    """Flag this run's reports whose modal is 5x above or below the same market's previous report
    (one series has one report a day, so the day orders it); returns how many of the run are flagged."""
    session.execute(_JUMPED, {"run": import_id})
    return session.scalar(select(func.count()).where(PriceReport.import_id == import_id, PriceReport.flagged)) or 0
