"""Price benchmark: import 1,000,000 synthetic AGMARKNET rows into PostgreSQL through the real
import path (cleaning, COPY, ON CONFLICT, the x5 check), print rows/s; then time price questions
(bot.prices.lookup.nearest + the answer lines) for random Bihar districts and products, print
p50/p95/p99/max in ms, each with the load average (and the import's CPU: this process and its
PostgreSQL backend, whose busier one bounds the rate on a quiet machine). --json prints one object.
Goals: import >= 20,000 rows/s, answer p99 < 20 ms.

Uses its own database (default didihaat_price_bench, dropped and created again each run; never
`test`, which the test suite wipes):

    .venv/bin/python bench/price_bench.py [--rows 1000000] [--questions 2000] [--json]

URL: --url, else $BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_price_bench.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import psycopg
from psycopg import sql
from sqlalchemy import func, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import catalog, places  # noqa: E402
from bot.db import Database, migrate  # noqa: E402
from bot.prices import answer, lookup, mapping, store  # noqa: E402
from models import PriceReport  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_price_bench"
STATES = ("Bihar", "Uttar Pradesh", "Jharkhand", "West Bengal")
# Share of rows per state, roughly as in the national daily file for these four (UP reports most;
# Bihar few), plus a tail of other states that the import drops.
STATE_WEIGHTS = {"Uttar Pradesh": 0.55, "West Bengal": 0.15, "Jharkhand": 0.08, "Bihar": 0.12, "Madhya Pradesh": 0.10}
MARKETS_PER_STATE = {"Uttar Pradesh": 250, "West Bengal": 80, "Jharkhand": 40, "Bihar": 100, "Madhya Pradesh": 60}


def commodities() -> list[tuple[str, str, float, float]]:
    """(AGMARKNET name, product, weight, typical Rs/quintal) for the mapped commodities sold by weight."""
    out = []
    for name, key in mapping._commodities().items():
        item = catalog.product(key)
        if item.unit != "kg" or item.price_range is None:
            continue
        low, high = (float(v) for v in item.price_range)
        out.append((name.title(), key, 1.0 / (len(out) + 1) ** 0.7, (low + (high - low) * 0.3) * 100))
    return out


def synthetic_rows(n: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """n rows: markets report a handful of commodities on each day, newest last; ~1% dirty."""
    rng = random.Random(seed)
    goods = commodities()
    weights = [g[2] for g in goods]
    bihar = places.districts()
    markets = []
    for state, count in MARKETS_PER_STATE.items():
        for m in range(count):
            district = bihar[m % len(bihar)].name_en if state == "Bihar" else f"{state[:3]} District {m % 40}"
            markets.append((state, district, f"{state[:3]} Market {m}", STATE_WEIGHTS[state] / count))
    market_weights = [m[3] for m in markets]
    start = date(2025, 1, 1)
    made = 0
    day = 0
    while made < n:
        when = (start + timedelta(days=day)).strftime("%d/%m/%Y")
        for state, district, market, _ in rng.choices(markets, market_weights, k=min(400, n - made)):
            for name, _key, _w, typical in {g[0]: g for g in rng.choices(goods, weights, k=3)}.values():
                modal = round(typical * rng.uniform(0.7, 1.3))
                low, high = round(modal * rng.uniform(0.85, 1.0)), round(modal * rng.uniform(1.0, 1.15))
                if rng.random() < 0.01:
                    low = 0
                yield {"state": state, "district": district, "market": market, "commodity": name,
                       "variety": "Other", "grade": "FAQ", "arrival_date": when, "min_price": str(low),
                       "max_price": str(high), "modal_price": str(modal)}
                made += 1
                if made >= n:
                    return
        day += 1


def fresh_database(url: str) -> None:
    u = make_url(url)
    admin = psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                            dbname="postgres", autocommit=True)
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(u.database)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(u.database)))


def backend_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a local PostgreSQL backend has used; None if it is elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the lines")
    args = ap.parse_args(argv)
    say = (lambda *a, **k: None) if args.json else print
    if make_url(args.url).database in ("test", "postgres"):
        sys.exit("refusing to use the test or postgres database")
    fresh_database(args.url)
    migrate(args.url)
    db = Database(args.url)
    rows = list(synthetic_rows(args.rows))  # generated before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    with db.session() as session:
        backend = session.scalar(text("SELECT pg_backend_pid()"))
        pg_cpu = backend_cpu(backend)
        run = store.start(session, "bench")
        counts = store.import_rows(session, run, iter(rows), STATES)
        pg_cpu = backend_cpu(backend) - pg_cpu if pg_cpu is not None else None
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # On a quiet machine the import takes about as long as the busier of the two processes' CPU.
    by_cpu = counts["rows"] / max(cpu, pg_cpu) if pg_cpu else None
    import_load = os.getloadavg()[0]
    say(f"import: {counts['rows']:,} rows in {seconds:.1f} s = {counts['rows'] / seconds:,.0f} rows/s "
          f"(kept {counts['kept']:,}, flagged x5 {counts.get('flagged_x5', 0):,}, dropped "
          f"{sum(v for k, v in counts.items() if k.startswith('dropped_')):,}: "
          + ", ".join(f"{k[8:]} {v:,}" for k, v in sorted(counts.items()) if k.startswith("dropped_")) + ")")
    say(f"  CPU: this process {cpu:.1f} s, its PostgreSQL backend "
        + (f"{pg_cpu:.1f} s (= {by_cpu:,.0f} rows/s by CPU)" if pg_cpu else "unknown (not on this machine)")
        + f"; load average {import_load:.1f} on {os.cpu_count()} cores")
    with db.sessions() as session:
        session.execute(select(func.count()).select_from(PriceReport))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE price_reports")

    rng = random.Random(11)
    goods = commodities()
    weights = [g[2] for g in goods]
    bihar = places.districts()
    with db.sessions() as session:
        today = session.scalar(select(func.max(PriceReport.arrival_date)))
        timings = []
        for i in range(args.questions + 50):
            district = rng.choice(bihar).code
            product = rng.choices(goods, weights)[0][1]
            t0 = time.perf_counter()
            found = lookup.nearest(session, product, district, STATES, today, 30, 3)
            [answer.quote_line("hi", r, today, 7) for r in found]
            if i >= 50:  # the first few warm the caches
                timings.append((time.perf_counter() - t0) * 1000)
            session.expunge_all()
    say(f"answer a price question ({args.questions:,} random Bihar districts x products, 3 lines, nearest first): "
          f"p50 {statistics.median(timings):.2f} ms, p95 {pct(timings, 95):.2f} ms, p99 {pct(timings, 99):.2f} ms, "
          f"max {max(timings):.2f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    db.dispose()
    if args.json:
        print(json.dumps({"rows": counts["rows"], "kept": counts["kept"], "import_seconds": round(seconds, 2),
                          "import_rows_per_s": round(counts["rows"] / seconds), "import_cpu_seconds": round(cpu, 2),
                          "import_postgresql_cpu_seconds": pg_cpu and round(pg_cpu, 2),
                          "import_rows_per_cpu_s": by_cpu and round(by_cpu),
                          "import_load_average": import_load, "questions": len(timings),
                          "answer_p50_ms": round(statistics.median(timings), 2),
                          "answer_p95_ms": round(pct(timings, 95), 2), "answer_p99_ms": round(pct(timings, 99), 2),
                          "answer_max_ms": round(max(timings), 2), "answer_load_average": os.getloadavg()[0],
                          "cores": os.cpu_count(), "goals": {"import_rows_per_s": 20000, "answer_p99_ms": 20}}))


if __name__ == "__main__":
    main()
