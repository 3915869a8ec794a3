"""The inbox (PostgreSQL): webhooks store and answer at once; handler workers take one sender's
messages strictly in order, other senders' in parallel, and take over a crashed worker's rows."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, func, select, text

from bot import inbox
from bot.app import create_app
from bot.inbox import Inbox
from bot.messages import Incoming
from bot.runtime import Runtime
from models import InboxMessage, InboxStatus, User
from tests.live import tg_post, tg_texts, tg_update

REGISTRATION = ["hi", "2", "1", "Kamla {n}", "patna", "bihta", "Jai Maa {n}"]  # English, didi
NAMES = ["Asha", "Binu", "Chanda", "Devi", "Ela", "Fulo", "Gita", "Hira"]


@pytest.fixture
def queued(settings):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("the inbox queue needs PostgreSQL")
    return replace(settings, inbox=replace(settings.inbox, queue=True, threads=3, batch_size=5, poll_seconds=0.02))


def sim(user: str, text: str) -> Incoming:
    return Incoming(channel="simulator", address=user, text=text)


def test_webhook_stores_once_answers_at_once_and_a_worker_replies(queued, standins, live):
    tg, _ = standins
    rt, _ = live
    rt = Runtime.build(replace(rt.settings, inbox=queued.inbox))
    client = create_app(rt=rt).test_client()
    update = tg_update(text="hi", user_id=424242)
    assert tg_post(client, update).status_code == 200
    assert tg_post(client, update).status_code == 200  # Telegram's retry
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(InboxMessage)) == 1
        assert session.scalar(select(func.count()).select_from(User)) == 0  # not handled in the request
    assert Inbox(rt.db, rt.settings).run_once() == 1
    rt.dispatcher.run_once()
    assert len(tg_texts(tg)) == 1 and "भाषा" in tg_texts(tg)[0] + "Language"
    rt.close()


def registered_users(rt) -> dict[str, tuple]:
    with rt.db.sessions() as session:
        return {u.address: (u.language, u.role, u.name, u.shg_name, u.onboarded) for u in session.scalars(select(User))}


def handle_all(rt, workers: int = 3, rounds: int = 300) -> None:
    """Start `workers` inboxes' threads (as many worker processes would), wait (rounds x 0.05 s at most)
    until no message is pending, stop them."""
    running = [Inbox(rt.db, rt.settings) for _ in range(workers)]
    for w in running:
        w.start()
    pause = threading.Event()
    for _ in range(rounds):
        with rt.db.sessions() as session:
            if not session.scalar(select(func.count()).select_from(InboxMessage)
                                  .where(InboxMessage.status == InboxStatus.PENDING)):
                break
        pause.wait(0.05)
    for w in running:
        w.stop()


def test_each_senders_messages_in_order_across_workers(queued):
    rt = Runtime.build(queued)
    users = [f"didi{n}" for n in range(8)]
    for step in REGISTRATION:  # interleaved, as they arrive
        for n, user in enumerate(users):
            assert inbox.store(rt.db, sim(user, step.format(n=NAMES[n])))
    handle_all(rt)  # three worker processes' worth of threads
    assert registered_users(rt) == {u: ("en", "didi", f"Kamla {NAMES[n]}", f"Jai Maa {NAMES[n]}", True)
                                   for n, u in enumerate(users)}
    rt.close()


def test_a_sender_in_progress_waits_others_go_on_and_a_crashed_worker_is_taken_over(queued):
    rt = Runtime.build(queued)
    for step in REGISTRATION[:2]:
        inbox.store(rt.db, sim("asha", step))
    inbox.store(rt.db, sim("binu", "hi"))
    crashed = create_engine(queued.database_url)  # another worker: it took asha's first message...
    conn = crashed.connect()
    conn.execute(text("SELECT id FROM inbox WHERE address = 'asha' ORDER BY id LIMIT 1 FOR UPDATE"))
    worker = Inbox(rt.db, rt.settings)
    assert worker.run_once() == 1  # binu's: asha's first is held, her second must wait for it
    assert set(registered_users(rt)) == {"binu"}
    conn.close()  # ...and died without committing: its lock goes with its connection
    crashed.dispose()
    assert worker.run_once() == 1 and worker.run_once() == 1 and worker.run_once() == 0
    assert registered_users(rt)["asha"][0] == "en"  # "hi" then "2": in order
    rt.close()


def test_one_senders_long_run_at_the_head_of_the_queue_holds_no_one_back(queued):
    """A batch reads the queue's head (HEAD_PER_ROW x batch rows); when one sender fills it, the
    senders behind her are still found and handled in the same batch, and hers stay in order."""
    rt = Runtime.build(queued)
    run = inbox.HEAD_PER_ROW * queued.inbox.batch_size + 5
    for n in range(run):
        inbox.store(rt.db, sim("chatty", "hi" if n == 0 else "menu"))
    for user in ("asha", "binu"):
        inbox.store(rt.db, sim(user, "hi"))
    worker = Inbox(rt.db, rt.settings)
    assert worker.run_once() == 3  # chatty's first, and the two behind her run
    assert set(registered_users(rt)) == {"chatty", "asha", "binu"}
    with rt.db.sessions() as session:
        pending = session.scalars(select(InboxMessage.address).where(InboxMessage.status == InboxStatus.PENDING)).all()
    assert pending == ["chatty"] * (run - 1)
    rt.close()


def test_a_telegram_update_is_kept_as_it_came_and_the_handler_parses_it(queued, standins, live, caplog):
    """The webhook stores the update's JSON unparsed; the handler reads it. One it cannot read was
    acknowledged and is dropped without a reply; one with a NUL is parsed (and cleaned) at once."""
    tg, _ = standins
    rt, _ = live
    rt = Runtime.build(replace(rt.settings, inbox=queued.inbox))
    client = create_app(rt=rt).test_client()
    readable = tg_update(text="hi", user_id=515151)
    unreadable = tg_update(text="hi", user_id=525252)
    unreadable["message"]["text"] = 5
    with_nul = tg_update(text="hi", user_id=535353)
    with_nul["message"]["from"]["first_name"] = "Su\u0000nita"
    for update in (readable, unreadable, with_nul):
        assert tg_post(client, update).status_code == 200
    with rt.db.sessions() as session:
        stored = {row.address: row.message for row in session.scalars(select(InboxMessage))}
    assert stored["515151"] == {"telegram_update": readable} and stored["525252"] == {"telegram_update": unreadable}
    assert stored["535353"]["name"] == "Sunita Lastname"  # parsed in the request, the NUL taken out
    assert Inbox(rt.db, rt.settings).run_once() == 3
    rt.dispatcher.run_once()
    chats = {str(p["chat_id"]) for p in tg.params("sendMessage")}
    assert chats == {"515151", "535353"}  # the unreadable one is not answered
    assert any("ignored Telegram update" in r.getMessage() for r in caplog.records)
    with rt.db.sessions() as session:
        rows = list(session.scalars(select(InboxMessage)))
        assert {r.status for r in rows} == {InboxStatus.DONE} and all(r.error is None for r in rows)
    rt.close()


def test_one_senders_telegram_updates_in_order_when_stored_as_they_came(queued, standins, live):
    """Registration typed fast by four people on Telegram, all stored unparsed, handled by three workers."""
    rt, _ = live
    rt = Runtime.build(replace(rt.settings, inbox=queued.inbox))
    client = create_app(rt=rt).test_client()
    users = {6060600 + n: NAMES[n] for n in range(4)}
    for step in REGISTRATION:
        for chat, name in users.items():
            assert tg_post(client, tg_update(text=step.format(n=name), user_id=chat)).status_code == 200
    handle_all(rt)
    # (on Telegram the phone step comes next, so none is onboarded yet)
    assert {a: fields[:4] for a, fields in registered_users(rt).items()} == {
        str(chat): ("en", "didi", f"Kamla {name}", f"Jai Maa {name}") for chat, name in users.items()}
    rt.close()


def test_fuzzed_telegram_updates_through_the_queue(queued, standins, live, caplog):
    """The fuzz of tests/test_fuzz_inbound.py with the inbox on: stored as they came (or parsed at
    once), handled by a worker; no 500, no traceback, every readable message answered."""
    from hypothesis import given, strategies as st

    from tests.test_fuzz_inbound import FUZZ, TELEGRAM_FIXTURES, odd_text, replies_to, telegram_variant, tracebacks

    rt, _ = live
    rt = Runtime.build(replace(rt.settings, inbox=queued.inbox))
    client = create_app(rt=rt).test_client()
    worker = Inbox(rt.db, rt.settings)

    @FUZZ
    @given(name=st.sampled_from(TELEGRAM_FIXTURES), text=odd_text, first_name=odd_text, data=odd_text)
    def check(name, text, first_name, data):
        update, chat, readable = telegram_variant(name, text, first_name, data)
        assert tg_post(client, update).status_code == 200
        while worker.run_once():
            pass
        assert tracebacks(caplog) == []
        if readable:
            assert replies_to(rt, str(chat)) > 0

    check()
    rt.close()


def test_a_handler_failing_in_a_batch_is_her_apology_and_the_rest_of_the_batch_is_handled(queued, monkeypatch):
    """A batch is handled without a savepoint per message; when one handler fails, the batch is
    handled again one message at a time: her half-made changes are gone, she gets the apology,
    the others get their answers, and every row is done (hers with the error)."""
    from bot import router
    from models import Conversation, OutboxMessage

    real = router.converse

    def fails_for_u2(ctx):
        real(ctx)
        if ctx.msg.address == "u2":
            ctx.user.name = "half-done"  # written before the failure: must not be kept
            raise RuntimeError("a bug")

    monkeypatch.setattr(router, "converse", fails_for_u2)  # fault injection: the safety net under test
    rt = Runtime.build(queued)
    for user in ("u1", "u2", "u3", "u4"):
        assert inbox.store(rt.db, sim(user, "hi"))
    assert Inbox(rt.db, rt.settings).run_once() == 4
    with rt.db.sessions() as session:
        replies = {row.address: row.payload["text"] for row in session.scalars(select(OutboxMessage))}
        rows = {row.address: (row.status, row.error) for row in session.scalars(select(InboxMessage))}
        half_done = session.scalar(select(User).where(User.name == "half-done"))
        steps = len(session.scalars(select(Conversation)).all())
    assert replies["u2"].startswith("माफ़ कीजिए") and "Sorry, something went wrong" not in replies["u1"]
    assert all("भाषा" in replies[u] and "माफ़" not in replies[u] for u in ("u1", "u3", "u4"))
    assert rows["u2"][0] == InboxStatus.DONE and "RuntimeError: a bug" in rows["u2"][1]
    assert all(rows[u] == (InboxStatus.DONE, None) for u in ("u1", "u3", "u4"))
    assert half_done is None and steps == 3  # what her handler wrote before failing was not kept, nor her step
    rt.close()


def test_what_waited_for_each_sender_of_a_batch_is_released_in_the_same_pass(queued):
    """Pushes held for WhatsApp's window, or while she answered a step, go out once she writes:
    for every sender of a batch, released together (held-for-a-step ones only if she is not in one now)."""
    from datetime import timedelta

    from bot import outbox
    from bot.messages import Outgoing
    from models import OutboxKind, OutboxMessage, OutboxStatus, utcnow

    rt = Runtime.build(queued)
    users = ["didi0", "didi1", "didi2"]
    for step in REGISTRATION:
        for n, user in enumerate(users):
            assert inbox.store(rt.db, sim(user, step.format(n=NAMES[n])))
    handle_all(rt)
    later = utcnow() + timedelta(days=1)
    with rt.db.sessions() as session:
        for user in session.scalars(select(User)):
            for reason in (outbox.OUTSIDE_WINDOW, outbox.WAITING):
                row = outbox.push(session, user, Outgoing(text=f"alert for {user.address}: {reason}"), not_before=later)
                row.error = reason
        session.commit()
    inbox.store(rt.db, sim("didi0", "menu"))  # a finished answer: both of hers go
    inbox.store(rt.db, sim("didi1", "sell"))  # she is in a step now: only the window's goes
    assert Inbox(rt.db, rt.settings).run_once() == 2
    with rt.db.sessions() as session:
        held = {(r.address, r.error): r.next_attempt_at < later for r in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.PUSH, OutboxMessage.status == OutboxStatus.PENDING))}
    assert held == {("didi0", outbox.OUTSIDE_WINDOW): True, ("didi0", outbox.WAITING): True,
                    ("didi1", outbox.OUTSIDE_WINDOW): True, ("didi1", outbox.WAITING): False,
                    ("didi2", outbox.OUTSIDE_WINDOW): False, ("didi2", outbox.WAITING): False}
    rt.close()
