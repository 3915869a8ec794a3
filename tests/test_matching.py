"""Tests for bot.matching: place tiers, ranking both ways, eligibility and bulk lots (SQLite and PostgreSQL)."""
from __future__ import annotations

import random
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


def test_within_ceiling_comes_before_over_ceiling_whatever_the_tier(db):
    buyer, s = user(db), user(db)
    over = listing(db, s, price="30", age_h=0.1)  # newest, but over the 25 ceiling
    within = listing(db, s, price="24", age_h=3)
    at_ceiling = listing(db, s, price="25", age_h=4)
    unpriced = listing(db, s, price=None, age_h=2)
    cheap_district = listing(db, s, block=B1, price="10", age_h=0.1)
    found = listings_for_demand(db, demand(db, buyer, max_price="25"), now=NOW)
    # issue 10: within the ceiling first (by tier inside that), then over it
    assert ids(found) == [unpriced.id, within.id, at_ceiling.id, cheap_district.id, over.id]
    assert found[0].price is None and found[4].price == Decimal("30") and found[3].tier == 1


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


def test_freshness_then_newer_id(db):
    buyer, s = user(db), user(db)
    old = listing(db, s, age_h=10)
    twin_a = listing(db, s, age_h=2)
    twin_b = listing(db, s, age_h=2)
    new = listing(db, s, age_h=0.5)
    assert ids(listings_for_demand(db, demand(db, buyer), now=NOW)) == [new.id, twin_b.id, twin_a.id, old.id]


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


def test_rest_of_bihar_best_class_first_then_full_ranking(db):
    buyer, s = user(db), user(db)
    want = demand(db, buyer, quantity="100", max_price="25")
    small_new = listing(db, s, district=FAR, block=FAR_BLOCK, quantity="60", age_h=0.1)
    dear_new = listing(db, s, district=FAR, block=FAR_BLOCK, quantity="500", price="40", age_h=0.2)
    best = [listing(db, s, district=FAR, block=FAR_BLOCK, quantity="200", age_h=h) for h in (1, 2, 3)]
    # the best class (covering, within the ceiling) is short of 5: the whole tier is ranked
    assert ids(listings_for_demand(db, want, now=NOW)) == [*(b.id for b in best), small_new.id, dear_new.id]
    # enough of the best class: the newest of it, nothing else
    more = [listing(db, s, district=FAR, block=FAR_BLOCK, quantity="100", price=None, age_h=h) for h in (1.5, 2.5)]
    assert ids(listings_for_demand(db, want, now=NOW)) == [best[0].id, more[0].id, best[1].id, more[1].id,
                                                           best[2].id]


def _reference_listings(all_listings: list[Listing], want: Demand, now: datetime, limit: int) -> list[int]:
    """The ranking rule written plainly over every listing."""
    def key(x: Listing):
        over = want.max_price is not None and x.price is not None and x.price > want.max_price
        return (over, place_tier(x.district_code, x.block_code, want.district_code, want.block_code),
                -min(x.quantity, want.quantity), -x.created_at.timestamp(), -x.id)
    ok = [x for x in all_listings if x.status == "active" and x.product == want.product
          and x.expires_at > now and x.user_id != want.user_id]
    return [x.id for x in sorted(ok, key=key)[:limit]]


def _reference_demands(all_demands: list[Demand], have: Listing, now: datetime, limit: int) -> list[int]:
    """The same rule seen from a listing."""
    def key(d: Demand):
        over = have.price is not None and d.max_price is not None and d.max_price < have.price
        return (place_tier(have.district_code, have.block_code, d.district_code, d.block_code), over,
                -min(have.quantity / d.quantity, 1), -d.created_at.timestamp(), -d.id)
    ok = [d for d in all_demands if d.status == "open" and d.product == have.product
          and d.expires_at > now and d.user_id != have.user_id]
    return [d.id for d in sorted(ok, key=key)[:limit]]


