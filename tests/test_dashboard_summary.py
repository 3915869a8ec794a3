"""The overview read from the summary (whole days before its edge) plus live counts (since the
edge) gives exactly the figures counted live from the tables: with rows on both sides of the
edge, for district staff, block staff and admins, over periods before, across and after the edge;
and right after the migration, before the job ever ran, the overview counts everything live."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo


from bot.dashboard import stats, summary
from bot.dashboard.area import Area
from bot.dashboard.filters import period
from bot.scheduler import jobs
from models import DashCount, DashSummary, DealReport, Demand, Listing, Match, User, utcnow
from tests.dashboard_data import AMAS, ATHAMALGOLA, BIHTA, GAYA, PATNA

TZ = "Asia/Kolkata"
PLACES = [(PATNA, BIHTA), (PATNA, ATHAMALGOLA), (PATNA, None), (GAYA, AMAS)]
PRODUCTS = ["potato", "onion", "makhana", "tomato"]
STATUSES = ["active", "sold", "expired", "withdrawn"]


def bihar_midnight(day):
    return datetime.combine(day, time(), ZoneInfo(TZ))


def add_rows(session, now: datetime, rng: random.Random, count: int, days: int, since: datetime | None = None) -> None:
    """`count` listings and demands at random times in the `days` days before `now` (some in the
    last minutes before and after Bihar midnights, where the edges are), none before `since`."""
    didi = User(channel="simulator", address=f"didi-{rng.random()}", role="didi", district_code=PATNA,
                block_code=BIHTA, onboarded=True)
    buyer = User(channel="simulator", address=f"buyer-{rng.random()}", role="buyer", district_code=PATNA,
                 block_code=BIHTA, onboarded=True)
    session.add_all([didi, buyer])
    session.flush()
    today = now.astimezone(ZoneInfo(TZ)).date()
    for i in range(count):
        if i % 5 == 0:  # a minute either side of some Bihar midnight
            at = bihar_midnight(today - timedelta(days=rng.randrange(days))) + timedelta(seconds=rng.choice([-60, 0, 59]))
        else:
            at = now - timedelta(seconds=rng.randrange(days * 86400))
        at = min(max(at, since or at), now)
        district, block = rng.choice(PLACES)
        product = rng.choice(PRODUCTS)
        listing = Listing(user_id=didi.id, product=product, quantity=Decimal(10), unit="kg", price=Decimal(5),
                          district_code=district, block_code=block, status=rng.choice(STATUSES),
                          created_at=at, expires_at=at + timedelta(days=14))
        session.add(listing)
        if i % 2:
            demand = Demand(user_id=didi.id, product=product, quantity=Decimal(10), unit="kg",
                            district_code=district, block_code=block, created_at=at,
                            expires_at=at + timedelta(days=14))
            session.add(demand)
            session.flush()
            # a match made then, connected a little later (across a midnight, or not yet), and deals
            connected = at + timedelta(hours=rng.randrange(48)) if i % 3 else None
            connected = connected if connected and connected <= now else None
            match = Match(demand_id=demand.id, listing_id=listing.id, seller_id=didi.id, buyer_id=didi.id,
                          district_code=district, block_code=block, created_at=at, connected_at=connected)
            session.add(match)
            session.flush()
            if connected:
                for reporter in range(rng.randrange(3)):
                    said = min(connected + timedelta(hours=rng.randrange(72)), now)
                    session.add(DealReport(match_id=match.id, reporter_id=didi.id if reporter == 0 else buyer.id,
                                           happened=True, quantity=Decimal(rng.randrange(1, 50)), price=Decimal(3),
                                           created_at=said))
    session.flush()


def periods(today):
    return [period({}, today, TZ),  # the last 30 days
            period({"from": (today - timedelta(days=365)).isoformat()}, today, TZ),
            period({"from": (today - timedelta(days=20)).isoformat(), "to": (today - timedelta(days=3)).isoformat()},
                   today, TZ),
            period({"from": today.isoformat()}, today, TZ),  # today alone: nothing summarized
            period({"from": (today - timedelta(days=1)).isoformat(), "to": (today - timedelta(days=1)).isoformat()},
                   today, TZ)]


AREAS = [Area(PATNA, None), Area(PATNA, BIHTA), Area(None, None), Area(GAYA, None)]


def figures(session, today):
    return [stats.overview(session, area, p) for area in AREAS for p in periods(today)]


def live_figures(session, today):
    """The same overviews with the summary hidden (as before any job run)."""
    state = session.get(DashSummary, 1)
    saved = state.before_day if state else None
    if state:
        session.delete(state)
        session.flush()
    try:
        return figures(session, today)
    finally:
        if saved is not None:
            session.add(DashSummary(id=1, before_day=saved, built_at=utcnow()))
            session.flush()


def test_summary_plus_live_edges_equals_live_counts(runtime):
    rng = random.Random(14)
    now = utcnow()
    today = now.astimezone(ZoneInfo(TZ)).date()
    with runtime.db.session() as session:
        add_rows(session, now, rng, 400, 400)
        assert summary.edge(session) is None  # just migrated: no job run yet, all live
        live = figures(session, today)
        year = live[1].total.counts
        assert all(year[k] > 0 for k in ("listings_new", "listings_active", "listings_sold", "demand", "matches",
                                        "connections", "deals"))

        # built yesterday: yesterday's later rows and today's are counted live
        yesterday = now - timedelta(days=1)
        assert summary.build(session, TZ, yesterday) == summary.day_number(today) - 1
        assert session.query(DashCount).count() > 0
        assert figures(session, today) == live

        # built now, then new rows arrive today (after the edge)
        summary.build(session, TZ, now)
        assert figures(session, today) == live
        add_rows(session, now, rng, 40, 2, since=bihar_midnight(today))
        assert figures(session, today) == live_figures(session, today)

        # an older listing sold since the job ran shows as sold after the next run
        old = session.query(Listing).filter(Listing.status == "active", Listing.district_code == PATNA,
                                            Listing.created_at < bihar_midnight(today),
                                            Listing.created_at > now - timedelta(days=20)).first()
        old.status = "sold"
        session.flush()
        assert figures(session, today) != live_figures(session, today)
        summary.build(session, TZ, now)
        assert figures(session, today) == live_figures(session, today)


def test_the_job_is_scheduled_and_rebuilds(runtime):
    rng = random.Random(7)
    now = utcnow()
    with runtime.db.session() as session:
        add_rows(session, now, rng, 30, 60)
    assert "dashboard_summary" in [job_id for job_id, _, _ in jobs(runtime)]
    edge = summary.refresh(runtime)
    edge_again = summary.refresh(runtime)  # a rebuild replaces, never adds
    with runtime.db.sessions() as session:
        assert edge == edge_again == summary.edge(session)
        assert {r.kind for r in session.query(DashCount)} >= {"listing_place", "listing_product", "listing_day",
                                                              "demand_place", "demand_product", "demand_day",
                                                              "match_created"}
        before = bihar_midnight(summary.EPOCH + timedelta(days=edge))
        counted = sum(r.n for r in session.query(DashCount).filter_by(kind="listing_place", span=1))
        assert counted == session.query(Listing).filter(Listing.created_at < before).count()
        assert sum(r.n for r in session.query(DashCount).filter_by(kind="demand_product", span=16)) == \
            session.query(Demand).filter(Demand.created_at < before).count()




def test_spans_cover_each_day_once():
    for first in range(0, 70):
        for cut in range(first + 1, first + 70):
            days = [d for span, lo, hi in summary.ranges(first, cut) for d in range(lo, hi)]
            assert sorted(days) == list(range(first, cut))
            assert all(lo % span == 0 and hi % span == 0 for span, lo, hi in summary.ranges(first, cut) if span > 1)
