"""My listings / my demands through the simulator API, and the renewal and expiry sweeps.

Tests that talk through the router need handlers.mine wired into bot/router.py (menu:mine, the
"mine:" button prefix, the "mine" flow); until then they fail with a message saying so. The sweeps
in bot/market/lifecycle.py are tested directly, with time given as `now`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot import catalog, matching
from bot.market import lifecycle
from handlers import draft, mine
from models import Demand, DemandStatus, Listing, ListingStatus, OutboxMessage, User, utcnow
from tests.test_onboarding import registered

NOT_FOUND_HI = "यह आपकी लिस्टिंग या मांग में नहीं मिला। 🙏"


@pytest.fixture
def wired():
    """The router must hand "menu:mine", "mine:..." buttons and the "mine" flow to handlers.mine."""
    from bot import router

    missing = []
    if router.MENU_ACTIONS.get("menu:mine") is not mine.show:
        missing.append('MENU_ACTIONS["menu:mine"] = mine.show')
    if router.BUTTON_PREFIXES.get("mine:") is not mine.on_button:
        missing.append('BUTTON_PREFIXES["mine:"] = mine.on_button')
    if router.FLOWS.get(mine.FLOW) is not mine.STEPS:
        missing.append("FLOWS[mine.FLOW] = mine.STEPS")
    if missing:
        pytest.fail("handlers.mine is not wired into bot/router.py yet: " + "; ".join(missing), pytrace=False)


# --- rows made directly -------------------------------------------------------------------------
def user_row(runtime, address: str) -> User:
    with runtime.db.sessions() as session:
        return session.scalar(select(User).where(User.address == address))


def add_listing(runtime, address: str, product: str = "makhana", quantity=50, price=700, *,
                status: str = ListingStatus.ACTIVE, created: datetime | None = None,
                expires: datetime | None = None, asked: datetime | None = None) -> int:
    seller = user_row(runtime, address)
    created = created or utcnow()
    with runtime.db.session() as session:
        listing = Listing(user_id=seller.id, product=product, quantity=Decimal(quantity),
                          unit=catalog.product(product).unit, price=None if price is None else Decimal(price),
                          district_code=seller.district_code, block_code=seller.block_code, status=status,
                          created_at=created, expires_at=expires or created + timedelta(days=30),
                          renewal_asked_at=asked)
        session.add(listing)
        session.flush()
        return listing.id


def add_demand(runtime, address: str, product: str = "makhana", quantity=200, max_price=650, *,
               status: str = DemandStatus.OPEN, created: datetime | None = None,
               expires: datetime | None = None) -> int:
    buyer = user_row(runtime, address)
    created = created or utcnow()
    with runtime.db.session() as session:
        demand = Demand(user_id=buyer.id, product=product, quantity=Decimal(quantity),
                        unit=catalog.product(product).unit,
                        max_price=None if max_price is None else Decimal(max_price),
                        district_code=buyer.district_code, block_code=buyer.block_code, status=status,
                        created_at=created, expires_at=expires or created + timedelta(days=14))
        session.add(demand)
        session.flush()
        return demand.id


def listing(runtime, ident: int) -> Listing:
    with runtime.db.sessions() as session:
        return session.get(Listing, ident)


def demand(runtime, ident: int) -> Demand:
    with runtime.db.sessions() as session:
        return session.get(Demand, ident)


def values(chat) -> list[str]:
    return [o["value"] for m in chat.last for o in m["options"]]


# --- the list -----------------------------------------------------------------------------------
def test_didi_sees_only_her_active_listings_newest_first(chat, runtime, wired):
    didi = registered(chat, "didi1")
    other = registered(chat, "didi2")
    start = utcnow() - timedelta(days=3)
    old = add_listing(runtime, "didi1", "makhana", 50, 700, created=start)
    new = add_listing(runtime, "didi1", "honey", 20, 400, created=start + timedelta(days=1))
    sold = add_listing(runtime, "didi1", "turmeric", 10, 120, status=ListingStatus.SOLD)
    theirs = add_listing(runtime, "didi2", "makhana", 30, 650)

    didi.say(button="menu:mine")
    text = didi.text
    assert "आपकी चालू लिस्टिंग (2)" in text
    assert f"L-{old} · मखाना · 50 किलो · ₹700/किलो · बिहटा, पटना" in text
    assert text.index(f"L-{new} · ") < text.index(f"L-{old} · ")  # newest first
    assert f"L-{sold}" not in text and f"L-{theirs}" not in text
    assert didi.options() == [f"L-{new} शहद", f"L-{old} मखाना"]
    assert values(didi) == [f"mine:item:L-{new}", f"mine:item:L-{old}"]
    assert "आपकी खुली मांग" not in text  # no demands section for a didi who posted none

    other.say(button="menu:mine")
    assert f"L-{theirs}" in other.text and f"L-{old}" not in other.text


def test_a_long_list_shows_the_newest_and_the_rest_by_code(chat, runtime, wired):
    didi = registered(chat, "didi1")
    start = utcnow() - timedelta(days=1)
    idents = [add_listing(runtime, "didi1", "makhana", 10 + n, 700, created=start + timedelta(minutes=n))
              for n in range(mine.SHOWN + 2)]
    didi.say(button="menu:mine")
    assert f"आपकी चालू लिस्टिंग ({mine.SHOWN + 2})" in didi.text and "…और 2" in didi.text
    assert len(didi.options()) == mine.SHOWN and f"L-{idents[0]} ·" not in didi.text
    didi.say(f"L-{idents[0]}")  # the oldest, by its code
    assert f"L-{idents[0]} · मखाना · 10 किलो" in didi.text


def test_nothing_listed_yet_says_how_to_start(chat, runtime, wired):
    didi = registered(chat, "didi1")
    didi.say(button="menu:mine")
    assert "अभी आपकी कोई लिस्टिंग नहीं है" in didi.text and "50 किलो मखाना 700 रुपये किलो" in didi.text

    buyer = registered(chat, "buyer1", lang="English", role="Buyer")
    buyer.say(button="menu:mine")
    assert "You have no requirements yet" in buyer.text


def test_a_user_with_listings_and_demands_sees_both(chat, runtime, wired):
    didi = registered(chat, "didi1")
    mine_listing = add_listing(runtime, "didi1", "makhana", 50, 700)
    mine_demand = add_demand(runtime, "didi1", "mustard_oil", 20, 180)
    didi.say(button="menu:mine")
    assert f"L-{mine_listing} · मखाना" in didi.text
    assert f"D-{mine_demand} · सरसों का तेल · 20 लीटर · ₹180/लीटर तक · बिहटा, पटना" in didi.text
    assert values(didi) == [f"mine:item:L-{mine_listing}", f"mine:item:D-{mine_demand}"]


# --- one listing: change, sell, withdraw --------------------------------------------------------
def test_didi_changes_quantity_and_price_of_her_listing(chat, runtime, wired):
    didi = registered(chat, "didi1")
    ident = add_listing(runtime, "didi1", "makhana", 50, 700)
    didi.say(button="menu:mine")
    didi.say("1")  # the first item, by its number
    assert f"L-{ident} · मखाना · 50 किलो · ₹700/किलो" in didi.text
    assert didi.options() == ["मात्रा बदलें", "भाव बदलें", "बिक गया", "हटाएं", "🚚 कूरियर से भेज सकती हूँ",
                              "मेरी लिस्टिंग / मांग"]

    didi.tap("मात्रा बदलें")
    assert "अभी 50 किलो है" in didi.text and didi.options() == []
    didi.say("बहुत सारा")
    assert "मात्रा समझ नहीं आई" in didi.text
    didi.say("0")
    assert "मात्रा सही नहीं लगी" in didi.text
    assert listing(runtime, ident).quantity == 50
    didi.say("४०")  # Devanagari digits
    assert "✅ बदल दिया" in didi.text and f"L-{ident} · मखाना · 40 किलो · ₹700/किलो · बिहटा, पटना" in didi.text
    assert listing(runtime, ident).quantity == 40

    didi.say(f"L-{ident}")  # the code, typed
    didi.tap("मात्रा बदलें")
    didi.say("2 क्विंटल")  # converted to the listing's unit
    assert listing(runtime, ident).quantity == 200

    didi.say(f"l {ident}")
    didi.tap("भाव बदलें")
    assert "अभी भाव ₹700/किलो है" in didi.text and didi.options() == ["मंडी भाव / मोलभाव"]
    didi.say("99999")
    assert "भाव सही नहीं लगा" in didi.text and listing(runtime, ident).price == 700
    didi.say("₹650")
    assert "₹650/किलो" in didi.text and listing(runtime, ident).price == 650

    didi.say(button=f"mine:price:L-{ident}")
    didi.tap("मंडी भाव")
    assert "मखाना · 200 किलो · मंडी भाव / मोलभाव" in didi.text
    assert listing(runtime, ident).price is None and listing(runtime, ident).status == ListingStatus.ACTIVE


def test_sold_and_withdrawn_listings_leave_the_list_and_matching_at_once(chat, runtime, wired):
    didi = registered(chat, "didi1")
    registered(chat, "buyer1", role="खरीदार")
    first = add_listing(runtime, "didi1", "makhana", 50, 700)
    second = add_listing(runtime, "didi1", "makhana", 30, 680)
    wanted = add_demand(runtime, "buyer1", "makhana", 20, 750)

    def matched() -> set[int]:
        with runtime.db.sessions() as session:
            found = matching.listings_for_demand(session, session.get(Demand, wanted), now=utcnow())
        return {m.listing_id for m in found}

    assert matched() == {first, second}
    didi.say(button=f"mine:item:L-{first}")
    didi.tap("बिक गया")
    assert f"L-{first} मखाना बिक गया — बधाई" in didi.text
    assert listing(runtime, first).status == ListingStatus.SOLD

    didi.say(button=f"mine:item:L-{second}")
    didi.tap("हटाएं")
    assert f"L-{second} मखाना हटा दिया" in didi.text
    assert listing(runtime, second).status == ListingStatus.WITHDRAWN
    assert matched() == set()

    didi.tap("मेरी लिस्टिंग / मांग")
    assert "अभी आपकी कोई लिस्टिंग नहीं है" in didi.text


# --- one demand -----------------------------------------------------------------------------------
def test_buyer_changes_and_closes_a_demand(chat, runtime, wired):
    buyer = registered(chat, "buyer1", lang="English", role="Buyer")
    ident = add_demand(runtime, "buyer1", "makhana", 200, 650)
    buyer.say(button="menu:mine")
    assert "Your open requirements (1):" in buyer.text
    assert f"D-{ident} · Makhana · 200 kg · up to ₹650/kg · Bihta, Patna" in buyer.text
    buyer.tap(f"D-{ident}")
    assert buyer.options() == ["Change quantity", "Change max price", "Close requirement", "My listings / requirements"]

    buyer.tap("Change quantity")
    buyer.say("150")
    assert f"D-{ident} · Makhana · 150 kg · up to ₹650/kg" in buyer.text
    buyer.say(f"d-{ident}")
    buyer.tap("Change max price")
    assert "now up to ₹650/kg" in buyer.text
    buyer.say("700")
    assert demand(runtime, ident).max_price == 700
    buyer.say(button=f"mine:price:D-{ident}")
    buyer.tap("No limit")
    assert "150 kg · no price limit" in buyer.text and demand(runtime, ident).max_price is None

    buyer.say(button=f"mine:item:D-{ident}")
    buyer.tap("Close requirement")
    assert f"Requirement D-{ident} Makhana closed" in buyer.text
    assert demand(runtime, ident).status == DemandStatus.CLOSED
    buyer.say(f"D-{ident}")
    assert "not found among your listings" in buyer.text


# --- only one's own -------------------------------------------------------------------------------
def test_nobody_sees_or_changes_what_is_not_theirs(chat, runtime, wired):
    a = registered(chat, "didi1")
    b = registered(chat, "didi2")
    buyer = registered(chat, "buyer1", role="खरीदार")
    registered(chat, "buyer2", role="खरीदार")
    hers = add_listing(runtime, "didi1", "makhana", 50, 700)
    withdrawn = add_listing(runtime, "didi1", "honey", 10, 400, status=ListingStatus.WITHDRAWN)
    their_demand = add_demand(runtime, "buyer2", "makhana", 100, 650)

    answers = []
    for attempt in (f"L-{hers}", f"l {hers}"):  # typed codes: the public card a digest's link opens, not her actions
        b.say(attempt)
        assert f"L-{hers} · मखाना" in b.text and b.options()[0] == "माँगें"
    for action in ("item", "qty", "price", "noprice", "sold", "withdraw", "renew"):  # forged buttons
        answers.append(b.say(button=f"mine:{action}:L-{hers}")[-1]["text"])
    answers.append(b.say("L-999999")[-1]["text"])  # no such listing
    answers.append(b.say(button="mine:item:L-999999")[-1]["text"])
    answers.append(a.say(f"L-{withdrawn}")[-1]["text"])  # her own, but withdrawn
    answers.append(a.say(button=f"mine:qty:L-{withdrawn}")[-1]["text"])
    answers.append(a.say(button=f"mine:close:L-{hers}")[-1]["text"])  # an action a listing does not have
    for action in ("item", "qty", "price", "close"):
        answers.append(buyer.say(button=f"mine:{action}:D-{their_demand}")[-1]["text"])
    answers.append(buyer.say(button="mine:item:L-abc")[-1]["text"])
    assert set(answers) == {NOT_FOUND_HI}

    b.say(button=f"mine:qty:L-{hers}")
    b.say("5")  # not asked for a value: changes nothing
    after = listing(runtime, hers)
    assert (after.status, after.quantity, after.price) == (ListingStatus.ACTIVE, 50, 700)
    assert listing(runtime, withdrawn).status == ListingStatus.WITHDRAWN
    assert demand(runtime, their_demand).status == DemandStatus.OPEN and demand(runtime, their_demand).quantity == 100
    assert not [m for m in b.inbox() if f"L-{hers}" in m["text"] and "'माँगें' दबाएँ" not in m["text"]]  # only the public card


def test_an_item_sold_while_its_new_value_is_asked_for_is_not_changed(chat, runtime, wired):
    didi = registered(chat, "didi1")
    ident = add_listing(runtime, "didi1", "makhana", 50, 700)
    didi.say(button=f"mine:qty:L-{ident}")
    with runtime.db.session() as session:  # sold meanwhile (e.g. from the renewal question)
        session.get(Listing, ident).status = ListingStatus.SOLD
    didi.say("40")
    assert didi.text.startswith(NOT_FOUND_HI)
    assert listing(runtime, ident).quantity == 50


# --- renewal and expiry sweeps ---------------------------------------------------------------------
NOW = datetime(2024, 3, 10, 6, 0, tzinfo=timezone.utc)  # 11:30 in Bihar


def pushes(runtime, address: str) -> list[dict]:
    with runtime.db.sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.address == address,
                                                           OutboxMessage.kind == "push").order_by(OutboxMessage.id))
        return [r.payload for r in rows]


def test_ask_renewals_asks_each_seller_once_in_her_language(chat, runtime):
    registered(chat, "didi1")
    registered(chat, "didi2", lang="English", role="Didi").say("Jai Maa group")  # the SHG question
    hours = runtime.settings.market.renew_before_hours
    due = add_listing(runtime, "didi1", "makhana", 50, 700, created=NOW - timedelta(days=170),
                      expires=NOW + timedelta(hours=hours - 4))  # 07:30 tomorrow in Bihar
    due_en = add_listing(runtime, "didi2", "honey", 20, 400, created=NOW - timedelta(days=60),
                         expires=NOW + timedelta(hours=2))
    later = add_listing(runtime, "didi1", "honey", 10, 400, created=NOW, expires=NOW + timedelta(hours=hours + 2))
    asked = add_listing(runtime, "didi1", "turmeric", 10, 120, created=NOW - timedelta(days=20),
                        expires=NOW + timedelta(hours=3), asked=NOW - timedelta(hours=5))
    add_listing(runtime, "didi1", "sattu", 5, 90, status=ListingStatus.SOLD, created=NOW - timedelta(days=20),
                expires=NOW + timedelta(hours=3))
    add_listing(runtime, "didi1", "ghee", 5, 900, created=NOW - timedelta(days=40),
                expires=NOW - timedelta(hours=1))  # already past: expire() takes it

    assert lifecycle.ask_renewals(runtime, NOW) == 2
    hi, en = pushes(runtime, "didi1"), pushes(runtime, "didi2")
    assert [p["text"] for p in hi] == [f"⏰ L-{due} मखाना · 50 किलो कल खत्म होगी। आगे भी दिखाएं?"]
    assert [(o["label"], o["value"]) for o in hi[0]["options"]] == [
        ("बढ़ाएं", f"mine:renew:L-{due}"), ("बिक गया", f"mine:sold:L-{due}"), ("हटाएं", f"mine:withdraw:L-{due}")]
    assert [p["text"] for p in en] == [f"⏰ L-{due_en} Honey · 20 kg stops showing today. Keep showing it?"]
    assert listing(runtime, due).renewal_asked_at == NOW
    assert listing(runtime, later).renewal_asked_at is None
    assert listing(runtime, asked).renewal_asked_at == NOW - timedelta(hours=5)

    assert lifecycle.ask_renewals(runtime, NOW + timedelta(minutes=10)) == 0  # idempotent
    assert len(pushes(runtime, "didi1")) == 1
    assert lifecycle.ask_renewals(runtime, NOW + timedelta(hours=3)) == 1  # `later` is now due
    assert listing(runtime, later).renewal_asked_at == NOW + timedelta(hours=3)


def test_renewal_question_reaches_the_simulator_inbox(chat, runtime):
    didi = registered(chat, "didi1")
    now = utcnow()
    ident = add_listing(runtime, "didi1", "makhana", 50, 700, created=now - timedelta(days=170),
                        expires=now + timedelta(hours=1))
    assert lifecycle.ask_renewals(runtime, now) == 1
    question = didi.inbox()[-1]
    assert question["text"].startswith(f"⏰ L-{ident} मखाना · 50 किलो ")
    assert [o["label"] for o in question["options"]] == ["बढ़ाएं", "बिक गया", "हटाएं"]


def test_expire_closes_what_ran_out_once(chat, runtime):
    registered(chat, "didi1")
    registered(chat, "buyer1", role="खरीदार")
    gone = add_listing(runtime, "didi1", created=NOW - timedelta(days=30), expires=NOW - timedelta(minutes=1))
    live = add_listing(runtime, "didi1", created=NOW - timedelta(days=30), expires=NOW + timedelta(minutes=1))
    sold = add_listing(runtime, "didi1", status=ListingStatus.SOLD, created=NOW - timedelta(days=30),
                       expires=NOW - timedelta(days=1))
    old_demand = add_demand(runtime, "buyer1", created=NOW - timedelta(days=15), expires=NOW - timedelta(hours=1))
    open_demand = add_demand(runtime, "buyer1", created=NOW, expires=NOW + timedelta(days=14))
    closed = add_demand(runtime, "buyer1", status=DemandStatus.CLOSED, created=NOW - timedelta(days=15),
                        expires=NOW - timedelta(days=1))

    assert lifecycle.expire(runtime, NOW) == 2
    assert listing(runtime, gone).status == ListingStatus.EXPIRED
    assert listing(runtime, live).status == ListingStatus.ACTIVE
    assert listing(runtime, sold).status == ListingStatus.SOLD
    assert demand(runtime, old_demand).status == DemandStatus.EXPIRED
    assert demand(runtime, open_demand).status == DemandStatus.OPEN
    assert demand(runtime, closed).status == DemandStatus.CLOSED
    assert lifecycle.expire(runtime, NOW) == 0  # idempotent
    assert lifecycle.expire(runtime, NOW + timedelta(minutes=2)) == 1  # `live` has run out now
    assert listing(runtime, live).status == ListingStatus.EXPIRED


def test_didi_renews_from_the_question_by_tap_or_by_number(chat, runtime, wired):
    didi = registered(chat, "didi1")
    now = utcnow()
    tapped = add_listing(runtime, "didi1", "makhana", 50, 700, created=now - timedelta(days=170),
                         expires=now + timedelta(hours=2))
    lifecycle.ask_renewals(runtime, now)
    question = didi.inbox()[-1]
    didi.say(button=question["options"][0]["value"])
    days = catalog.product("makhana").fresh_days
    assert f"✅ L-{tapped} मखाना अब" in didi.text and f"({days} दिन)" in didi.text
    renewed = listing(runtime, tapped)
    assert renewed.renewal_asked_at is None and renewed.status == ListingStatus.ACTIVE
    assert abs(renewed.expires_at - (utcnow() + timedelta(days=days))) < timedelta(minutes=5)

    typed = add_listing(runtime, "didi1", "milk", 20, 45, created=now - timedelta(hours=20),
                        expires=now + timedelta(hours=4))
    lifecycle.ask_renewals(runtime, now)
    assert f"L-{typed} दूध" in didi.inbox()[-1]["text"]
    didi.say("1")  # WhatsApp: the number of the question's first option
    assert f"✅ L-{typed} दूध अब" in didi.text
    assert listing(runtime, typed).expires_at > utcnow() + timedelta(hours=23)


def test_didi_answers_sold_or_withdraw_to_the_question(chat, runtime, wired):
    didi = registered(chat, "didi1")
    now = utcnow()
    first = add_listing(runtime, "didi1", "makhana", created=now - timedelta(days=170), expires=now + timedelta(hours=2))
    lifecycle.ask_renewals(runtime, now)
    assert f"L-{first} मखाना" in didi.inbox()[-1]["text"]  # a number answers what she has seen
    didi.say("2")
    assert listing(runtime, first).status == ListingStatus.SOLD
    second = add_listing(runtime, "didi1", "honey", created=now - timedelta(days=170), expires=now + timedelta(hours=2))
    lifecycle.ask_renewals(runtime, now)
    didi.say(button=didi.inbox()[-1]["options"][2]["value"])
    assert listing(runtime, second).status == ListingStatus.WITHDRAWN
    assert "हटा दिया" in didi.text


def test_a_listing_that_expired_before_the_answer_can_still_be_renewed(chat, runtime, wired):
    didi = registered(chat, "didi1")
    now = utcnow()
    ident = add_listing(runtime, "didi1", "makhana", created=now - timedelta(days=181), expires=now - timedelta(hours=1),
                        status=ListingStatus.EXPIRED, asked=now - timedelta(hours=20))
    didi.say(button=f"mine:renew:L-{ident}")
    assert f"✅ L-{ident} मखाना अब" in didi.text
    assert listing(runtime, ident).status == ListingStatus.ACTIVE
    didi.say(button=f"mine:sold:L-{ident}")
    assert listing(runtime, ident).status == ListingStatus.SOLD
    didi.say(button=f"mine:renew:L-{ident}")  # sold is final
    assert didi.text.startswith(NOT_FOUND_HI) and listing(runtime, ident).status == ListingStatus.SOLD


# --- reading what is typed (no router needed) ------------------------------------------------------
@pytest.mark.parametrize("typed, code", [("L-12", "L-12"), ("l 12", "L-12"), ("d-7", "D-7"), (" D7 ", "D-7"),
                                         ("L-१२", "L-12"), ("L–12", "L-12"), ("12", None), ("X-12", None),
                                         ("L-12 makhana", None), ("", None)])
def test_parse_code(typed, code):
    assert mine.parse_code(typed) == code


@pytest.mark.parametrize("typed, amount", [("40", "40"), ("४०", "40"), ("1,200", "1200"), ("2.5", "2.5"),
                                           ("2 quintal", "200"), ("2 क्विंटल", "200"), ("40 किलो", "40"),
                                           ("bahut", None), ("5 litre", None)])
def test_read_quantity_in_the_items_unit(typed, amount):
    item = Listing(product="makhana", unit="kg", quantity=Decimal(50))
    got = draft.read_quantity(item, typed)
    assert (got if got is None else got.normalize()) == (None if amount is None else Decimal(amount).normalize())


@pytest.mark.parametrize("typed, amount", [("700", "700"), ("₹700", "700"), ("७००", "700"), ("Rs. 650", "650"),
                                           ("700 rupaye kilo", "700"), ("7000 rupaye quintal", "70"),
                                           ("sasta", None)])
def test_read_price_per_the_items_unit(typed, amount):
    item = Listing(product="makhana", unit="kg", quantity=Decimal(50))
    got = draft.read_price(item, typed)
    assert (got if got is None else got.normalize()) == (None if amount is None else Decimal(amount).normalize())


def test_a_question_pushed_while_she_types_a_value_waits_until_she_is_done(chat, runtime, wired):
    """On WhatsApp "2" means option 2 of the last message she saw: an alert must not take it over."""
    didi = registered(chat, "didi1")
    now = utcnow()
    honey = add_listing(runtime, "didi1", "honey", 20, 400)
    due = add_listing(runtime, "didi1", "makhana", created=now - timedelta(days=170), expires=now + timedelta(hours=2))
    didi.say(button=f"mine:qty:L-{honey}")
    lifecycle.ask_renewals(runtime, now)
    assert f"L-{due}" not in didi.inbox()[-1]["text"]  # held while she is asked for a quantity
    didi.say("2")
    assert listing(runtime, honey).quantity == 2 and listing(runtime, due).status == ListingStatus.ACTIVE
    assert f"L-{due} मखाना" in didi.last[-1]["text"]  # released right after her answer
    didi.say("2")  # now "2" answers the renewal question: sold
    assert listing(runtime, due).status == ListingStatus.SOLD


def test_replies_are_not_held_behind_a_waiting_alert(chat, runtime, wired):
    didi = registered(chat, "didi1")
    now = utcnow()
    honey = add_listing(runtime, "didi1", "honey", 20, 400)
    add_listing(runtime, "didi1", "makhana", created=now - timedelta(days=170), expires=now + timedelta(hours=2))
    didi.say(button=f"mine:price:L-{honey}")
    lifecycle.ask_renewals(runtime, now)
    didi.say("bahut")  # not a price: asked again, at once
    assert "भाव" in didi.text
