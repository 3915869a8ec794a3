"""The last pacing step, on the sender's event loop, just before a request leaves.

A channel allows `limit` requests per `seconds`. We pace them evenly over a slightly longer
window (`seconds` x (1 + margin)), and also never let the times requests actually left put more
than `limit` in one such window: a send that left late (the loop was busy, the machine loaded)
then moves the ones after it, instead of reaching the platform bunched with them. What is left is
the jitter between leaving here and arriving there; each 429 we still get says the margin was too
thin for this network, and widens it a step, up to a cap."""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

WIDEN_STEP = 0.01  # each 429 widens the margin by this (a fraction of the window)...
WIDEN_MAX = 0.10   # ...up to this


class WireWindow:
    """Times the channel's last `limit` requests left (no limit: 0). `turn` runs on one event loop."""

    def __init__(self, limit: int = 0, seconds: float = 0.0, margin: float = 0.0) -> None:
        self.limit, self.base, self.margin = limit, seconds, margin
        self.left: deque[float] = deque(maxlen=limit)

    @property
    def seconds(self) -> float:
        return self.base * (1 + self.margin)

    @property
    def interval(self) -> float:
        """Seconds between two evenly paced sends (0: not paced)."""
        return self.seconds / self.limit if self.limit else 0.0

    def widen(self) -> None:
        """A 429 arrived: pace a step further under the limit from now on."""
        self.margin = min(max(self.margin + WIDEN_STEP, 0.0), max(WIDEN_MAX, self.margin))

    async def turn(self, at: float | None, paused: Callable[[], float]) -> float:
        """Wait until the send may leave (its paced time `at`, monotonic, and room in the window);
        0 then, or the seconds the channel is paused for, if it was paused meanwhile."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            wait = (at - now) if at is not None else 0.0
            if self.limit and len(self.left) == self.limit:
                wait = max(wait, self.left[0] + self.seconds - now)
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        pause = paused()
        if not pause and self.limit:
            self.left.append(loop.time())
        return pause
