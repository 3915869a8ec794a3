"""The last pacing step, on the sender's event loop, just before a request leaves.

A channel allows `limit` requests per `seconds`. Sends leave one after another in the order they
were handed over, evenly spaced a little under the limit (`seconds` x (1 + margin) per `limit`),
and the times they actually left never put more than `limit` in a window of that same length,
`seconds` x (1 + margin): a send that left late (the loop was busy, the machine loaded) moves the
ones after it instead of reaching the platform bunched with them (one send may follow a late one
at CATCH_UP of the interval, but `limit` + 1 sends never fit in less than the window, so a stall
is not made up by bunching). So the margin is the jitter between leaving here and arriving there that
the platform's count tolerates (3% of a second: 30 ms); each 429 still received says it was too
thin for this network and widens it a step, up to a cap (not those of a run's first window, while
connections open)."""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

WIDEN_STEP = 0.01  # each 429 widens the margin by this (a fraction of the window)...
WIDEN_MAX = 0.10   # ...up to this
CATCH_UP = 0.9     # after a late send, the next ones may leave this much closer than the interval


class WireWindow:
    """Times the channel's last `limit` requests left (no limit: 0). `turn` runs on one event loop."""

    def __init__(self, limit: int = 0, seconds: float = 0.0, margin: float = 0.0) -> None:
        self.limit, self.base, self.margin = limit, seconds, margin
        self.left: deque[float] = deque(maxlen=limit)
        self.run_began = 0.0  # when the current run of sends began (after an idle window)
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def seconds(self) -> float:
        """The window no more than `limit` sends may leave in."""
        return self.base * (1 + self.margin)

    @property
    def interval(self) -> float:
        """Seconds between two evenly paced sends (0: not paced)."""
        return self.base * (1 + self.margin) / self.limit if self.limit else 0.0

    def widen(self, now: float) -> None:
        """A 429 arrived (`now`, monotonic): pace a step further under the limit from now on."""
        if now - self.run_began > self.seconds:
            self.margin = min(self.margin + WIDEN_STEP, max(WIDEN_MAX, self.margin))

    async def turn(self, at: float | None, paused: Callable[[], float]) -> float:
        """Wait for this send's turn (in order; its paced time `at`, monotonic; room in the
        window): 0 then, or the seconds the channel is paused for, if it was paused meanwhile."""
        if not self.limit:
            return paused()
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        async with self._lock:  # asyncio's lock is first come, first served
            while True:
                now = loop.time()
                wait = (at - now) if at is not None else 0.0
                if not self.left or now - self.left[-1] > self.seconds:  # idle for a window: a new run
                    self.run_began = now
                if self.left:
                    wait = max(wait, self.left[-1] + self.interval * CATCH_UP - now)
                if len(self.left) == self.limit:
                    wait = max(wait, self.left[0] + self.seconds - now)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            pause = paused()
            if not pause:
                self.left.append(loop.time())
            return pause
