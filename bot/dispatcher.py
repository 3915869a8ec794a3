"""Sends due outbox rows through their channel's sender, once each, recording every outcome.

A row is claimed with a compare-and-set update (pending -> sending), so several dispatchers (the
`serve` thread and a simulator request, or several workers) never send the same row twice."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import aliased, object_session

from models import OutboxKind, OutboxMessage, OutboxStatus, User, utcnow

from . import metrics, outbox, window
from .channels.base import Sender
from .market import photos
from .config import Settings
from .db import Database
from .messages import Outgoing, SendResult

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self, db: Database, settings: Settings, senders: dict[str, Sender]) -> None:
        self.db, self.settings, self.senders = db, settings, senders
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- one pass -------------------------------------------------------------------------
    def run_once(self, *, channel: str | None = None, now: datetime | None = None) -> int:
        """Send every row due now (optionally of one channel); returns how many were attempted."""
        now = now or utcnow()
        self._requeue_stale(now)
        done = 0
        while True:
            ids = self._due_ids(now, channel)
            if not ids:
                return done
            held: set[tuple[str, str]] = set()
            for row_id in ids:
                done += self._send_one(row_id, now, held)
            if len(ids) < self.settings.outbox_batch_size:
                return done

    def _due_ids(self, now: datetime, channel: str | None) -> list[int]:
        earlier = aliased(OutboxMessage)
        # Keep each recipient's messages in order: a row waits while an earlier one is retrying.
        # A held push does not hold back the replies after it.
        blocked = exists().where(
            earlier.channel == OutboxMessage.channel,
            earlier.address == OutboxMessage.address,
            earlier.id < OutboxMessage.id,
            earlier.priority <= OutboxMessage.priority,
            earlier.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            earlier.next_attempt_at > now,
        )
        query = (
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now, ~blocked)
            .order_by(OutboxMessage.priority, OutboxMessage.id)
            .limit(self.settings.outbox_batch_size)
        )
        if channel:
            query = query.where(OutboxMessage.channel == channel)
        with self.db.sessions() as session:
            return list(session.scalars(query))

    def _claim(self, row_id: int, now: datetime) -> bool:
        with self.db.session() as session:
            claimed = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.status == OutboxStatus.PENDING)
                .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1, updated_at=now)
            ).rowcount
        return claimed == 1

    def _send_one(self, row_id: int, now: datetime, held: set[tuple[str, str]]) -> int:
        with self.db.sessions() as session:
            row = session.get(OutboxMessage, row_id)
            if row is None or (row.channel, row.address) in held:
                return 0
        if not self._claim(row_id, now):
            return 0
        with self.db.session() as session:
            row = session.get(OutboxMessage, row_id)
            user = session.get(User, row.user_id) if row.user_id else None
            if row.kind != OutboxKind.REPLY and user is not None and (user.opted_out or user.unreachable):
                row.status, row.error = OutboxStatus.SKIPPED, "opted out" if user.opted_out else "unreachable"
                return 1
            if row.kind == OutboxKind.TEMPLATE and user is not None and window.answered(user, row):
                row.status, row.error = OutboxStatus.SKIPPED, "not needed: she wrote, the window is open"
                return 1
            if row.kind == OutboxKind.PUSH and user is not None and window.closed(user, now, self.settings):
                until = self._window_reopens(session, row, user, now)
                if until is None:
                    row.status, row.error = OutboxStatus.FAILED, "not sent: outside WhatsApp's 24-hour window" + (
                        "" if self.settings.whatsapp_window.reopen_template else " and no template configured")
                    return 1
                self._hold(row, outbox.OUTSIDE_WINDOW, until, held)
                return 1
            if self._must_wait(session, row, now):
                self._hold(row, outbox.WAITING, now + timedelta(seconds=self.settings.outbox_hold_push_seconds), held)
                return 1
            result = self._deliver(row)
            self.record(row, user, result, now)
            if result.ok:
                outbox.delivered(session, row)
            if row.status == OutboxStatus.PENDING:
                held.add((row.channel, row.address))
        return 1

    @staticmethod
    def _hold(row: OutboxMessage, reason: str, until: datetime, held: set[tuple[str, str]]) -> None:
        """Back to pending without using up an attempt; later rows to the same user wait behind it."""
        metrics.push_held(row, reason)
        row.status, row.attempts, row.error, row.next_attempt_at = OutboxStatus.PENDING, row.attempts - 1, reason, until
        held.add((row.channel, row.address))

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

    def _deliver(self, row: OutboxMessage) -> SendResult:
        sender = self.senders.get(row.channel)
        if sender is None:
            return SendResult(ok=False, error=f"channel {row.channel} is not configured", permanent=True)
        try:
            if "callback_answer" in row.payload:
                sender.answer_callback(row.payload["callback_answer"])  # type: ignore[attr-defined]
                return SendResult(ok=True)
            message = Outgoing.from_payload(row.payload)
            if message.photo:
                with self.db.sessions() as session:
                    message.photo = photos.resolve(session, self.settings, message.photo, row.channel)
            return sender.send(row.address, message, outbox_id=row.id)
        except Exception as exc:  # a sender bug is a temporary failure, recorded, never a lost row
            log.exception("sender %s failed on outbox %s", row.channel, row.id)
            return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}")

    def record(self, row: OutboxMessage, user: User | None, result: SendResult, now: datetime) -> None:
        """Apply a send's outcome (or a later failed status callback) to its row."""
        metrics.send_recorded(row, result)
        if result.ok:
            row.status, row.provider_id, row.sent_at, row.error = OutboxStatus.SENT, result.provider_id, now, None
            return
        row.error = (result.error or "unknown error")[:500]
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

    def _requeue_stale(self, now: datetime) -> None:
        """A process that died mid-send leaves rows "sending"; send them again (at least once)."""
        cutoff = now - timedelta(seconds=self.settings.outbox_stale_sending_seconds)
        with self.db.session() as session:
            session.execute(
                update(OutboxMessage)
                .where(and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.updated_at < cutoff))
                .values(status=OutboxStatus.PENDING, updated_at=now)
            )

    # --- background loop ------------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the database may be briefly away; keep the loop alive
                log.exception("dispatcher pass failed")
            self._wake.wait(self.settings.outbox_poll_seconds)
            self._wake.clear()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="outbox-dispatcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)
