"""One channel's sending loop: claim a few due rows (replies first), let the dispatcher decide
what each needs, pace the sends to the channel's, chat's and group's rates, and start them
without waiting, so many platform calls are in flight; outcomes are recorded as they arrive.

A slow call holds one of the channel's `concurrency` slots and nothing else. Rows claimed and not
yet recorded (in flight, paced, or claimed ahead) are at most `concurrency`: all a `kill -9` can
make us send twice. A batch is at most a quarter of it, so the batch being paced and the one
claimed ahead leave room for the calls in flight (`concurrency` must cover rate x latency)."""
from __future__ import annotations

import concurrent.futures
import functools
import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from models import utcnow

from ..messages import Outgoing, SendResult
from .claim import claim
from .pacing import is_group, per_second
from .wire import WireWindow

if TYPE_CHECKING:
    from ..dispatcher import Dispatcher

log = logging.getLogger(__name__)
STEP_SECONDS = 0.5  # a step claims about this much sending: a new reply waits at most about twice that
RECORD_SECONDS = 0.1  # outcomes are recorded together, one transaction for what arrived in this time
LEAD_SECONDS = 0.1  # a paced send is handed to its sender this long before its time, which the
                    # sender's event loop keeps: this thread waking late does not bunch sends
Clock = Callable[[], datetime]


@dataclass
class Send:
    """A claimed row that is to go out now."""

    row_id: int
    address: str
    message: Outgoing | None = None
    callback: str | None = None  # Telegram: answer this button tap instead
    must: bool = False  # a reply: never held back by the chat's own rate
    plain: bool = True  # a success needs only "sent" recorded (not a push whose options she may answer)


