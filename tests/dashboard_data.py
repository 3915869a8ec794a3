"""Rows for the dashboard tests: staff of three kinds and didis, buyers, listings, demand,
matches, deals and groups in three places (Bihta and Athamalgola in Patna, Amas in Gaya)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bot.dashboard import links
from models import DealReport, Demand, GroupChat, Listing, Match, User, utcnow

PATNA, GAYA = 212, 196
BIHTA, ATHAMALGOLA, AMAS = 1950, 1946, 1732
PLACES = {"bihta": (PATNA, BIHTA), "athamalgola": (PATNA, ATHAMALGOLA), "amas": (GAYA, AMAS)}


def staff(session, name: str, *, role: str = "staff", district: int | None = PATNA, block: int | None = BIHTA,
          lang: str = "en", address: str | None = None) -> User:
    user = User(channel="simulator", address=address or name.lower().replace(" ", "-"), name=name, role=role,
                language=lang, district_code=district, block_code=block, onboarded=True, phone="+919876500000")
    session.add(user)
    session.flush()
    return user


def seed(session) -> dict[str, int]:
    """Per place: 2 didis (one new, one older), 1 buyer, listings of potato (active, sold) and
    onion, one demand, one match with a connection and a deal both sides report (₹ 7,000)."""
    now = utcnow()
    ids = {}
    for place, (district, block) in PLACES.items():
        didi = User(channel="simulator", address=f"didi-{place}", name=f"Didi {place}", role="didi", language="hi",
                    district_code=district, block_code=block, onboarded=True, phone="+919812345678",
                    created_at=now - timedelta(days=3), last_inbound_at=now - timedelta(days=1))
        old = User(channel="simulator", address=f"old-{place}", name=f"Old {place}", role="didi", language="hi",
                   district_code=district, block_code=block, onboarded=True,
                   created_at=now - timedelta(days=200), last_inbound_at=now - timedelta(days=100))
        buyer = User(channel="simulator", address=f"buyer-{place}", name=f"Buyer {place}", role="buyer",
                     language="en", district_code=district, block_code=block, onboarded=True, phone="+919800011122")
        session.add_all([didi, old, buyer])
        session.flush()
        common = dict(user_id=didi.id, unit="kg", district_code=district, block_code=block,
                      expires_at=now + timedelta(days=5))
        potato = Listing(product="potato", quantity=Decimal(500), price=Decimal(14), status="active",
                         created_at=now - timedelta(days=2), **common)
        sold = Listing(product="potato", quantity=Decimal(200), price=Decimal(12), status="sold",
                       created_at=now - timedelta(days=10), **common)
        onion = Listing(product="onion", quantity=Decimal(100), price=None, status="active",
                        created_at=now - timedelta(days=1), **common)
        ancient = Listing(product="tomato", quantity=Decimal(30), price=Decimal(20), status="expired",
                          created_at=now - timedelta(days=120), **common)
        session.add_all([potato, sold, onion, ancient])
        demand = Demand(user_id=buyer.id, product="potato", quantity=Decimal(1000), unit="kg",
                        max_price=Decimal(15), district_code=district, block_code=block,
                        created_at=now - timedelta(days=2), expires_at=now + timedelta(days=10))
        session.add(demand)
        session.flush()
        match = Match(demand_id=demand.id, listing_id=potato.id, seller_id=didi.id, buyer_id=buyer.id,
                      district_code=district, block_code=block,
                      created_at=now - timedelta(days=2), connected_at=now - timedelta(days=1))
        session.add(match)
        session.flush()
        session.add_all([
            DealReport(match_id=match.id, reporter_id=didi.id, happened=True, quantity=Decimal(500),
                       price=Decimal(14), created_at=now - timedelta(hours=5)),
            DealReport(match_id=match.id, reporter_id=buyer.id, happened=True, quantity=Decimal(500),
                       price=Decimal(13), created_at=now - timedelta(hours=4)),
        ])
        session.add(GroupChat(channel="telegram", chat_id=f"-100{block}", title=f"Group {place}",
                              district_code=district, block_code=block, added_at=now - timedelta(days=4)))
        ids[place] = potato.id
        ids[f"demand_{place}"] = demand.id
    return ids


def sign_in(client, runtime, user_id: int):
    """Sign `user_id` in the way a link from the chat does: open it, press the button."""
    with runtime.db.session() as session:
        token = links.issue(session, session.get(User, user_id), utcnow())
    assert client.get(f"/dashboard/signin/{token}").status_code == 200
    return client.post(f"/dashboard/signin/{token}")
