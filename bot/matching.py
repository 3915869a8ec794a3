"""Matching engine: which listings suit a demand, which demands suit a listing, and bulk lots.

Pure database reads, no messaging. Ranking rule for a demand's listings (best first):
  1. price against the buyer's ceiling: within it (or either side without a price) before over
     it, whatever the place (a buyer who said "max Rs 14/kg" sees ₹13 in the next district before
     ₹22 in his own; `listings_for_demand` reads the within-ceiling pass first);
  2. place tier: 0 same block, 1 same district, 2 neighbouring district (`places.neighbours`),
     3 rest of Bihar; 4 a buyer outside Bihar (`states.OUTSIDE_BIHAR`): all of Bihar is one tier,
     where listings the didi can send by courier (`Listing.ships`) come first;
  3. quantity coverage, min(listing.quantity / demand.quantity, 1), higher first;
  4. freshness, newer `created_at` first; then the newer id, so the order is deterministic.

Because the tier is the first key, each tier is read by its own small query (product + place
through the partial indexes on listings/demands, ORDER BY the other keys, LIMIT what is still
missing) and the search stops as soon as `limit` candidates are found: a new demand in a busy
block never looks beyond its block, and the whole-of-Bihar query only runs when the nearer tiers
are short. On PostgreSQL the place index carries every column read (INCLUDE), so even a busy
district's thousands of candidates come from an index-only scan.

The rest of Bihar can hold tens of thousands of listings of a product grown far away (makhana in
Purnia for a buyer in Kaimur), so for tier 3 the best class - within the ceiling and covering the
whole demand - is read first, newest first, through ix_listings_active_product_fresh, stopping
after `limit` rows; only when that class is short does the full ranking query sort the tier. (Not
for tier 2: the planner cannot know which products the few neighbour districts hold and may scan
the product's whole freshness index for nothing.)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterator

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from models import Demand, Listing

from . import places, states

ACTIVE = literal_column("'active'")  # literals, not parameters, so the partial indexes apply
OPEN = literal_column("'open'")
WIDE_TIER = 3  # from this tier on, read the best class through the freshness index first
DISTANT_TIER = 4  # a demand from outside Bihar: every Bihar listing is this far


@dataclass(frozen=True)
class ListingMatch:
    """A listing that suits a demand, with its place tier relative to the demand."""

    listing_id: int
    seller_id: int
    tier: int
    quantity: Decimal
    price: Decimal | None
    district_code: int
    block_code: int | None
    created_at: datetime


@dataclass(frozen=True)
class DemandMatch:
    """A demand that suits a listing, with its place tier relative to the listing."""

    demand_id: int
    buyer_id: int
    tier: int
    quantity: Decimal
    max_price: Decimal | None
    district_code: int
    created_at: datetime


@dataclass(frozen=True)
class LotPlan:
    """Listings of one block (or, with block_code None, one whole district) that together cover a
    demand; `quantity` is their total."""

    district_code: int
    block_code: int | None
    listings: list[ListingMatch]
    quantity: Decimal


# ---------------------------------------------------------------------------- places


@lru_cache(maxsize=128)
def _near(district_code: int) -> tuple[int, ...]:
    """Codes of the districts sharing a border with this one (data/bihar_district_adjacency.csv)."""
    return tuple(d.code for d in places.neighbours(district_code))


def place_tier(listing_district: int, listing_block: int | None, want_district: int, want_block: int | None) -> int:
    """0 same block, 1 same district, 2 neighbouring district, 3 rest of Bihar, 4 for a buyer outside it."""
    if want_district == states.OUTSIDE_BIHAR:
        return DISTANT_TIER
    if listing_district == want_district:
        return 0 if listing_block is not None and listing_block == want_block else 1
    return 2 if listing_district in _near(want_district) else 3


def _tier_filters(district_col: Any, block_col: Any, district: int, block: int | None
                  ) -> Iterator[tuple[int, ColumnElement[bool]]]:
    """(tier, WHERE clause) for each place tier around (district, block), nearest first."""
    if district == states.OUTSIDE_BIHAR:
        yield DISTANT_TIER, true()
        return
    if block is not None:
        yield 0, and_(district_col == district, block_col == block)
        yield 1, and_(district_col == district, or_(block_col.is_(None), block_col != block))
    else:
        yield 1, district_col == district
    near = _near(district)
    if near:
        yield 2, district_col.in_(near)
    yield 3, district_col.not_in((district, *near))


# ---------------------------------------------------------------------------- listings for a demand

_LISTING_COLS = (Listing.id, Listing.user_id, Listing.quantity, Listing.price, Listing.district_code,
                 Listing.block_code, Listing.created_at)


def _eligible_listings(demand: Demand, now: datetime) -> list[ColumnElement[bool]]:
    """Active, unexpired listings of the demand's product that are not the buyer's own."""
    return [Listing.status == ACTIVE, Listing.product == demand.product, Listing.expires_at > now,
            Listing.user_id != demand.user_id]


def _listing_order(demand: Demand) -> list[ColumnElement[Any]]:
    """Within a tier: within the ceiling first, then coverage, then newest, then newer id."""
    keys: list[ColumnElement[Any]] = []
    if demand.district_code == states.OUTSIDE_BIHAR:  # a far buyer: who can send by courier first
        keys.append(case((Listing.ships, 0), else_=1))
    if demand.max_price is not None:
        keys.append(case((Listing.price > demand.max_price, 1), else_=0))  # NULL price counts as within
    want = Decimal(demand.quantity)
    keys.append(case((Listing.quantity >= want, want), else_=Listing.quantity).desc())  # ~ min(q/want, 1)
    keys += [Listing.created_at.desc(), Listing.id.desc()]
    return keys


def _best_class(demand: Demand) -> list[ColumnElement[bool]]:
    """The listings that rank first in any tier: within the ceiling and covering the whole demand."""
    best = [Listing.quantity >= Decimal(demand.quantity)]
    if demand.district_code == states.OUTSIDE_BIHAR:
        best.append(Listing.ships)
    if demand.max_price is not None:
        best.append(or_(Listing.price.is_(None), Listing.price <= demand.max_price))
    return best


def _listing_match(row: Any, tier: int) -> ListingMatch:
    return ListingMatch(listing_id=row.id, seller_id=row.user_id, tier=tier, quantity=Decimal(row.quantity),
                        price=None if row.price is None else Decimal(row.price), district_code=row.district_code,
                        block_code=row.block_code, created_at=row.created_at)


def listings_for_demand(session: Session, demand: Demand, *, now: datetime, limit: int = 5) -> list[ListingMatch]:
    """The best `limit` listings for a demand, best first (ranking in the module docstring):
    with a ceiling, every tier is read for listings within it before any tier for those over it."""
    found: list[ListingMatch] = []
    passes: list[list[ColumnElement[bool]]] = [[]]
    if demand.max_price is not None:
        passes = [[or_(Listing.price.is_(None), Listing.price <= demand.max_price)], [Listing.price > demand.max_price]]
    for price_where in passes:
        eligible = _eligible_listings(demand, now) + price_where
        for tier, where in _tier_filters(Listing.district_code, Listing.block_code, demand.district_code,
                                         demand.block_code):
            need = limit - len(found)
            if need <= 0:
                return found
            rows = None
            if tier >= WIDE_TIER:  # newest of the best class first; complete when it fills `need`
                stmt = (select(*_LISTING_COLS).where(*eligible, where, *_best_class(demand))
                        .order_by(Listing.created_at.desc(), Listing.id.desc()).limit(need))
                rows = session.execute(stmt).all()
            if rows is None or len(rows) < need:
                stmt = select(*_LISTING_COLS).where(*eligible, where).order_by(*_listing_order(demand)).limit(need)
                rows = session.execute(stmt).all()
            found += [_listing_match(row, tier) for row in rows]
    return found


# ---------------------------------------------------------------------------- demands for a listing

_DEMAND_COLS = (Demand.id, Demand.user_id, Demand.quantity, Demand.max_price, Demand.district_code,
                Demand.created_at)


def _eligible_demands(listing: Listing, now: datetime) -> list[ColumnElement[bool]]:
    """Open, unexpired demands for the listing's product that are not the seller's own."""
    return [Demand.status == OPEN, Demand.product == listing.product, Demand.expires_at > now,
            Demand.user_id != listing.user_id]


def _demand_order(listing: Listing) -> list[ColumnElement[Any]]:
    """Within a tier: ceiling not below the price first, then coverage, then newest, then newer id."""
    keys: list[ColumnElement[Any]] = []
    if listing.price is not None:
        keys.append(case((Demand.max_price < listing.price, 1), else_=0))  # NULL ceiling counts as within
    have = Decimal(listing.quantity)
    keys.append(case((Demand.quantity <= have, 0), else_=Demand.quantity))  # fully covered, then smaller wants
    keys += [Demand.created_at.desc(), Demand.id.desc()]
    return keys


def _demand_match(row: Any, tier: int) -> DemandMatch:
    tier = DISTANT_TIER if row.district_code == states.OUTSIDE_BIHAR else tier
    return DemandMatch(demand_id=row.id, buyer_id=row.user_id, tier=tier, quantity=Decimal(row.quantity),
                       max_price=None if row.max_price is None else Decimal(row.max_price),
                       district_code=row.district_code, created_at=row.created_at)


def demands_for_listing(session: Session, listing: Listing, *, now: datetime, limit: int = 5) -> list[DemandMatch]:
    """The best `limit` open demands for a listing, best first (the same rule seen from the seller)."""
    found: list[DemandMatch] = []
    eligible = _eligible_demands(listing, now)
    order = _demand_order(listing)
    for tier, where in _tier_filters(Demand.district_code, Demand.block_code, listing.district_code,
                                     listing.block_code):
        if len(found) >= limit:
            break
        stmt = select(*_DEMAND_COLS).where(*eligible, where).order_by(*order).limit(limit - len(found))
        found += [_demand_match(row, tier) for row in session.execute(stmt)]
    return found


# ---------------------------------------------------------------------------- lots


@dataclass(frozen=True)
class _Group:
    """A block (block_code set) or a whole district (block_code None) holding enough in total."""

    tier: int
    district_code: int
    block_code: int | None
    total: Decimal

    def sort_key(self) -> tuple[int, int, Decimal, int, int]:
        # nearest tier; a block before a whole district; the largest total; then codes
        return (self.tier, int(self.block_code is None), -self.total, self.district_code, self.block_code or 0)


def _lot_stages(demand: Demand) -> Iterator[ColumnElement[bool]]:
    """Where to look for a lot, nearest first: the demand's district, its neighbours, the rest."""
    near = _near(demand.district_code)
    yield Listing.district_code == demand.district_code
    if near:
        yield Listing.district_code.in_(near)
    yield Listing.district_code.not_in((demand.district_code, *near))


