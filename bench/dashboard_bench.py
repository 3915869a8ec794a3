"""Dashboard benchmark: one district (Patna) with 100,000 didis, 1,000,000 listings over a year,
100,000 demands, 200,000 matches and 40,000 deal reports in PostgreSQL (plus a little elsewhere);
then the overview's summary built as the scheduled job builds it (bot.dashboard.summary) and the
overview's time (bot.dashboard.stats.overview, and the whole page through Flask), printed as
p50/p95/max in ms for district staff (30 and 365 days), block staff and an admin, with the load
average. --live times the overview without the summary (as before the job's first run).

Uses its own database (default didihaat_dashboard_bench; never `test`, which the suite wipes):

    .venv/bin/python bench/dashboard_bench.py            # build once, then reuse
    .venv/bin/python bench/dashboard_bench.py --rebuild  # drop and load again
    .venv/bin/python bench/dashboard_bench.py --explain  # also EXPLAIN ANALYZE the overview's queries

URL: --url, else $BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_dashboard_bench.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql
from sqlalchemy import event, make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import catalog, places  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.dashboard import links, stats, summary as dash_summary  # noqa: E402
from bot.dashboard.area import Area  # noqa: E402
from bot.dashboard.filters import period  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from models import DashSummary, User, utcnow  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_dashboard_bench"
PATNA = 212
DIDIS, BUYERS, LISTINGS, DEMANDS, MATCHES, DEALS = 100_000, 5_000, 1_000_000, 100_000, 200_000, 40_000
ELSEWHERE = 100_000  # listings in other districts, so the area condition has something to leave out


def conninfo(url, database: str | None = None) -> str:
    url = url.set(drivername="postgresql")
    return (url.set(database=database) if database else url).render_as_string(hide_password=False)


def ensure_database(url, rebuild: bool) -> bool:
    name = url.database or ""
    if name in ("", "test", "postgres", "template0", "template1"):
        raise SystemExit(f"refusing to use database {name!r}: give the bench its own database")
    with psycopg.connect(conninfo(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if exists and rebuild:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def load(url) -> None:
    """Rows made by PostgreSQL itself (generate_series), then VACUUM ANALYZE."""
    blocks = [b.code for b in places.blocks_of(PATNA)]
    others = [d.code for d in places.districts() if d.code != PATNA]
    products = [p.key for p in catalog.products()]
    day = "interval '1 day'"
    steps = [
        ("didis", f"""INSERT INTO users (channel, address, role, district_code, block_code, onboarded, opted_out,
            unreachable, phone_verified, phone, created_at, last_inbound_at)
            SELECT 'simulator', 'didi' || g, 'didi', {PATNA}, (%(blocks)s::int[])[1 + g %% %(nb)s], true, false, false,
                   true, '+9198' || lpad(g::text, 8, '0'), now() - random() * 730 * {day},
                   now() - random() * 120 * {day}
            FROM generate_series(1, {DIDIS}) g"""),
        ("buyers", f"""INSERT INTO users (channel, address, role, district_code, block_code, onboarded, opted_out,
            unreachable, phone_verified, created_at)
            SELECT 'simulator', 'buyer' || g, 'buyer', {PATNA}, (%(blocks)s::int[])[1 + g %% %(nb)s], true, false,
                   false, false, now() - random() * 365 * {day}
            FROM generate_series(1, {BUYERS}) g"""),
        ("listings", f"""INSERT INTO listings (user_id, product, quantity, unit, price, district_code, block_code,
            status, created_at, expires_at)
            SELECT u, (%(products)s::text[])[1 + (random() * (%(np)s - 1))::int], 1 + (random() * 500)::int, 'kg',
                   10 + (random() * 90)::int, {PATNA}, (%(blocks)s::int[])[1 + u %% %(nb)s],
                   (ARRAY['expired','expired','expired','active','active','sold','sold','withdrawn'])[1 + g %% 8],
                   c, c + 14 * {day}
            FROM (SELECT g, 1 + (random() * ({DIDIS} - 1))::int AS u, now() - random() * 365 * {day} AS c
                  FROM generate_series(1, {LISTINGS}) g) s"""),
        ("listings elsewhere", f"""INSERT INTO listings (user_id, product, quantity, unit, price, district_code,
            block_code, status, created_at, expires_at)
            SELECT 1, 'potato', 100, 'kg', 14, (%(others)s::int[])[1 + g %% %(no)s], NULL, 'active',
                   now() - random() * 365 * {day}, now() + {day}
            FROM generate_series(1, {ELSEWHERE}) g"""),
        ("demands", f"""INSERT INTO demands (user_id, product, quantity, unit, max_price, district_code, block_code,
            status, created_at, expires_at)
            SELECT {DIDIS} + 1 + g %% {BUYERS}, (%(products)s::text[])[1 + (random() * (%(np)s - 1))::int],
                   100 + (random() * 5000)::int, 'kg', 20, {PATNA}, (%(blocks)s::int[])[1 + g %% %(nb)s],
                   (ARRAY['open','closed','expired'])[1 + g %% 3], c, c + 14 * {day}
            FROM (SELECT g, now() - random() * 365 * {day} AS c FROM generate_series(1, {DEMANDS}) g) s"""),
        ("matches", f"""INSERT INTO matches (demand_id, listing_id, seller_id, buyer_id, district_code, block_code,
            rank, tier, created_at, connected_at)
            SELECT 1 + g %% {DEMANDS}, l.id, l.user_id, {DIDIS} + 1 + g %% {BUYERS}, l.district_code, l.block_code,
                   0, 1, c, CASE WHEN g %% 5 = 0 THEN c + {day} END
            FROM (SELECT g, now() - random() * 365 * {day} AS c FROM generate_series(1, {MATCHES}) g) s
            JOIN listings l ON l.id = s.g * 5"""),
        ("deal reports", f"""INSERT INTO deal_reports (match_id, reporter_id, happened, quantity, price, created_at,
            district_code, block_code)
            SELECT m.id, m.seller_id, true, 100, 14, m.connected_at + 3 * {day}, m.district_code, m.block_code
            FROM matches m WHERE m.connected_at IS NOT NULL ORDER BY m.id LIMIT {DEALS}"""),
    ]
    values = dict(blocks=blocks, nb=len(blocks), others=others, no=len(others), products=products, np=len(products))
    with psycopg.connect(conninfo(url)) as conn:
        for label, statement in steps:
            t0 = time.perf_counter()
            count = conn.execute(statement, values).rowcount
            conn.commit()
            print(f"  {label}: {count:,} in {time.perf_counter() - t0:.1f}s", flush=True)
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        t0 = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze in {time.perf_counter() - t0:.1f}s", flush=True)


def summary(label: str, samples: list[float]) -> None:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"  {label:<46} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--live", action="store_true", help="no summary: count everything live")
    args = ap.parse_args()
    url = make_url(args.url.replace("postgresql://", "postgresql+psycopg://", 1))
    if ensure_database(url, args.rebuild):
        migrate(url.render_as_string(hide_password=False))
        print(f"loading {url.database} ...", flush=True)
        load(url)
    else:
        migrate(url.render_as_string(hide_password=False))
    logging.disable(logging.WARNING)
    settings = replace(load_settings(env={"DATABASE_URL": url.render_as_string(hide_password=False),
                                          "SECRET_KEY": "bench-" + "k" * 40}), simulator_enabled=False)
    rt = Runtime.build(settings, senders={})
    tz = settings.timezone
    today = utcnow().astimezone(ZoneInfo(tz)).date()
    block = places.find_block(PATNA, "Bihta").code
    with psycopg.connect(conninfo(url)) as conn:
        n = conn.execute("SELECT (SELECT count(*) FROM users WHERE district_code = %s AND role = 'didi'),"
                         " (SELECT count(*) FROM listings WHERE district_code = %s)", (PATNA, PATNA)).fetchone()
    print(f"Patna: {n[0]:,} didis, {n[1]:,} listings; {args.runs} runs each (after one warm-up)", flush=True)

    with rt.db.session() as session:
        if args.live:
            session.query(DashSummary).delete()
            print("summary: none (--live)", flush=True)
    if not args.live:
        t0 = time.perf_counter()
        dash_summary.refresh(rt)
        print(f"summary built by the dashboard_summary job in {time.perf_counter() - t0:.1f}s", flush=True)
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        print("dash_counts rows: {:,}".format(conn.execute("SELECT count(*) FROM dash_counts").fetchone()[0]))
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)

    statements: list[str] = []
    if args.explain:
        @event.listens_for(rt.db.engine, "before_cursor_execute")
        def keep(conn, cursor, statement, parameters, context, executemany):
            statements.append(psycopg.ClientCursor(cursor.connection).mogrify(statement, parameters) if parameters else statement)

    cases = [("district staff, last 30 days", Area(PATNA, None), 30), ("district staff, last 365 days", Area(PATNA, None), 365),
             ("block staff (Bihta), last 30 days", Area(PATNA, block), 30), ("admin (all Bihar), last 30 days", Area(None, None), 30)]
    print("overview queries (bot.dashboard.stats.overview):")
    for label, area, days in cases:
        chosen = period({"from": (today - timedelta(days=days - 1)).isoformat()}, today, tz)
        samples = []
        for i in range(args.runs + 1):
            with rt.db.sessions() as session:
                t0 = time.perf_counter()
                stats.overview(session, area, chosen)
                if i:
                    samples.append(time.perf_counter() - t0)
        summary(label, samples)

    print("whole overview page through Flask (sign-in, area check, queries, template):")
    app = create_app(rt=rt)
    with rt.db.session() as session:
        staff = session.query(User).filter_by(address="bench-dpm").one_or_none()
        if staff is None:
            staff = User(channel="simulator", address="bench-dpm", role="staff", name="DPM", district_code=PATNA,
                         onboarded=True, language="en")
            session.add(staff)
            session.flush()
        token = links.issue(session, staff, utcnow())
    client = app.test_client()
    assert client.post(f"/dashboard/signin/{token}").status_code == 303
    with rt.db.session() as session:
        admin = session.query(User).filter_by(address="bench-admin").one_or_none()
        if admin is None:
            admin = User(channel="simulator", address="bench-admin", role="admin", name="Admin", onboarded=True,
                         language="en")
            session.add(admin)
            session.flush()
        admin_token = links.issue(session, admin, utcnow())
    admin_client = app.test_client()
    assert admin_client.post(f"/dashboard/signin/{admin_token}").status_code == 303
    year = f"?from={(today - timedelta(days=364)).isoformat()}"
    for label, who, query in (("district staff, last 30 days", client, ""),
                              ("district staff, last 365 days", client, year),
                              ("district staff, Bihta only, last 30 days", client, f"?block={block}"),
                              ("admin (all Bihar), last 30 days", admin_client, "")):
        samples = []
        for i in range(args.runs + 1):
            t0 = time.perf_counter()
            page = who.get(f"/dashboard/{query}")
            if i:
                samples.append(time.perf_counter() - t0)
        assert page.status_code == 200
        summary(f"{label} ({len(page.data) // 1024} KB)", samples)
    listings_page = []
    for i in range(args.runs + 1):
        t0 = time.perf_counter()
        page = client.get("/dashboard/listings")
        if i:
            listings_page.append(time.perf_counter() - t0)
    summary(f"listings table, page 1 ({len(page.data) // 1024} KB)", listings_page)
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)

    if args.explain:
        statements.clear()
        with rt.db.sessions() as session:
            stats.overview(session, Area(PATNA, None), period({"from": (today - timedelta(days=364)).isoformat()}, today, tz))
        with psycopg.connect(conninfo(url)) as conn:
            for statement in statements:
                plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement).fetchall()
                print("\n" + statement[:300].replace("\n", " ") + "\n" + "\n".join(r[0] for r in plan))
    rt.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