class Pump:
    def __init__(self, dispatcher: "Dispatcher", channel: str, concurrency: int,
                 pool: concurrent.futures.ThreadPoolExecutor) -> None:
        self.d, self.channel, self.concurrency, self.pool = dispatcher, channel, concurrency, pool
        self.sender = dispatcher.senders[channel]
        self.results: queue.Queue[tuple[int, SendResult, datetime, bool]] = queue.Queue()
        self._claimed: set[int] = set()  # claimed and not yet finished
        self._lock = threading.Lock()
        self.wake = threading.Event()
        self._warm = False
        rate = dispatcher.pacer.channel_rate.get(channel)
        per_step = math.ceil(per_second(rate) * STEP_SECONDS) if rate else dispatcher.settings.outbox_batch_size
        self.batch = max(1, min(per_step, concurrency // 4))
        margin = dispatcher.settings.sending.rate_margin
        self._wire = WireWindow(rate.amount, rate.get_expiry(), margin) if rate else WireWindow()
        self._next_slot = 0.0
        self._paused_until = 0.0  # monotonic; mirrors the pacer's pause for sends handed ahead

    # --- one step ----------------------------------------------------------------------------
    def step(self, clock: Clock, stop: threading.Event | None = None, created_before: datetime | None = None) -> int:
        """Claim what fits and start sending it; returns how many rows were claimed."""
        claimed, sends = self.fetch(clock, created_before)
        if sends:
            self.send(sends, clock, stop)
        return claimed

    def fetch(self, clock: Clock, created_before: datetime | None = None) -> tuple[int, list[Send]]:
        """Claim up to a step's worth of due rows and decide them: (rows claimed, what to send)."""
        now = clock()
        if self.d.pacer.paused_for(self.channel):
            return 0, []
        room = self.concurrency - self.inflight
        if room < self.batch and self.inflight:  # a whole batch when there is room for one: fewer, larger claims
            return 0, []
        ids = claim(self.d.db, self.channel, now, min(room, self.batch), created_before)
        if not ids:
            return 0, []
        self._add(ids)
        try:
            sends = self.d.prepare(ids, now)
        except BaseException:
            self._done(ids)  # left "sending": put back by the stale sweep
            raise
        self._done(set(ids) - {s.row_id for s in sends})  # decided without sending: skipped, failed, held
        return len(ids), sends

    def send(self, sends: list[Send], clock: Clock, stop: threading.Event | None) -> None:
        """Pace and start each send; rows over their chat's rate wait, a pause puts the rest back."""
        pacer = self.d.pacer
        if not self._warm and hasattr(self.sender, "warm"):
            try:
                self.sender.warm()
            except Exception as exc:  # the sends will say what is wrong
                log.info("%s: warming up failed: %s", self.channel, exc)
            self._warm = True
        holds: list[tuple[int, float]] = []
        for index, send in enumerate(sends):
            wait = pacer.take_chat(self.channel, send.address, must=send.must)
            if wait:
                holds.append((send.row_id, wait))
                continue
            at = self._pace(stop)
            if at is None:  # paused meanwhile (a 429, our credentials), or shutting down
                rest = [s.row_id for s in sends[index:]]
                self.d.release(rest, clock(), pacer.paused_for(self.channel))
                self._done(rest)
                break
            self._start(send, clock, at)
        if holds:
            self.d.hold_for_chat_rate(holds, clock())
            self._done([row_id for row_id, _ in holds])

    def _pace(self, stop: threading.Event | None) -> float | None:
        """Take a send from the channel's rate: the monotonic time it is to leave, or None when
        the channel was paused or we stop.

        Sends are spread evenly, a little under the rate (`outbox.rate_margin`, widened by 429s:
        see `wire`): a burst of N at the start of each second would reach the platform bunched by
        network jitter and overlap the next second's burst in its window. Each is taken
        LEAD_SECONDS before its time and timed by the sender's event loop, so the gap between our
        count and the platform's is the same for every send, whenever this thread runs."""
        while True:
            if self.d.pacer.paused_for(self.channel) or (stop is not None and stop.is_set()):
                return None
            now = time.monotonic()
            early = self._next_slot - LEAD_SECONDS - now
            if early > 0:
                time.sleep(min(early, 0.05))
                continue
            wait = self.d.pacer.take(self.channel)
            if not wait:
                at = max(self._next_slot, now)
                self._next_slot = at + self._wire.interval
                return at
            time.sleep(min(wait, 0.05))

    def _start(self, send: Send, clock: Clock, at: float | None = None) -> None:
        if send.callback is not None:
            future = self.pool.submit(self._answer, send.callback)
        elif hasattr(self.sender, "submit"):  # many requests in flight on the sender's event loop
            future = self.sender.submit(send.address, send.message, outbox_id=send.row_id,
                                        gate=functools.partial(self._wire.turn, at, self._held))
        else:
            future = self.pool.submit(self.sender.send, send.address, send.message, outbox_id=send.row_id)
        future.add_done_callback(lambda f: self._arrived(send, _outcome(f), clock()))

    def _held(self) -> float:
        """Seconds this process knows the channel is paused for (asked by sends about to leave)."""
        return max(self._paused_until - time.monotonic(), 0.0)

    def _arrived(self, send: Send, result: SendResult, at: datetime) -> None:
        """An outcome, as it arrives: a 429 or refused credentials pause the channel at once (the
        sends not yet started, or handed ahead to the sender, wait); the row is recorded by
        whoever drains `results`."""
        pause = 0.0
        if result.rate_limited and not is_group(self.channel, send.address):
            pause = result.retry_after or 1.0
            if not result.held_back:  # the platform's 429, not a send we held back ourselves
                self._wire.widen(time.monotonic())
        elif result.credentials:
            pause = self.d.settings.sending.credentials_pause_seconds
        if pause:
            self._paused_until = max(self._paused_until, time.monotonic() + pause)
            self.d.pacer.pause(self.channel, pause)
        self.results.put((send.row_id, result, at, send.plain))

    def _answer(self, callback_id: str) -> SendResult:
        self.sender.answer_callback(callback_id)  # type: ignore[attr-defined]
        return SendResult(ok=True)

    def _add(self, ids) -> None:
        with self._lock:
            self._claimed.update(ids)

    def _done(self, ids) -> None:
        with self._lock:
            self._claimed.difference_update(ids)

    @property
    def inflight(self) -> int:
        """Rows claimed and not yet finished."""
        return len(self._claimed)

    def renew(self) -> None:
        """Keep our claims fresh, so no process mistakes a row still in our hands for one left
        by a dead process (the stale sweep) and sends it again."""
        with self._lock:
            ids = list(self._claimed)
        if ids:
            self.d.renew(ids, utcnow())

    # --- outcomes ----------------------------------------------------------------------------
    def record(self, timeout: float | None, gather: float = 0.0) -> int:
        """Record the outcomes that arrived (waiting up to `timeout` for the first, then `gather`
        seconds for more, so a transaction records many); returns how many."""
        try:
            batch = [self.results.get(timeout=timeout)]
        except queue.Empty:
            return 0
        until = time.monotonic() + gather
        while True:
            try:
                left = until - time.monotonic()
                batch.append(self.results.get(timeout=left) if left > 0 else self.results.get_nowait())
            except queue.Empty:
                break
        try:
            self.d.record_results(self.channel, batch)
        finally:
            self._done([row_id for row_id, _, _, _ in batch])
        return len(batch)

    def drain(self, clock: Clock) -> int:
        """Send every row that was due when this began, waiting for every outcome (tests, the
        simulator); what the pass itself queued (a template asking her to reply) waits for the
        next. Returns how many rows were claimed."""
        claimed, began = 0, utcnow()
        while True:
            n = self.step(clock, created_before=began)
            claimed += n
            if n == 0 and self.inflight == 0:
                return claimed
            # record what has arrived; with nothing new to start, wait for the next outcome
            self.record(timeout=self.d.settings.sending.send_timeout_seconds + 5 if n == 0 else 0)

    # --- background --------------------------------------------------------------------------
    def run(self, stop: threading.Event, poll: float) -> None:
        """Three threads: one claims and decides the next batch while this one paces and starts
        the current (database time hidden behind sending), one records outcomes."""
        ready: queue.Queue[list[Send]] = queue.Queue(maxsize=1)
        helpers = [threading.Thread(target=self._record_until, args=(stop,), name=f"outbox-{self.channel}-record",
                                    daemon=True),
                   threading.Thread(target=self._fetch_until, args=(stop, poll, ready),
                                    name=f"outbox-{self.channel}-claim", daemon=True)]
        for thread in helpers:
            thread.start()
        while not stop.is_set() or not ready.empty():
            try:
                sends = ready.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                self.send(sends, utcnow, stop)
            except Exception:
                log.exception("outbox %s: sending a batch failed", self.channel)  # rows stay "sending": retried
        for thread in helpers:
            thread.join(self.d.settings.sending.send_timeout_seconds + 5)

    def _fetch_until(self, stop: threading.Event, poll: float, ready: queue.Queue) -> None:
        while not stop.is_set():
            try:
                claimed, sends = self.fetch(utcnow)
            except Exception:  # the database may be briefly away; keep the loop alive
                log.exception("outbox %s: claiming failed", self.channel)
                stop.wait(1)
                continue
            if sends:
                while not stop.is_set():
                    try:
                        ready.put(sends, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                else:
                    self.d.release([s.row_id for s in sends], utcnow(), 0)  # shutting down: back to pending
                    self._done([s.row_id for s in sends])
                continue
            if claimed:
                continue
            if self.inflight and self.concurrency - self.inflight < self.batch:
                stop.wait(0.01)  # no room for a batch: the next outcomes free it
                continue
            self.wake.wait(poll)
            self.wake.clear()

    def _record_until(self, stop: threading.Event) -> None:
        every = max(self.d.settings.outbox_stale_sending_seconds / 4, 0.5)
        renewed = time.monotonic()
        while not stop.is_set() or self.inflight > 0:
            try:
                self.record(timeout=0.2, gather=RECORD_SECONDS)
                if time.monotonic() - renewed >= every:
                    self.renew()
                    renewed = time.monotonic()
            except Exception:
                log.exception("outbox %s: recording outcomes failed", self.channel)
                stop.wait(1)


def _outcome(future: concurrent.futures.Future) -> SendResult:
    try:
        return future.result()
    except Exception as exc:  # a sender bug is a temporary failure, recorded, never a lost row
        log.error("sender failed: %s", exc, exc_info=exc)
        return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