_CUTS = (Decimal(1) / 4, Decimal(1) / 2, Decimal(3) / 4)  # thresholds, as shares of want / max_listings


@dataclass(frozen=True)
class _Stats:
    """What one aggregate pass knows of a group: enough for an upper bound on its best lot."""

    total: Decimal
    count: int
    biggest: Decimal
    big_sums: tuple[Decimal, ...]  # per cut: total of the listings at or above it
    big_counts: tuple[int, ...]  # per cut: how many listings are at or above it

    def __add__(self, other: _Stats) -> _Stats:
        return _Stats(self.total + other.total, self.count + other.count, max(self.biggest, other.biggest),
                      tuple(a + b for a, b in zip(self.big_sums, other.big_sums)),
                      tuple(a + b for a, b in zip(self.big_counts, other.big_counts)))

    def best_lot_bound(self, cuts: list[Decimal], k: int) -> Decimal:
        """Upper bound on the sum of the k largest listings (exact when there are no more than k).

        For any cut x: the k largest hold at most the listings >= x plus (k - their count) below x."""
        if self.count <= k:
            return self.total
        bound = min(self.total, self.biggest * k)
        for cut, big, n in zip(cuts, self.big_sums, self.big_counts):
            bound = min(bound, big + max(0, k - n) * cut)
        return bound