def test_ranking_agrees_with_the_rule_on_random_markets(db):
    rng = random.Random(42)
    people = [user(db) for _ in range(6)]
    spots = [(PATNA, B0), (PATNA, B1), (PATNA, None), (NEAR, NEAR_BLOCK), (NEAR, None), (FAR, FAR_BLOCK)]

    def anywhere():
        return dict(zip(("district", "block"), rng.choice(spots)))

    def maybe_price():
        return rng.choice([None, "18", "20", "25", "30"])

    listings = [listing(db, rng.choice(people), **anywhere(), quantity=rng.choice(["20", "50", "100", "400"]),
                        price=maybe_price(), product=rng.choice(["potato", "potato", "onion"]),
                        status=rng.choice(["active"] * 5 + ["sold"]), age_h=rng.choice([1, 2, 3, 5]),
                        expires_in_h=rng.choice([-1, 24, 48])) for _ in range(160)]
    demands = [demand(db, rng.choice(people), **anywhere(), quantity=rng.choice(["30", "100", "300"]),
                      max_price=maybe_price(), product=rng.choice(["potato", "onion"]),
                      status=rng.choice(["open"] * 5 + ["closed"]), age_h=rng.choice([1, 2, 3]),
                      expires_in_h=rng.choice([-1, 24, 48])) for _ in range(60)]
    db.expire_all()  # compare what the database holds (Decimal scale, UTC) with the rule
    for want in demands[:25]:
        for limit in (3, 5, 40):
            assert ids(listings_for_demand(db, want, now=NOW, limit=limit)) == \
                _reference_listings(listings, want, NOW, limit)
    for have in listings[:25]:
        for limit in (3, 5, 40):
            assert ids(demands_for_listing(db, have, now=NOW, limit=limit)) == \
                _reference_demands(demands, have, NOW, limit)


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
    [listing(db, user(db), block=B1, quantity="1") for _ in range(5)]  # B1: 4 x 10 kg and 5 x 1 kg
    [listing(db, user(db), block=B1, quantity="10") for _ in range(4)]

    def lot(quantity: str, k: int) -> tuple | None:
        plan = assemble_lot(db, demand(db, buyer, block=B1, quantity=quantity), now=NOW, max_listings=k)
        return None if plan is None else (plan.block_code, len(plan.listings), plan.quantity)

    assert lot("40", 4) == (B1, 4, Decimal("40"))
    assert lot("41", 4) is None  # every block and the district: the 4 largest make 40
    assert lot("41", 5) == (B1, 5, Decimal("41"))
    assert lot("100", 10) == (None, 10, Decimal("100"))  # only the district's 10 x 10 kg
    assert lot("101", 10) is None


def _reference_lot(all_listings: list[Listing], want: Demand, now: datetime, k: int):
    """assemble_lot's rule written plainly: every block and district, greedy pick, best group."""
    ok = [x for x in all_listings if x.status == "active" and x.product == want.product and x.expires_at > now
          and x.user_id != want.user_id and (want.max_price is None or x.price is None or x.price <= want.max_price)]
    groups: dict[tuple[int, int | None], list[Listing]] = {}
    for x in ok:
        groups.setdefault((x.district_code, None), []).append(x)
        if x.block_code is not None:
            groups.setdefault((x.district_code, x.block_code), []).append(x)
    best = None
    for (district, block), xs in groups.items():
        xs = sorted(xs, key=lambda x: (-x.quantity, x.price is None, x.price or 0, x.id))[:k]
        picked, total = [], Decimal(0)
        for x in xs:
            picked.append(x.id)
            total += x.quantity
            if total >= want.quantity:
                rank = (place_tier(district, block, want.district_code, want.block_code), block is None,
                        -sum(x.quantity for x in groups[(district, block)]), district, block or 0)
                if best is None or rank < best[0]:
                    best = (rank, (district, block, picked))
                break
    return None if best is None else best[1]


def test_assemble_lot_agrees_with_the_rule_on_random_markets(db):
    rng = random.Random(7)
    people = [user(db) for _ in range(5)]
    spots = [(PATNA, B0), (PATNA, B1), (PATNA, B2), (PATNA, None), (NEAR, NEAR_BLOCK), (NEAR, None),
             (FAR, FAR_BLOCK)]
    listings = []
    for _ in range(150):
        district, block = rng.choice(spots)
        listings.append(listing(db, rng.choice(people), district=district, block=block,
                                quantity=rng.choice(["5", "10", "40", "80", "150"]),
                                price=rng.choice([None, "18", "20", "25", "30"]),
                                status=rng.choice(["active"] * 6 + ["withdrawn"]), expires_in_h=rng.choice([-1, 24])))
    db.expire_all()
    for _ in range(40):
        district, block = rng.choice(spots)
        want = demand(db, rng.choice(people), district=district, block=block,
                      quantity=rng.choice(["100", "300", "600", "1200", "2500"]),
                      max_price=rng.choice([None, "20", "25"]))
        for k in (3, 8, 20):
            plan = assemble_lot(db, want, now=NOW, max_listings=k)
            got = None if plan is None else (plan.district_code, plan.block_code, ids(plan.listings))
            assert got == _reference_lot(listings, want, NOW, k)
