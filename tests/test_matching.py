"""Tests for bot.matching: place tiers, ranking both ways, eligibility and bulk lots (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot import places
from bot.matching import (DemandMatch, ListingMatch, LotPlan, assemble_lot, demands_for_listing,
                          listings_for_demand, place_tier)
from models import Demand, Listing, User

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
PATNA = 212
B0, B1, B2 = (b.code for b in places.blocks_of(PATNA)[:3])
NEAR = places.neighbours(PATNA)[0].code  # Vaishali
NEAR_BLOCK = places.blocks_of(NEAR)[0].code
FAR = next(d.code for d in places.districts()
           if d.code != PATNA and d.code not in {n.code for n in places.neighbours(PATNA)})
FAR_BLOCK = places.blocks_of(FAR)[0].code


@pytest.fixture
def db(runtime):
    with runtime.db.session() as session:
        yield session


def user(session) -> User:
    u = User()
    session.add(u)
    session.flush()
    return u


def listing(session, seller: User, *, district: int = PATNA, block: int | None = B0, quantity: str = "100",
            price: str | None = "20", product: str = "potato", status: str = "active", age_h: float = 1,
            expires_in_h: float = 72) -> Listing:
    item = Listing(user_id=seller.id, product=product, quantity=Decimal(quantity), unit="kg",
                   price=None if price is None else Decimal(price), district_code=district, block_code=block,
                   status=status, created_at=NOW - timedelta(hours=age_h),
                   expires_at=NOW + timedelta(hours=expires_in_h))
    session.add(item)
    session.flush()
    return item


def demand(session, buyer: User, *, district: int = PATNA, block: int | None = B0, quantity: str = "100",
           max_price: str | None = "25", product: str = "potato", status: str = "open", age_h: float = 1,
           expires_in_h: float = 72) -> Demand:
    want = Demand(user_id=buyer.id, product=product, quantity=Decimal(quantity), unit="kg",
                  max_price=None if max_price is None else Decimal(max_price), district_code=district,
                  block_code=block, status=status, created_at=NOW - timedelta(hours=age_h),
                  expires_at=NOW + timedelta(hours=expires_in_h))
    session.add(want)
    session.flush()
    return want


def ids(matches: list[ListingMatch] | list[DemandMatch]) -> list[int]:
    return [m.listing_id if isinstance(m, ListingMatch) else m.demand_id for m in matches]


# ---------------------------------------------------------------------------- place tiers


def test_place_tier():
    assert place_tier(PATNA, B0, PATNA, B0) == 0
    assert place_tier(PATNA, B1, PATNA, B0) == 1
    assert place_tier(PATNA, None, PATNA, B0) == 1
    assert place_tier(PATNA, B0, PATNA, None) == 1  # no block wanted: the district is the best there is
    assert place_tier(PATNA, None, PATNA, None) == 1
    assert place_tier(NEAR, NEAR_BLOCK, PATNA, B0) == 2
    assert place_tier(PATNA, B0, NEAR, None) == 2  # neighbours are symmetric
    assert place_tier(FAR, FAR_BLOCK, PATNA, B0) == 3


# ---------------------------------------------------------------------------- listings for a demand


def test_same_block_beats_district_beats_neighbour_beats_far(db):
    buyer, s = user(db), user(db)
    far = listing(db, s, district=FAR, block=FAR_BLOCK, age_h=0.1)
    near = listing(db, s, district=NEAR, block=NEAR_BLOCK, age_h=0.2)
    district = listing(db, s, block=B1, age_h=0.3)
    unblocked = listing(db, s, block=None, age_h=0.4)
    block = listing(db, s, block=B0, age_h=5)
    want = demand(db, buyer)
    found = listings_for_demand(db, want, now=NOW, limit=10)
    assert ids(found) == [block.id, district.id, unblocked.id, near.id, far.id]
    assert [m.tier for m in found] == [0, 1, 1, 2, 3]
    assert found[0] == ListingMatch(listing_id=block.id, seller_id=s.id, tier=0, quantity=Decimal("100"),
                                    price=Decimal("20"), district_code=PATNA, block_code=B0,
                                    created_at=NOW - timedelta(hours=5))


def test_limit_stops_at_the_nearest_tiers(db):
    buyer, s = user(db), user(db)
    block = [listing(db, s, block=B0, age_h=h) for h in (1, 2, 3)]
    district = [listing(db, s, block=B1, age_h=h) for h in (1, 2, 3)]
    listing(db, s, district=NEAR, block=NEAR_BLOCK, age_h=0.1)
    want = demand(db, buyer)
    assert ids(listings_for_demand(db, want, now=NOW, limit=2)) == [block[0].id, block[1].id]
    assert ids(listings_for_demand(db, want, now=NOW, limit=5)) == [*(x.id for x in block), district[0].id,
                                                                    district[1].id]
    assert listings_for_demand(db, want, now=NOW, limit=0) == []


def test_demand_without_block_takes_its_district_as_best_tier(db):
    buyer, s = user(db), user(db)
    near = listing(db, s, district=NEAR, block=NEAR_BLOCK, age_h=0.1)
    b1 = listing(db, s, block=B1, age_h=2)
    b0 = listing(db, s, block=B0, age_h=1)
    found = listings_for_demand(db, demand(db, buyer, block=None), now=NOW)
    assert ids(found) == [b0.id, b1.id, near.id]
    assert [m.tier for m in found] == [1, 1, 2]


def test_within_ceiling_beats_over_ceiling_inside_a_tier_only(db):
    buyer, s = user(db), user(db)
    over = listing(db, s, price="30", age_h=0.1)  # newest, but over the 25 ceiling
    within = listing(db, s, price="24", age_h=3)
    at_ceiling = listing(db, s, price="25", age_h=4)
    unpriced = listing(db, s, price=None, age_h=2)
    cheap_district = listing(db, s, block=B1, price="10", age_h=0.1)
    found = listings_for_demand(db, demand(db, buyer, max_price="25"), now=NOW)
    assert ids(found) == [unpriced.id, within.id, at_ceiling.id, over.id, cheap_district.id]
    assert found[0].price is None and found[3].price == Decimal("30")


def test_buyer_without_ceiling_ranks_by_coverage_and_freshness(db):
    buyer, s = user(db), user(db)
    dear = listing(db, s, price="99", age_h=1)
    cheap = listing(db, s, price="5", age_h=2)
    assert ids(listings_for_demand(db, demand(db, buyer, max_price=None), now=NOW)) == [dear.id, cheap.id]


def test_coverage_then_freshness(db):
    buyer, s = user(db), user(db)
    half = listing(db, s, quantity="50", age_h=0.1)
    big_old = listing(db, s, quantity="500", age_h=9)
    exact_new = listing(db, s, quantity="100", age_h=1)
    most = listing(db, s, quantity="80", age_h=0.2)
    found = listings_for_demand(db, demand(db, buyer, quantity="100"), now=NOW)
    # 500 and 100 both cover it fully, so the newer one wins; then 80%, then 50%
    assert ids(found) == [exact_new.id, big_old.id, most.id, half.id]


def test_freshness_then_id(db):
    buyer, s = user(db), user(db)
    old = listing(db, s, age_h=10)
    twin_a = listing(db, s, age_h=2)
    twin_b = listing(db, s, age_h=2)
    new = listing(db, s, age_h=0.5)
    assert ids(listings_for_demand(db, demand(db, buyer), now=NOW)) == [new.id, twin_a.id, twin_b.id, old.id]


def test_unavailable_listings_never_match(db):
    buyer, s = user(db), user(db)
    for status in ("sold", "withdrawn", "expired"):
        listing(db, s, status=status)
    listing(db, s, expires_in_h=-1)  # still 'active' but past its expiry
    listing(db, s, product="onion")
    listing(db, buyer)  # the buyer's own listing
    want = demand(db, buyer)
    assert listings_for_demand(db, want, now=NOW) == []
    ok = listing(db, s, expires_in_h=0.5)
    assert ids(listings_for_demand(db, want, now=NOW)) == [ok.id]
    assert listings_for_demand(db, want, now=NOW + timedelta(hours=1)) == []


# ---------------------------------------------------------------------------- demands for a listing


def test_demands_for_listing_by_tier(db):
    seller, b = user(db), user(db)
    far = demand(db, b, district=FAR, block=None, age_h=0.1)
    near = demand(db, b, district=NEAR, block=NEAR_BLOCK, age_h=0.2)
    district = demand(db, b, block=B1, age_h=0.3)
    unblocked = demand(db, b, block=None, age_h=0.4)
    block = demand(db, b, block=B0, age_h=5)
    found = demands_for_listing(db, listing(db, seller), now=NOW, limit=10)
    assert ids(found) == [block.id, district.id, unblocked.id, near.id, far.id]
    assert [m.tier for m in found] == [0, 1, 1, 2, 3]
    assert found[0] == DemandMatch(demand_id=block.id, buyer_id=b.id, tier=0, quantity=Decimal("100"),
                                   max_price=Decimal("25"), district_code=PATNA,
                                   created_at=NOW - timedelta(hours=5))
    assert ids(demands_for_listing(db, listing(db, seller), now=NOW, limit=2)) == [block.id, district.id]


def test_demands_for_listing_ceiling_coverage_freshness(db):
    seller, b = user(db), user(db)
    low_ceiling = demand(db, b, max_price="15", age_h=0.1)
    no_ceiling = demand(db, b, max_price=None, quantity="300", age_h=1)  # covered a third
    small = demand(db, b, quantity="50", age_h=3)  # fully covered
    exact = demand(db, b, quantity="100", age_h=2)  # fully covered, newer
    bigger = demand(db, b, quantity="200", age_h=0.5)  # covered half
    found = demands_for_listing(db, listing(db, seller, quantity="100", price="20"), now=NOW)
    assert ids(found) == [exact.id, small.id, bigger.id, no_ceiling.id, low_ceiling.id]
    unpriced = demands_for_listing(db, listing(db, seller, quantity="100", price=None), now=NOW)
    # with no price the ceiling does not matter: coverage, then freshness
    assert ids(unpriced) == [low_ceiling.id, exact.id, small.id, bigger.id, no_ceiling.id]


def test_closed_expired_and_own_demands_never_match(db):
    seller, b = user(db), user(db)
    demand(db, b, status="closed")
    demand(db, b, status="expired")
    demand(db, b, expires_in_h=-1)
    demand(db, b, product="onion")
    demand(db, seller)  # the seller's own demand
    mine = listing(db, seller)
    assert demands_for_listing(db, mine, now=NOW) == []
    ok = demand(db, b)
    assert ids(demands_for_listing(db, mine, now=NOW)) == [ok.id]
    # and the other way round: the open demand never sees the buyer's own listing
    assert ids(listings_for_demand(db, ok, now=NOW)) == [mine.id]


# ---------------------------------------------------------------------------- lots


def test_assemble_lot_from_small_listings_of_one_block(db):
    buyer = user(db)
    small = [listing(db, user(db), block=B0, quantity=q) for q in ("300", "200", "400", "100", "150")]
    listing(db, user(db), block=B1, quantity="250")
    want = demand(db, buyer, quantity="800")
    assert all(m.quantity < want.quantity for m in listings_for_demand(db, want, now=NOW))
    plan = assemble_lot(db, want, now=NOW)
    assert isinstance(plan, LotPlan)
    assert (plan.district_code, plan.block_code) == (PATNA, B0)
    # largest first until covered: 400 + 300 + 200 = 900 >= 800
    assert ids(plan.listings) == [small[2].id, small[0].id, small[1].id]
    assert plan.quantity == Decimal("900")
    assert {m.tier for m in plan.listings} == {0}


def test_assemble_lot_ties_on_quantity_take_the_cheapest(db):
    buyer, s = user(db), user(db)
    unpriced = listing(db, s, quantity="100", price=None)
    dear = listing(db, s, quantity="100", price="22")
    cheap = listing(db, s, quantity="100", price="18")
    plan = assemble_lot(db, demand(db, buyer, quantity="200"), now=NOW)
    assert ids(plan.listings) == [cheap.id, dear.id]
    assert unpriced.id not in ids(plan.listings)


def test_assemble_lot_prefers_own_block_then_other_block_then_district(db):
    buyer = user(db)
    [listing(db, user(db), block=B0, quantity="300") for _ in range(2)]  # own block: 600
    b1 = [listing(db, user(db), block=B1, quantity="500") for _ in range(3)]  # other block: 1500
    [listing(db, user(db), district=NEAR, block=NEAR_BLOCK, quantity="5000")]
    plan = assemble_lot(db, demand(db, buyer, quantity="600"), now=NOW)
    assert (plan.district_code, plan.block_code, plan.quantity) == (PATNA, B0, Decimal("600"))
    plan = assemble_lot(db, demand(db, buyer, quantity="900"), now=NOW)  # own block too small
    assert (plan.district_code, plan.block_code) == (PATNA, B1)
    assert ids(plan.listings) == [b1[0].id, b1[1].id] and {m.tier for m in plan.listings} == {1}
    plan = assemble_lot(db, demand(db, buyer, quantity="2000"), now=NOW)  # only the district together
    assert (plan.district_code, plan.block_code, plan.quantity) == (PATNA, None, Decimal("2100"))
    assert len(plan.listings) == 5 and {m.tier for m in plan.listings} == {0, 1}


def test_assemble_lot_prefers_own_district_over_a_bigger_neighbour(db):
    buyer = user(db)
    [listing(db, user(db), block=b, quantity="400") for b in (B1, B2)]
    [listing(db, user(db), district=NEAR, block=NEAR_BLOCK, quantity="1000") for _ in range(3)]
    plan = assemble_lot(db, demand(db, buyer, quantity="700"), now=NOW)
    assert (plan.district_code, plan.block_code) == (PATNA, None)
    plan = assemble_lot(db, demand(db, buyer, quantity="2000"), now=NOW)
    assert (plan.district_code, plan.block_code, plan.quantity) == (NEAR, NEAR_BLOCK, Decimal("2000"))
    assert {m.tier for m in plan.listings} == {2}
    plan = assemble_lot(db, demand(db, buyer, district=FAR, block=FAR_BLOCK, quantity="2000"), now=NOW)
    assert (plan.district_code, plan.block_code) == (NEAR, NEAR_BLOCK)  # the rest of Bihar, for a far buyer
    assert {m.tier for m in plan.listings} == {place_tier(NEAR, NEAR_BLOCK, FAR, FAR_BLOCK)} == {3}


def test_assemble_lot_only_counts_listings_within_the_ceiling(db):
    buyer = user(db)
    listing(db, user(db), quantity="500", price="30")
    listing(db, user(db), quantity="400", price="20")
    listing(db, user(db), quantity="300", price=None)
    plan = assemble_lot(db, demand(db, buyer, quantity="700", max_price="25"), now=NOW)
    assert plan.quantity == Decimal("700") and all(m.price is None or m.price <= 25 for m in plan.listings)
    assert assemble_lot(db, demand(db, buyer, quantity="800", max_price="25"), now=NOW) is None
    assert assemble_lot(db, demand(db, buyer, quantity="1200", max_price=None), now=NOW).quantity == Decimal("1200")


def test_assemble_lot_none_when_nothing_can_cover(db):
    buyer = user(db)
    assert assemble_lot(db, demand(db, buyer, quantity="100"), now=NOW) is None
    listing(db, user(db), block=B0, quantity="100")
    listing(db, user(db), district=NEAR, block=NEAR_BLOCK, quantity="100")
    listing(db, user(db), district=FAR, block=FAR_BLOCK, quantity="100")
    listing(db, user(db), block=B1, quantity="900", status="sold")
    listing(db, user(db), block=B1, quantity="900", expires_in_h=-1)
    listing(db, buyer, block=B1, quantity="900")  # own listing
    listing(db, user(db), block=B1, quantity="900", product="onion")
    assert assemble_lot(db, demand(db, buyer, quantity="250"), now=NOW) is None  # 300 exists, never in one place


def test_assemble_lot_respects_max_listings(db):
    buyer = user(db)
    [listing(db, user(db), block=B0, quantity="10") for _ in range(6)]
    want = demand(db, buyer, quantity="50")
    assert len(assemble_lot(db, want, now=NOW).listings) == 5
    assert assemble_lot(db, want, now=NOW, max_listings=4) is None
