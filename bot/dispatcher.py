"""Sends due outbox rows through their channel's sender, at the platform's limits, once each,
recording every outcome.

Each channel has a pump (bot/sending/pump.py) that claims a few due rows at a time, replies
first; this module decides what each row needs (skip, wait, a template, send) and what each
outcome means (sent, retry with backoff, wait out a 429, hold the channel, give up). Rows are
claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL and a compare-and-set on SQLite, so several
dispatchers (the `serve` thread and a simulator request, or several workers) never send the
same row twice."""
from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, object_session

from models import OutboxKind, OutboxMessage, OutboxStatus, User, utcnow

from . import metrics, outbox, window
from .channels.base import Sender
from .config import Settings
from .db import Database
from .market import photos
from .messages import Outgoing, SendResult
from .sending import tier
from .sending.claim import requeue_stale
from .sending.pacing import Pacer, is_group
from .sending.pump import Pump, Send

log = logging.getLogger(__name__)

CHAT_RATE = "waiting: the chat's own rate"
CHANNEL_PAUSED = "waiting: the channel is paused"
NEEDS_TEMPLATE = "needs a template: outside WhatsApp's 24-hour window and the notice has none"


class Dispatcher:
    def __init__(self, db: Database, settings: Settings, senders: dict[str, Sender]) -> None:
        self.db, self.settings, self.senders = db, settings, senders
        self.pacer = Pacer(settings)
        sending = settings.sending
        concurrency = {"telegram": sending.telegram_concurrency, "whatsapp": sending.whatsapp_concurrency}
        self.concurrency = {name: concurrency.get(name, 8) for name in senders}
        # blocking calls (Twilio sends, Telegram button answers, the simulator) run on a bounded pool
        self.pools = {name: concurrent.futures.ThreadPoolExecutor(self.concurrency[name], f"send-{name}")
                      for name in senders}
        self._alarmed: set[str] = set()  # channels whose credentials were refused (logged once)
        self._stop = threading.Event()
        self._pumps: dict[str, Pump] = {}
        self._thread: threading.Thread | None = None
        self._running = False

    def pump(self, channel: str) -> Pump:
        return Pump(self, channel, self.concurrency[channel], self.pools[channel])

    # --- one pass -------------------------------------------------------------------------
    def run_once(self, *, channel: str | None = None, now: datetime | None = None) -> int:
        """Send every row due now (optionally of one channel) and wait for the outcomes; returns
        how many rows were attempted. `now` (tests) moves the clock; it still runs while we wait."""
        start, began = now or utcnow(), time.monotonic()

        def clock() -> datetime:
            return start + timedelta(seconds=time.monotonic() - began)

        requeue_stale(self.db, clock(), self.settings.outbox_stale_sending_seconds)
        return sum(self.pump(name).drain(clock) for name in self.senders if channel in (None, name))

    # --- deciding --------------------------------------------------------------------------
    def prepare(self, ids: list[int], now: datetime) -> list[Send]:
        """Claimed rows -> what goes out now. The rest are decided here (skipped, failed, held)."""
        sends: list[Send] = []
        room: list[int] = []  # Meta's tier room, looked up once per batch when a notice needs it
        with self.db.session() as session:
            loaded, users = self._load(session, ids)
            for row_id in ids:
                row = loaded.get(row_id)
                if row is None:
                    continue
                user = users.get(row.user_id) if row.user_id else None
                send = self._decide(session, row, user, now, room)
                if send is not None:
                    sends.append(send)
        return sends

    @staticmethod
    def _load(session: Session, ids) -> tuple[dict[int, OutboxMessage], dict[int, User]]:
        """A batch of rows and their users, in two queries."""
        rows = {row.id: row for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)))}
        user_ids = {row.user_id for row in rows.values() if row.user_id}
        users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
        return rows, users

    def _decide(self, session: Session, row: OutboxMessage, user: User | None, now: datetime,
                room: list[int]) -> Send | None:
        if "callback_answer" in row.payload:
            return Send(row.id, row.address, callback=row.payload["callback_answer"], must=True)
        if row.kind != OutboxKind.REPLY and user is not None and (user.opted_out or user.unreachable):
            row.status, row.error = OutboxStatus.SKIPPED, "opted out" if user.opted_out else "unreachable"
            return None
        if row.kind == OutboxKind.TEMPLATE and user is not None and window.answered(user, row):
            row.status, row.error = OutboxStatus.SKIPPED, "not needed: she wrote, the window is open"
            return None
        message = Outgoing.from_payload(row.payload)
        if row.kind == OutboxKind.TEMPLATE:
            row.opens_conversation = True
        if row.kind == OutboxKind.PUSH and user is not None and window.closed(user, now, self.settings):
            if row.payload.get("broadcast"):
                return self._notice_outside_window(session, row, message, now, room)
            until = self._window_reopens(session, row, user, now)
            if until is None:
                row.status, row.error = OutboxStatus.FAILED, "not sent: outside WhatsApp's 24-hour window" + (
                    "" if self.settings.whatsapp_window.reopen_template else " and no template configured")
                return None
            self._hold(row, outbox.OUTSIDE_WINDOW, until)
            return None
        if self._must_wait(session, row, now):
            self._hold(row, outbox.WAITING, now + timedelta(seconds=self.settings.outbox_hold_push_seconds))
            return None
        if message.photo:
            message.photo = photos.resolve(session, self.settings, message.photo, row.channel)
        if message.document:  # a notice's or an event's PDF uploaded in the chat ("media:<id>")
            message.document = photos.resolve(session, self.settings, message.document, row.channel)
        return Send(row.id, row.address, message, must=row.kind == OutboxKind.REPLY,
                    plain=not (row.kind == OutboxKind.PUSH and row.payload.get("options")))

    def _notice_outside_window(self, session: Session, row: OutboxMessage, message: Outgoing, now: datetime,
                               room: list[int]) -> Send | None:
        """A notice to someone who has not written for 24 h goes as its approved template, within
        Meta's daily tier; beyond the tier it waits for room, without a template it fails."""
        fallback = row.payload.get("template_fallback")
        if not fallback or not fallback.get("sid"):
            row.status, row.error = OutboxStatus.FAILED, NEEDS_TEMPLATE
            return None
        if not room:
            room.append(tier.tier_room(session, self.settings, now))
        if room[0] <= 0:
            self._hold(row, tier.WAITING, tier.room_frees_at(session, now))
            return None
        room[0] -= 1
        message.template = fallback
        message.photo = message.document = None  # the approved template is its own text: no "media:" to refuse
        row.opens_conversation = True
        return Send(row.id, row.address, message)

    @staticmethod
    def _hold(row: OutboxMessage, reason: str, until: datetime) -> None:
        """Back to pending without using up an attempt; later rows to the same user wait behind it."""
        metrics.push_held(row, reason)
        row.status, row.attempts, row.error, row.next_attempt_at = OutboxStatus.PENDING, row.attempts - 1, reason, until

    def _window_reopens(self, session, row: OutboxMessage, user: User, now: datetime) -> datetime | None:
        """Outside WhatsApp's window a push waits for her reply (one template asks for it), looked at
        again daily; None when it is too old to send or no template is configured."""
        if window.too_old(row, now, self.settings) or not window.ask_to_reopen(session, user, self.settings):
            return None
        return now + timedelta(days=1)

    def _must_wait(self, session, row: OutboxMessage, now: datetime) -> bool:
        """A push with options would take over the numbers of the question the user is answering."""
        return (row.kind == OutboxKind.PUSH and bool(row.payload.get("options")) and row.user_id is not None
                and outbox.answering_a_step(session, row.user_id, now, self.settings.conversation_expire_minutes))

    def hold_for_chat_rate(self, holds: list[tuple[int, float]], now: datetime) -> None:
        """Rows over their chat's or group's own rate wait until it frees (no attempt used)."""
        with self.db.session() as session:
            for row_id, wait in holds:
                row = session.get(OutboxMessage, row_id)
                if row is not None:
                    self._hold(row, CHAT_RATE, now + timedelta(seconds=wait))

    def release(self, ids: list[int], now: datetime, wait: float) -> None:
        """Claimed rows not started (the channel was paused meanwhile): back to pending as they were."""
        with self.db.session() as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
                status=OutboxStatus.PENDING, attempts=OutboxMessage.attempts - 1, error=CHANNEL_PAUSED,
                next_attempt_at=now + timedelta(seconds=wait)).execution_options(synchronize_session=False))

    def renew(self, ids: list[int], now: datetime) -> None:
        """Rows this process still holds: their claim is fresh (see requeue_stale)."""
        with self.db.session() as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids),
                                                        OutboxMessage.status == OutboxStatus.SENDING)
                            .values(updated_at=now).execution_options(synchronize_session=False))

    # --- outcomes --------------------------------------------------------------------------
    def record_results(self, channel: str, batch: list[tuple[int, SendResult, datetime, bool]]) -> None:
        """Outcomes from the platform, each at the time it arrived, in one transaction. Plain
        successes (the bulk of a broadcast) are one executemany UPDATE, without loading their
        rows; the rest are loaded and go through `record` row by row."""
        plain = [{"row_id": row_id, "provider_id": result.provider_id, "sent_at": at}
                 for row_id, result, at, simple in batch if result.ok and simple]
        rest = [(row_id, result, at) for row_id, result, at, simple in batch if not (result.ok and simple)]
        with self.db.session() as session:
            if rest:
                loaded, users = self._load(session, [row_id for row_id, _, _ in rest])
                for row_id, result, at in rest:
                    row = loaded.get(row_id)
                    if row is None:
                        continue
                    self.record(row, users.get(row.user_id) if row.user_id else None, result, at)
                    if result.ok:
                        outbox.delivered(session, row)
                session.flush()
            if plain:
                metrics.sends_ok(channel, len(plain))
                self._alarmed.discard(channel)
                table = OutboxMessage.__table__
                at = bindparam("sent_at", type_=table.c.sent_at.type)  # stored as naive UTC (models/base.py)
                session.connection().execute(
                    update(table).where(table.c.id == bindparam("row_id"))
                    .values(status=OutboxStatus.SENT, provider_id=bindparam("provider_id"), sent_at=at, error=None,
                            updated_at=at), plain)
                session.expunge_all()  # what the ORM holds of these rows is stale now

    def record(self, row: OutboxMessage, user: User | None, result: SendResult, now: datetime) -> None:
        """Apply a send's outcome (or a later failed status callback) to its row. `now` is when
        the outcome arrived: a 429's wait counts from then."""
        metrics.send_recorded(row, result)
        if result.ok:
            row.status, row.provider_id, row.sent_at, row.error = OutboxStatus.SENT, result.provider_id, now, None
            self._alarmed.discard(row.channel)
            return
        row.error = (result.error or "unknown error")[:500]
        if result.rate_limited:  # waited out, never a failed attempt
            wait = result.retry_after or 1.0
            row.status, row.attempts = OutboxStatus.PENDING, max(row.attempts - 1, 0)
            row.next_attempt_at = now + timedelta(seconds=wait)
            if not is_group(row.channel, row.address):  # a group's 429 is the group's own limit
                self.pacer.pause(row.channel, wait)
            return
        if result.credentials:  # our configuration is wrong: hold the channel, keep the message
            pause = self.settings.sending.credentials_pause_seconds
            row.status, row.attempts = OutboxStatus.PENDING, max(row.attempts - 1, 0)
            row.next_attempt_at = now + timedelta(seconds=pause)
            self.pacer.pause(row.channel, pause)
            if row.channel not in self._alarmed:
                self._alarmed.add(row.channel)
                log.error("%s refused our credentials (%s): sending paused, messages kept; fix the token",
                          row.channel, row.error)
            return
        row.opens_conversation = False
        if result.opted_out and user is not None:
            user.opted_out = True  # STOP sent to the number itself: the same as her STOP to us
        if result.user_gone and user is not None:
            user.unreachable = True
        session = object_session(row)
        if result.window_closed and row.kind == OutboxKind.PUSH and user is not None and session is not None:
            until = self._window_reopens(session, row, user, now)
            if until is not None:  # Twilio saw the window closed before we did: wait for her reply likewise
                row.status, row.error, row.next_attempt_at = OutboxStatus.PENDING, outbox.OUTSIDE_WINDOW, until
                return
        if result.permanent or row.attempts >= self.settings.outbox_max_attempts:
            row.status = OutboxStatus.FAILED
            return
        backoff = self.settings.outbox_retry_seconds
        wait = backoff[min(row.attempts - 1, len(backoff) - 1)] if backoff else 0
        row.status = OutboxStatus.PENDING
        row.next_attempt_at = now + timedelta(seconds=max(wait, result.retry_after or 0))

    # --- background loop ------------------------------------------------------------------
    def wake(self) -> None:
        for pump in self._pumps.values():
            pump.wake.set()

    def run_forever(self) -> None:
        """One pump thread per channel; this thread puts back rows a crashed process left sending."""
        poll = self.settings.outbox_poll_seconds
        self._running = True
        threads = []
        for name in self.senders:
            pump = self._pumps[name] = self.pump(name)
            thread = threading.Thread(target=pump.run, args=(self._stop, poll), name=f"outbox-{name}", daemon=True)
            thread.start()
            threads.append(thread)
        stale = self.settings.outbox_stale_sending_seconds
        while not self._stop.is_set():
            try:
                requeue_stale(self.db, utcnow(), stale)
            except Exception:  # the database may be briefly away; keep the loop alive
                log.exception("outbox housekeeping failed")
            self._stop.wait(max(min(stale / 3, 30), 1))
        for thread in threads:
            thread.join(self.settings.sending.send_timeout_seconds + 10)
        self._shutdown_pools()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="outbox-dispatcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.wake()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.settings.sending.send_timeout_seconds + 15)
        if not self._running:  # else run_forever closes them once its pumps have finished
            self._shutdown_pools()

    def _shutdown_pools(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=False)
