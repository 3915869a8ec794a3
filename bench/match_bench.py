"""Matching benchmark: 1,000,000 active listings and 100,000 open demands in PostgreSQL, then the
latency of matching new demands and new listings (bot.matching), printed as p50/p95/p99/max in ms.

Uses its own database (default didihaat_bench; never `test`, which the test suite wipes):

    .venv/bin/python bench/match_bench.py            # build once, then reuse
    .venv/bin/python bench/match_bench.py --rebuild  # drop and load again
    .venv/bin/python bench/match_bench.py --explain  # also EXPLAIN ANALYZE the slowest calls

URL: --url, else $BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_bench.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import psycopg
from psycopg import sql
from sqlalchemy import URL, create_engine, event, make_url
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import places  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.matching import assemble_lot, demands_for_listing, listings_for_demand  # noqa: E402
from models import Demand, Listing  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_bench"
FALLBACK_PRODUCTS = (  # used when the catalog (bot/catalog.py) cannot be loaded
    "potato onion tomato brinjal cauliflower cabbage okra bottle_gourd bitter_gourd pointed_gourd pumpkin "
    "cucumber radish carrot spinach green_chilli garlic ginger peas beans sweet_potato mango litchi banana "
    "guava papaya jackfruit watermelon lemon rice paddy wheat maize flour sattu masoor chana arhar moong "
    "urad mustard linseed mustard_oil turmeric coriander chilli_powder milk ghee curd paneer egg chicken "
    "goat fish makhana honey jaggery pickle papad badi tilkut khaja thekua lai madhubani_painting sikki "
    "sujni bamboo_basket jute_bag leaf_plate incense candle soap vermicompost seeds saplings sugarcane "
    "tobacco mushroom dry_fish sindoor bangle broom mat"
).split()


@dataclass(frozen=True)
class Item:
    key: str
    unit: str
    weight: float  # popularity
    price: float  # typical rupees per unit
    lot: float  # typical listing quantity


@dataclass(frozen=True)
class World:
    """The random but reproducible make-up of the market."""

    items: list[Item]
    item_weights: list[float]
    places: list[tuple[int, list[int]]]  # (district, blocks)
    place_weights: list[float]  # where people live (buyers, sellers)
    grown: dict[str, list[float]]  # per product: where it is produced (listings)


def make_world(seed: int) -> World:
    rng = random.Random(seed)
    try:
        from bot import catalog

        catalog_items = [(p.key, p.unit) for p in catalog.products()]
    except Exception:  # the catalog is someone else's file; a fixed list keeps the bench usable
        catalog_items = [(k, "kg") for k in FALLBACK_PRODUCTS]
    rng.shuffle(catalog_items)
    items = [Item(key, unit, 1 / (rank + 1) ** 0.8, math.exp(rng.uniform(math.log(8), math.log(600))),
                  {"kg": 60.0, "litre": 20.0, "piece": 40.0}.get(unit, 50.0) * rng.uniform(0.3, 3))
             for rank, (key, unit) in enumerate(catalog_items)]
    spots = [(d.code, [b.code for b in places.blocks_of(d.code)]) for d in places.districts()]
    farm = [len(blocks) * rng.uniform(0.4, 2.5) for _, blocks in spots]  # agricultural districts get more
    # each product has its own belt (makhana in Mithila, litchi around Muzaffarpur ...): a lognormal
    # factor per district, and a few products made in only a handful of districts
    grown = {}
    for item in items:
        belt = [f * rng.lognormvariate(0, 1.2) for f in farm]
        if rng.random() < 0.15:
            keep = set(rng.sample(range(len(spots)), 4))
            belt = [w if i in keep else w * 0.01 for i, w in enumerate(belt)]
        grown[item.key] = belt
    return World(items, [i.weight for i in items], spots, [len(b) for _, b in spots], grown)


def pick_place(rng: random.Random, world: World, block_share: float,
               weights: list[float] | None = None) -> tuple[int, int | None]:
    district, blocks = rng.choices(world.places, weights or world.place_weights)[0]
    return district, (rng.choice(blocks) if blocks and rng.random() < block_share else None)


def listing_values(rng: random.Random, item: Item) -> tuple[Decimal, Decimal | None]:
    quantity = Decimal(str(round(max(1.0, rng.lognormvariate(math.log(item.lot), 0.9)))))
    price = None if rng.random() < 0.15 else Decimal(str(round(item.price * rng.uniform(0.7, 1.3), 2)))
    return quantity, price


def demand_values(rng: random.Random, item: Item, bulk: bool = False) -> tuple[Decimal, Decimal | None]:
    scale = item.lot * (rng.uniform(8, 40) if bulk else 3)
    quantity = Decimal(str(round(max(1.0, rng.lognormvariate(math.log(scale), 0.8)))))
    ceiling = None if rng.random() < 0.3 else Decimal(str(round(item.price * rng.uniform(0.8, 1.2), 2)))
    return quantity, ceiling


# ---------------------------------------------------------------------------- database


def conninfo(url: URL, database: str | None = None) -> str:
    """A libpq URL for psycopg from an SQLAlchemy URL."""
    url = url.set(drivername="postgresql")
    if database:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def ensure_database(url: URL, rebuild: bool) -> bool:
    """Create the bench database (dropping it first with rebuild). True when it is new."""
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


def load(url: URL, world: World, n_listings: int, n_demands: int, n_sellers: int, n_buyers: int,
         now: datetime, seed: int) -> None:
    """COPY users, listings and demands in, then VACUUM ANALYZE."""
    rng = random.Random(seed + 1)
    naive_now = now.replace(tzinfo=None)
    day = timedelta(days=1)
    with psycopg.connect(conninfo(url)) as conn:
        t0 = time.perf_counter()
        sellers: list[tuple[int, int | None]] = []
        by_district: dict[int, list[int]] = {}
        with conn.cursor().copy("COPY users (id, channel, address, role, district_code, block_code, onboarded, "
                                "opted_out, unreachable, created_at) FROM STDIN") as copy:
            for uid in range(1, n_sellers + n_buyers + 1):
                is_seller = uid <= n_sellers
                district, block = pick_place(rng, world, 0.9 if is_seller else 0.6)
                if is_seller:
                    sellers.append((district, block))
                    by_district.setdefault(district, []).append(uid - 1)
                copy.write_row((uid, "simulator", f"u{uid}", "didi" if is_seller else "buyer", district, block,
                                True, False, False, naive_now - rng.random() * 365 * day))
        print(f"  users: {n_sellers + n_buyers:,} in {time.perf_counter() - t0:.1f}s", flush=True)

        t0 = time.perf_counter()
        with conn.cursor().copy("COPY listings (user_id, product, quantity, unit, price, district_code, "
                                "block_code, status, created_at, expires_at) FROM STDIN") as copy:
            for _ in range(n_listings):
                item = rng.choices(world.items, world.item_weights)[0]
                district = rng.choices(world.places, world.grown[item.key])[0][0]
                seller = rng.choice(by_district.get(district) or range(n_sellers))
                district, block = sellers[seller]
                quantity, price = listing_values(rng, item)
                created = naive_now - rng.random() * 30 * day
                expires = naive_now + (rng.uniform(-0.02, 1) * 30) * day  # ~2% overdue, not yet swept
                copy.write_row((seller + 1, item.key, quantity, item.unit, price, district, block, "active",
                                created, expires))
        print(f"  listings: {n_listings:,} in {time.perf_counter() - t0:.1f}s", flush=True)

        t0 = time.perf_counter()
        with conn.cursor().copy("COPY demands (user_id, product, quantity, unit, max_price, district_code, "
                                "block_code, status, created_at, expires_at) FROM STDIN") as copy:
            for _ in range(n_demands):
                buyer = n_sellers + 1 + rng.randrange(n_buyers)
                district, block = pick_place(rng, world, 0.6)
                item = rng.choices(world.items, world.item_weights)[0]
                quantity, ceiling = demand_values(rng, item)
                copy.write_row((buyer, item.key, quantity, item.unit, ceiling, district, block, "open",
                                naive_now - rng.random() * 14 * day, naive_now + rng.uniform(-0.02, 1) * 14 * day))
        print(f"  demands: {n_demands:,} in {time.perf_counter() - t0:.1f}s", flush=True)
        conn.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
        conn.commit()
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        t0 = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze in {time.perf_counter() - t0:.1f}s", flush=True)


def counts(url: URL) -> tuple[int, int, int]:
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM listings), "
                           "(SELECT count(*) FROM demands)").fetchone()
    return row[0], row[1], row[2]


# ---------------------------------------------------------------------------- timing


@dataclass
class Timing:
    name: str
    ms: list[float]
    slowest: Any = None
    slowest_ms: float = 0.0
    found: int = 0

    def add(self, ms: float, subject: Any, found: int) -> None:
        self.ms.append(ms)
        self.found += found
        if ms > self.slowest_ms:
            self.slowest, self.slowest_ms = subject, ms

    def line(self) -> str:
        q = statistics.quantiles(self.ms, n=100, method="inclusive")
        return (f"{self.name:<22} n={len(self.ms):>5}  p50={q[49]:6.2f}  p95={q[94]:6.2f}  p99={q[98]:6.2f}  "
                f"max={max(self.ms):6.2f} ms   (avg found {self.found / len(self.ms):.2f})")


def new_demand(rng: random.Random, world: World, buyers: range, now: datetime, bulk: bool = False) -> Demand:
    item = rng.choices(world.items, world.item_weights)[0]
    district, block = pick_place(rng, world, 0.6)
    quantity, ceiling = demand_values(rng, item, bulk)
    return Demand(user_id=rng.choice(buyers), product=item.key, quantity=quantity, unit=item.unit,
                  max_price=ceiling, district_code=district, block_code=block, status="open", created_at=now,
                  expires_at=now + timedelta(days=7))


def new_listing(rng: random.Random, world: World, sellers: range, now: datetime) -> Listing:
    item = rng.choices(world.items, world.item_weights)[0]
    district, block = pick_place(rng, world, 0.9, world.grown[item.key])
    quantity, price = listing_values(rng, item)
    return Listing(user_id=rng.choice(sellers), product=item.key, quantity=quantity, unit=item.unit, price=price,
                   district_code=district, block_code=block, status="active", created_at=now,
                   expires_at=now + timedelta(days=7))


def run(name: str, n: int, make: Callable[[], Any], call: Callable[[Any], Any], warmup: int = 50) -> Timing:
    timing = Timing(name, [])
    for i in range(warmup + n):
        subject = make()
        t0 = time.perf_counter()
        result = call(subject)
        ms = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            timing.add(ms, subject, len(result.listings) if hasattr(result, "listings") else
                       (0 if result is None else len(result)))
    print(timing.line(), flush=True)
    return timing


class SqlLog:
    """Statements run on a connection, for EXPLAIN ANALYZE of the slowest calls."""

    def __init__(self) -> None:
        self.on = False
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            self.statements.append((statement, parameters))


def explain(session: Session, log: SqlLog, title: str, call: Callable[[], Any]) -> None:
    log.statements.clear()
    log.on = True
    call()
    log.on = False
    print(f"\n=== {title}")
    raw = session.connection().connection.driver_connection
    for statement, params in log.statements:
        with raw.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            print("\n".join(r[0] for r in cur.fetchall()))
            print("---")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--rebuild", action="store_true", help="drop the bench database and load it again")
    ap.add_argument("--listings", type=int, default=1_000_000)
    ap.add_argument("--demands", type=int, default=100_000)
    ap.add_argument("--sellers", type=int, default=200_000)
    ap.add_argument("--buyers", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=1000, help="new demands and new listings to match")
    ap.add_argument("--lots", type=int, default=300, help="bulk demands to assemble lots for")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest call of each kind")
    args = ap.parse_args(argv)

    url = make_url(args.url)
    if not url.drivername.startswith("postgresql"):
        raise SystemExit("the bench needs PostgreSQL")
    url = url.set(drivername="postgresql+psycopg")
    world = make_world(args.seed)
    now = datetime.now(timezone.utc).replace(microsecond=0)

    created = ensure_database(url, args.rebuild)
    migrate(url.render_as_string(hide_password=False))
    n_users, n_listings, n_demands = counts(url)
    if created or n_listings == 0:
        print(f"loading {args.listings:,} listings, {args.demands:,} demands into {url.database} ...", flush=True)
        load(url, world, args.listings, args.demands, args.sellers, args.buyers, now, args.seed)
        n_users, n_listings, n_demands = counts(url)
    else:
        print(f"reusing {url.database} (--rebuild to load again)")
    print(f"{n_users:,} users, {n_listings:,} listings, {n_demands:,} demands, "
          f"{len(world.items)} products, {len(world.places)} districts")

    engine = create_engine(url.render_as_string(hide_password=False))
    log = SqlLog()
    event.listen(engine, "before_cursor_execute", log)
    sellers, buyers = range(1, args.sellers + 1), range(args.sellers + 1, args.sellers + args.buyers + 1)
    rng = random.Random(args.seed + 2)
    with Session(engine) as session:
        session.connection()  # connect before timing
        timings = [
            run("listings_for_demand", args.queries, lambda: new_demand(rng, world, buyers, now),
                lambda d: listings_for_demand(session, d, now=now)),
            run("demands_for_listing", args.queries, lambda: new_listing(rng, world, sellers, now),
                lambda lst: demands_for_listing(session, lst, now=now)),
            run("assemble_lot (bulk)", args.lots, lambda: new_demand(rng, world, buyers, now, bulk=True),
                lambda d: assemble_lot(session, d, now=now), warmup=10),
        ]
        if args.explain:
            for t, fn in zip(timings, (listings_for_demand, demands_for_listing, assemble_lot)):
                s = t.slowest
                explain(session, log, f"slowest {t.name}: {t.slowest_ms:.2f} ms, {s.product} "
                        f"qty={s.quantity} district={s.district_code} block={s.block_code}",
                        lambda: fn(session, s, now=now))
        session.rollback()
    engine.dispose()


if __name__ == "__main__":
    main()
