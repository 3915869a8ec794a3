"""The listing cap with her active listings counted in the query that reads her row (one statement
less per message): each sender of a worker's batch gets her own count, and a listing made or one
whose status changed in the same session is counted again."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import event, func, select

from bot import identity, inbox
from bot.inbox import Inbox
from bot.market import deals
from bot.messages import Incoming
from bot.runtime import Runtime
from models import Listing, ListingStatus, OutboxMessage, User, utcnow
from tests.test_market import didi_in

LISTING = {"product": "makhana", "quantity": "10", "unit": "kg", "price": "700"}
AT_CAP_HI = "आपकी 20 लिस्टिंग पहले से चालू हैं"


def listings_for(runtime, address: str, count: int) -> None:
    with runtime.db.session() as session:
        user = session.scalar(select(User).where(User.address == address))
        for _ in range(count):
            deals.create_listing(session, user, LISTING, utcnow())


def test_each_sender_of_a_batch_is_held_to_her_own_count(chat, runtime, settings):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("the inbox queue needs PostgreSQL")
    for user, phone in (("full", "+919811111111"), ("room", "+919822222222")):
        didi_in(chat, user, phone)
    listings_for(runtime, "full", 20)
    listings_for(runtime, "room", 19)
    rt = Runtime.build(replace(settings, inbox=replace(settings.inbox, queue=True, batch_size=5)))
    for user in ("full", "room"):
        assert inbox.store(rt.db, Incoming(channel="simulator", address=user, text="50 kilo makhana hai 700 rupaye kilo"))
    assert Inbox(rt.db, rt.settings).run_once() == 2  # one batch, one session, two counts
    with rt.db.sessions() as session:
        last = {row.address: row.payload["text"] for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}
    assert AT_CAP_HI in last["full"]
    assert "मखाना · 50 किलो · ₹700/किलो" in last["room"] and AT_CAP_HI not in last["room"]
    rt.close()


def test_the_count_read_with_her_row_is_read_again_after_a_change(chat, runtime):
    didi_in(chat, "didi1", "+919811111111")
    listings_for(runtime, "didi1", 3)
    with runtime.db.session() as session:
        user = session.scalar(select(User).where(User.address == "didi1"))
        deals.remember_active_listings(session, user.id, 3)
        assert deals.active_listings(session, user) == 3
        deals.create_listing(session, user, LISTING, utcnow())  # made: counted again
        assert deals.active_listings(session, user) == 4
        deals.remember_active_listings(session, user.id, 4)
        sold = session.scalars(select(Listing).where(Listing.user_id == user.id)).first()
        sold.status = ListingStatus.SOLD  # her status change: counted again, from the database
        session.flush()
        assert deals.active_listings(session, user) == 3
    with runtime.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Listing).where(Listing.status == ListingStatus.ACTIVE)) == 3


def test_at_the_cap_after_withdrawing_one_she_may_list_again(chat, runtime):
    didi = didi_in(chat, "didi1", "+919811111111")
    listings_for(runtime, "didi1", 20)
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert AT_CAP_HI in didi.text
    with runtime.db.sessions() as session:
        code = session.scalars(select(Listing)).first().code
    didi.say(button=f"mine:withdraw:{code}")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    assert "मखाना · 50 किलो · ₹700/किलो" in didi.text


def test_a_batch_reads_and_locks_its_senders_in_one_statement(chat, runtime, settings):
    """No read per message: the worker's batch of four senders locks their rows in one SELECT, and
    each still gets her own card, held to her own count."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("the inbox queue needs PostgreSQL")
    didis = [f"didi{n}" for n in range(4)]
    for n, user in enumerate(didis):
        didi_in(chat, user, f"+91981111111{n}")
    listings_for(runtime, "didi3", 20)
    rt = Runtime.build(replace(settings, inbox=replace(settings.inbox, queue=True, batch_size=5)))
    for user in didis:
        assert inbox.store(rt.db, Incoming(channel="simulator", address=user, text="50 kilo makhana hai 700 rupaye kilo"))
    locks = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT") and "FOR NO KEY UPDATE OF users" in statement:
            locks.append(statement)

    event.listen(rt.db.engine, "before_cursor_execute", seen)
    try:
        assert Inbox(rt.db, rt.settings).run_once() == 4
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", seen)
    assert len(locks) == 1
    with rt.db.sessions() as session:
        last = {row.address: row.payload["text"] for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}
    assert all("मखाना · 50 किलो · ₹700/किलो" in last[user] for user in didis[:3])
    assert AT_CAP_HI in last["didi3"]
    rt.close()


def test_a_count_read_for_the_batch_is_not_trusted_after_a_listing_is_made(chat, runtime):
    """Her count read with the batch's senders is stale once a listing was made in the session (her
    other address's message, say): it is read again from the database."""
    didi_in(chat, "didi1", "+919811111111")
    listings_for(runtime, "didi1", 2)
    with runtime.db.session() as session:
        identity.prefetch(session, [("simulator", "didi1"), ("simulator", "nobody")])
        user = session.scalar(select(User).where(User.address == "didi1"))
        deals.create_listing(session, user, LISTING, utcnow())
        found = identity.find_or_create(session, Incoming(channel="simulator", address="didi1", text="hi"), utcnow())
        assert found.user is user
        assert deals.active_listings(session, user) == 3