def _groups(session: Session, demand: Demand, eligible: list[ColumnElement[bool]], where: ColumnElement[bool],
            max_listings: int) -> list[_Group]:
    """Blocks and districts under `where` whose eligible listings may cover the demand, best first.

    One aggregate pass per (district, block); the bound prunes groups whose largest `max_listings`
    listings cannot reach the demand, so `_pick` seldom reads a group in vain."""
    want = Decimal(demand.quantity)
    cuts = [want * share / max(max_listings, 1) for share in _CUTS]
    big = [Listing.quantity >= cut for cut in cuts]
    stmt = (select(Listing.district_code, Listing.block_code, func.sum(Listing.quantity), func.count(),
                   func.max(Listing.quantity), *(func.sum(case((b, Listing.quantity), else_=0)) for b in big),
                   *(func.sum(case((b, 1), else_=0)) for b in big))
            .where(*eligible, where).group_by(Listing.district_code, Listing.block_code))
    n = len(cuts)
    districts: dict[int, _Stats] = {}
    groups: list[_Group] = []
    for district, block, total, count, biggest, *rest in session.execute(stmt):
        stats = _Stats(Decimal(total), count, Decimal(biggest), tuple(Decimal(x) for x in rest[:n]),
                       tuple(int(x) for x in rest[n:]))
        districts[district] = districts[district] + stats if district in districts else stats
        if block is not None and stats.best_lot_bound(cuts, max_listings) >= want:
            groups.append(_Group(place_tier(district, block, demand.district_code, demand.block_code),
                                 district, block, stats.total))
    for district, stats in districts.items():
        if stats.best_lot_bound(cuts, max_listings) >= want:
            groups.append(_Group(place_tier(district, None, demand.district_code, demand.block_code),
                                 district, None, stats.total))
    return sorted(groups, key=_Group.sort_key)


