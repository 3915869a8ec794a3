"""The outbox at the platforms' limits, through the real python-telegram-bot and twilio clients
against stand-ins that enforce limits, answer slowly, and return 429/5xx/403/21610/401.

Each test here failed on the dispatcher before the rebuild (one row after another, no pacing,
a 429 counted as a failed attempt, `now` fixed for a whole pass, 21610 only 'unreachable',
Twilio 401 burning the message)."""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from bot import outbox
from bot.config import SendingSettings, TelegramSettings, TwilioSettings
from bot.dispatcher import CHAT_RATE
from bot.messages import Outgoing
from bot.runtime import Runtime
from models import OutboxKind, OutboxMessage, OutboxStatus, User, utcnow
from tests.live import FROM, PUBLIC, SECRET, TW_SID, TW_TOKEN
from tests.standins import TELEGRAM_TOKEN, telegram_standin, twilio_standin


@pytest.fixture(scope="module")
def server():
    """A stand-in server that answers requests concurrently, like the platforms do."""
    srv = HTTPServer(threaded=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def make(settings, server):
    """make(**sending overrides) -> (runtime, telegram stand-in, twilio stand-in)."""
    built = []

    def build(token: str = TELEGRAM_TOKEN, tw_token: str = TW_TOKEN, **sending):
        server.clear()
        tg = telegram_standin(server)
        tw = twilio_standin(server, account_sid=TW_SID, auth_token=TW_TOKEN)
        s = replace(
            settings, public_base_url=PUBLIC,
            sending=replace(SendingSettings(), **{"telegram_per_chat": "1000/second", **sending}),
            telegram=TelegramSettings(token=token, webhook_secret=SECRET, api_base_url=tg.base_url),
            twilio=TwilioSettings(account_sid=TW_SID, auth_token=tw_token, whatsapp_from=FROM, api_base_url=tw.base_url),
        )
        rt = Runtime.build(s)
        built.append(rt)
        return rt, tg, tw

    yield build
    for rt in built:
        rt.close()


def queue(rt, channel: str, addresses, *, kind: str = OutboxKind.PUSH, text: str = "सूचना", user=None,
          priority: int | None = None, **payload) -> list[int]:
    with rt.db.session() as session:
        rows = []
        for address in addresses:
            row = outbox.enqueue(session, channel, str(address), Outgoing(text), user=user, kind=kind)
            row.payload = {**row.payload, **payload}
            if priority is not None:
                row.priority = priority
            rows.append(row)
        session.flush()
        return [r.id for r in rows]


def rows(rt, ids) -> list[OutboxMessage]:
    with rt.db.sessions() as session:
        return [session.get(OutboxMessage, i) for i in ids]


def busiest_second(times: list[float]) -> int:
    """The most arrivals within any 1-second window."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while times[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


# --- pacing ------------------------------------------------------------------------------------
def test_a_burst_to_many_chats_is_paced_to_the_limit_and_gets_no_429(make):
    # The stand-ins allow a little more than we pace to: the machine running the tests is shared,
    # and scheduling jitter is no part of this test (bench/broadcast_bench.py measures the rate).
    rt, tg, tw = make(telegram_rate="20/second", whatsapp_rate="20/second")
    tg.enforce(per_second=30, retry_after=10)
    tw.enforce(per_second=30)
    arrivals: list[float] = []
    tg.behaviour.latency = tw.behaviour.latency = (0.1, 0.3)
    original = tg.behaviour.over_limit

    def counted(address, lock):
        arrivals.append(time.monotonic())
        return original(address, lock)

    tg.behaviour.over_limit = counted
    tg_ids = queue(rt, "telegram", range(1000, 1050))
    wa_ids = queue(rt, "whatsapp", [f"whatsapp:+9198000{i:05d}" for i in range(50)])
    rt.dispatcher.run_once()
    assert tg.http_429 == 0 and tw.http_429 == 0
    assert busiest_second(arrivals) <= 30  # unpaced, the same burst arrives at over 100/s
    assert Counter(tg.delivered_to()) == Counter(str(a) for a in range(1000, 1050))
    assert len(set(tw.delivered_to())) == len(tw.delivered_to()) == 50
    assert {r.status for r in rows(rt, tg_ids + wa_ids)} == {OutboxStatus.SENT}


def test_pushes_to_one_chat_keep_its_own_rate_and_a_group_its_per_minute_rate(make):
    rt, tg, _ = make(telegram_per_chat="1/second", telegram_per_group="3/minute")
    tg.enforce(per_second=30, per_chat=1, per_group_minute=3)
    chat = queue(rt, "telegram", ["4444"] * 3)
    group = queue(rt, "telegram", ["-1001234"] * 5)
    reply = queue(rt, "telegram", ["4444"], kind=OutboxKind.REPLY, text="जवाब")
    rt.dispatcher.run_once()
    assert tg.http_429 == 0
    assert tg.delivered_to().count("-1001234") == 3
    assert [r.status for r in rows(rt, group)] == [OutboxStatus.SENT] * 3 + [OutboxStatus.PENDING] * 2
    waiting = rows(rt, group)[3]
    assert waiting.error == CHAT_RATE and waiting.attempts == 0
    assert waiting.next_attempt_at > utcnow() + timedelta(seconds=50)  # the group's minute, not a retry
    # the reply to someone chatting goes first and is never held; her pushes follow a second apart
    assert rows(rt, reply)[0].status == OutboxStatus.SENT
    assert [(r.status, r.error) for r in rows(rt, chat)][0] == (OutboxStatus.PENDING, CHAT_RATE)
    time.sleep(1.1)
    rt.dispatcher.run_once()
    assert [r.status for r in rows(rt, chat)] == [OutboxStatus.SENT, OutboxStatus.PENDING, OutboxStatus.PENDING]
    assert tg.http_429 == 0


def test_passed_chat_windows_are_forgotten_so_a_broadcast_does_not_slow_the_pacer(settings):
    # limits' memory storage kept an entry per chat ever sent to and scanned them all every 10 ms:
    # after a notice to 10,000 chats that cost a fifth of a core for good
    from bot.sending.pacing import Pacer

    pacer = Pacer(replace(settings, sending=replace(SendingSettings(), telegram_per_chat="1/second")))
    try:
        for chat in range(500):
            assert pacer.take_chat("telegram", str(chat), must=False) == 0
        assert pacer.take_chat("telegram", "7", must=False) > 0  # its window is still running
        time.sleep(1.1)
        assert pacer.take_chat("telegram", "7", must=False) == 0
        assert len(pacer.storage.events) <= 2  # "7" (running again) and at most the one being cleared
        assert pacer.take_chat("telegram", "7", must=False) > 0  # ... and still keeps its rate
    finally:
        pacer.reset()


def test_a_reply_overtakes_a_broadcast_in_progress(make):
    rt, tg, _ = make(telegram_rate="20/second")
    tg.enforce(per_second=30)
    tg.behaviour.latency = (0.1, 0.3)
    queue(rt, "telegram", range(2000, 2100), priority=20, broadcast=True)
    rt.dispatcher.start()
    try:
        time.sleep(1.0)
        queue(rt, "telegram", ["5555"], kind=OutboxKind.REPLY, text="आपका जवाब")
        queued = time.monotonic()
        rt.dispatcher.wake()
        while "5555" not in tg.delivered_to() and time.monotonic() - queued < 10:
            time.sleep(0.05)
        waited = time.monotonic() - queued
        position = tg.delivered_to().index("5555")
    finally:
        rt.dispatcher.stop()
    assert waited < 3, f"the reply waited {waited:.1f}s behind the broadcast"
    assert position < 60  # well before the 100 notices were through
    assert tg.http_429 == 0


# --- slow chats ----------------------------------------------------------------------------------
def test_slow_chats_stall_nobody_and_are_delivered_once(make):
    rt, tg, tw = make(send_timeout_seconds=6.0)
    slow = [str(9000 + i) for i in range(6)]
    tg.behaviour.slow = {chat: 3.0 for chat in slow}
    slow_ids = queue(rt, "telegram", slow, kind=OutboxKind.REPLY)
    rt.dispatcher.start()
    try:
        time.sleep(0.3)  # the six slow calls are in flight
        started = time.monotonic()
        queue(rt, "telegram", ["1111111"], kind=OutboxKind.REPLY, text="तुरंत")
        queue(rt, "whatsapp", ["whatsapp:+919812345678"], kind=OutboxKind.REPLY, text="तुरंत")
        rt.dispatcher.wake()
        while not ("1111111" in tg.delivered_to() and tw.delivered_to()) and time.monotonic() - started < 10:
            time.sleep(0.05)
        quick = time.monotonic() - started
        time.sleep(4)  # the slow calls finish
    finally:
        rt.dispatcher.stop()
    assert quick < 2.5, f"normal replies waited {quick:.1f}s behind slow chats"
    assert Counter(tg.delivered_to())[slow[0]] == 1 and all(tg.delivered_to().count(c) == 1 for c in slow)
    assert all(len(tg.calls_to("sendMessage")) and r.status == OutboxStatus.SENT for r in rows(rt, slow_ids))
    assert sum(1 for c in tg.calls_to("sendMessage") if c.params["chat_id"] in slow) == 6  # never re-sent


# --- 429 ----------------------------------------------------------------------------------------
def test_a_429_is_waited_out_and_never_counts_as_a_failed_attempt(make):
    rt, tg, _ = make()
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=6)
    (ident,) = queue(rt, "telegram", ["3333"], kind=OutboxKind.REPLY, text="आपका जवाब")
    for _ in range(7):  # more 429s than max_attempts (5)
        while (pause := rt.dispatcher.pacer.paused_for("telegram")) > 0:
            time.sleep(pause)
        row = rows(rt, [ident])[0]
        rt.dispatcher.run_once(now=max(row.next_attempt_at, utcnow()))
    row = rows(rt, [ident])[0]
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert len(tg.calls_to("sendMessage")) == 7
    assert tg.delivered_to() == ["3333"]


def test_a_429_wait_counts_from_when_it_arrived_not_from_the_start_of_the_pass(make):
    rt, tg, _ = make()
    tg.behaviour.slow = {"3434": 1.5}
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    (ident,) = queue(rt, "telegram", ["3434"], kind=OutboxKind.REPLY)
    began = utcnow()
    rt.dispatcher.run_once()
    row = rows(rt, [ident])[0]
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert row.next_attempt_at >= began + timedelta(seconds=3.5)  # 1.5 s answering + the 2 s asked


def test_a_429_pauses_the_channel_for_the_time_asked(make):
    rt, tg, tw = make()
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    queue(rt, "telegram", ["6001"], kind=OutboxKind.REPLY)
    rt.dispatcher.run_once()
    assert 0 < rt.dispatcher.pacer.paused_for("telegram") <= 5
    later = queue(rt, "telegram", ["6002", "6003"], kind=OutboxKind.REPLY)
    wa = queue(rt, "whatsapp", ["whatsapp:+919800000001"], kind=OutboxKind.REPLY)
    rt.dispatcher.run_once()
    assert rt.dispatcher.pacer.paused_for("whatsapp") == 0
    assert tw.delivered_to() == ["whatsapp:+919800000001"] and rows(rt, wa)[0].status == OutboxStatus.SENT
    # nothing more went to Telegram during the pause, and nothing was lost
    assert len(tg.calls_to("sendMessage")) == 1
    assert {r.status for r in rows(rt, later)} == {OutboxStatus.PENDING} and {r.attempts for r in rows(rt, later)} == {0}


def test_a_429_holds_back_the_sends_already_handed_to_the_sender(make):
    # Paced sends are handed to the sender's event loop a little before their time (pump.LEAD_SECONDS).
    # The first one's 429 comes back (60 ms) after the second was handed over and before its time:
    # the second must not reach Telegram during the pause either, and nothing is lost.
    rt, tg, _ = make(telegram_rate="10/second")
    tg.behaviour.slow["6101"] = 0.06
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    ids = queue(rt, "telegram", ["6101", "6102", "6103"])
    rt.dispatcher.run_once()
    assert [c.params["chat_id"] for c in tg.calls_to("sendMessage")] == ["6101"]
    assert {(r.status, r.attempts) for r in rows(rt, ids)} == {(OutboxStatus.PENDING, 0)}


# --- who is gone, who is not ---------------------------------------------------------------------
def _user(rt, channel: str, address: str) -> int:
    with rt.db.session() as session:
        user = User(channel=channel, address=address, onboarded=True, last_inbound_at=utcnow())
        session.add(user)
        session.flush()
        return user.id


def _get_user(rt, ident) -> User:
    with rt.db.sessions() as session:
        return session.get(User, ident)


def test_21610_on_a_send_opts_her_out_like_the_status_callback(make):
    rt, _, tw = make()
    address = "whatsapp:+919811111111"
    uid = _user(rt, "whatsapp", address)
    with rt.db.sessions() as session:
        user = session.get(User, uid)
    tw.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    (ident,) = queue(rt, "whatsapp", [address], user=user)
    rt.dispatcher.run_once()
    assert rows(rt, [ident])[0].status == OutboxStatus.FAILED
    assert _get_user(rt, uid).opted_out  # not just 'unreachable' (which her next message resets)
    (second,) = queue(rt, "whatsapp", [address], user=user)
    rt.dispatcher.run_once()
    assert rows(rt, [second])[0].status == OutboxStatus.SKIPPED and len(tw.messages) == 1


def test_telegram_403_blocked_marks_her_unreachable(make):
    rt, tg, _ = make()
    uid = _user(rt, "telegram", "7777")
    with rt.db.sessions() as session:
        user = session.get(User, uid)
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    (ident,) = queue(rt, "telegram", ["7777"], user=user)
    rt.dispatcher.run_once()
    assert rows(rt, [ident])[0].status == OutboxStatus.FAILED
    assert _get_user(rt, uid).unreachable and not _get_user(rt, uid).opted_out


@pytest.mark.parametrize("channel", ["telegram", "whatsapp"])
def test_an_outage_retries_with_backoff_and_opts_nobody_out(make, channel):
    rt, tg, tw = make()
    address = "8888" if channel == "telegram" else "whatsapp:+919822222222"
    uid = _user(rt, channel, address)
    with rt.db.sessions() as session:
        user = session.get(User, uid)
    if channel == "telegram":
        tg.fail_next("sendMessage", 502, "Bad Gateway", times=10)
    else:
        tw.fail_next(503, 20503, "Service Unavailable", times=10)
    (ident,) = queue(rt, channel, [address], user=user)
    waits = []
    for _ in range(5):
        row = rows(rt, [ident])[0]
        if row.status != OutboxStatus.PENDING:
            break
        before = max(row.next_attempt_at, utcnow())
        rt.dispatcher.run_once(now=before)
        after = rows(rt, [ident])[0]
        waits.append((after.next_attempt_at - before).total_seconds())
    row = rows(rt, [ident])[0]
    assert row.status == OutboxStatus.FAILED and row.attempts == rt.settings.outbox_max_attempts
    for waited, backoff in zip(waits, rt.settings.outbox_retry_seconds):  # 5, 30, 120, 600 after each
        assert backoff <= waited < backoff + 5
    user = _get_user(rt, uid)
    assert not user.opted_out and not user.unreachable


def test_a_final_4xx_is_not_retried(make):
    rt, tg, _ = make()
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    (ident,) = queue(rt, "telegram", ["9999"])
    rt.dispatcher.run_once()
    rt.dispatcher.run_once(now=utcnow() + timedelta(hours=1))
    assert rows(rt, [ident])[0].status == OutboxStatus.FAILED and len(tg.calls_to("sendMessage")) == 1


# --- our own credentials -------------------------------------------------------------------------
def test_twilio_refusing_our_credentials_holds_the_channel_and_keeps_the_messages(make, caplog):
    rt, _, tw = make(tw_token="wrong-token")
    ids = queue(rt, "whatsapp", [f"whatsapp:+91980000{i:04d}" for i in range(3)], kind=OutboxKind.REPLY)
    with caplog.at_level(logging.ERROR, logger="bot.dispatcher"):
        rt.dispatcher.run_once()
        rt.dispatcher.run_once()
    assert not tw.accepted
    assert {(r.status, r.attempts) for r in rows(rt, ids)} == {(OutboxStatus.PENDING, 0)}
    assert 50 <= rt.dispatcher.pacer.paused_for("whatsapp") <= 60
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and "credentials" in r.getMessage()]
    assert len(errors) == 1 and "whatsapp" in errors[0].getMessage()
    # the token is fixed and the pause is over: every message goes, none was burned
    fixed = replace(rt.settings, twilio=replace(rt.settings.twilio, auth_token=TW_TOKEN))
    rt2 = Runtime.build(fixed)
    try:
        rt2.dispatcher.run_once(now=utcnow() + timedelta(seconds=61))
    finally:
        rt2.close()
    assert {r.status for r in rows(rt, ids)} == {OutboxStatus.SENT} and len(tw.delivered_to()) == 3


def test_telegram_invalid_token_holds_the_channel_and_keeps_the_message(make, caplog):
    rt, tg, _ = make(token="7000000001:AAwrongTOKEN_0000000000000000000000")
    ids = queue(rt, "telegram", ["1212", "1313"], kind=OutboxKind.REPLY)
    with caplog.at_level(logging.ERROR, logger="bot.dispatcher"):
        rt.dispatcher.run_once()
    assert {(r.status, r.attempts) for r in rows(rt, ids)} == {(OutboxStatus.PENDING, 0)}
    assert rt.dispatcher.pacer.paused_for("telegram") > 50
    assert len([r for r in caplog.records if r.levelno == logging.ERROR and "credentials" in r.getMessage()]) == 1
    assert not tg.accepted


# --- many senders --------------------------------------------------------------------------------
def test_two_dispatchers_never_claim_the_same_row(make):
    from bot.sending.claim import claim

    rt, _, _ = make()
    queue(rt, "telegram", range(100, 160))
    other = Runtime.build(rt.settings, senders={})
    try:
        import threading

        got: list[list[int]] = [[], []]

        def take(i, db):
            for _ in range(10):
                got[i].extend(claim(db, "telegram", utcnow(), 7))

        threads = [threading.Thread(target=take, args=(0, rt.db)), threading.Thread(target=take, args=(1, other.db))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    assert not set(got[0]) & set(got[1])
    assert len(got[0]) + len(got[1]) == 60
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.SENDING)) == 60