def _pick(session: Session, demand: Demand, eligible: list[ColumnElement[bool]], group: _Group,
          max_listings: int) -> LotPlan | None:
    """Largest listings of the group first (then cheapest, unpriced last) until the demand is covered."""
    where = [Listing.district_code == group.district_code]
    if group.block_code is not None:
        where.append(Listing.block_code == group.block_code)
    stmt = (select(*_LISTING_COLS).where(*eligible, *where)
            .order_by(Listing.quantity.desc(), case((Listing.price.is_(None), 1), else_=0), Listing.price,
                      Listing.id)
            .limit(max_listings))
    want = Decimal(demand.quantity)
    picked: list[ListingMatch] = []
    total = Decimal(0)
    for row in session.execute(stmt):
        picked.append(_listing_match(row, place_tier(row.district_code, row.block_code, demand.district_code,
                                                     demand.block_code)))
        total += Decimal(row.quantity)
        if total >= want:
            return LotPlan(group.district_code, group.block_code, picked, total)
    return None


def assemble_lot(session: Session, demand: Demand, *, now: datetime, max_listings: int = 20) -> LotPlan | None:
    """Listings of one block or district, nearest first, that together cover the demand.

    Only listings within the buyer's ceiling (or unpriced) count. Groups are tried by tier, a block
    before a whole district of the same tier, then by largest total; within the chosen group the
    largest listings are taken first (then the cheapest) until the demand is covered, at most
    `max_listings` of them. None when no block or district can cover it that way. Callers use it
    when the best single listing covers less than the demand (a single covering listing would come
    back as a one-listing lot).
    """
    eligible = _eligible_listings(demand, now)
    if demand.max_price is not None:
        eligible.append(or_(Listing.price.is_(None), Listing.price <= demand.max_price))
    for where in _lot_stages(demand):
        for group in _groups(session, demand, eligible, where, max_listings):
            plan = _pick(session, demand, eligible, group, max_listings)
            if plan is not None:
                return plan
    return None
