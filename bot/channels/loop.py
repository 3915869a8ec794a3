"""One asyncio event loop in a daemon thread, per process: where a sender's requests run, many
in flight at once, without a thread each.

Made on first use, so an object built before a gunicorn fork is still safe: a fork after use
gets a fresh loop in the child. Callers hand it coroutines (`asyncio.run_coroutine_threadsafe`)
and wait on the futures."""
from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable

from bot.messages import SendResult


class LoopThread:
    """`on_new` is called (under the lock) whenever a fresh loop is made: what its owner kept
    for an old loop (or the parent process's) cannot be used on this one."""

    def __init__(self, name: str, on_new: Callable[[], None] | None = None) -> None:
        self.name, self.on_new = name, on_new
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        """This process's running loop, made (and `on_new` called) when there is none."""
        with self._lock:
            if self._loop is not None and self._pid == os.getpid() and self._thread and self._thread.is_alive():
                return self._loop
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            thread = threading.Thread(target=run, name=self.name, daemon=True)
            thread.start()
            ready.wait()
            self._loop, self._thread, self._pid = loop, thread, os.getpid()
            if self.on_new is not None:
                self.on_new()
            return loop

    def running_here(self) -> asyncio.AbstractEventLoop | None:
        """This process's loop if it runs, else None (nothing to close)."""
        with self._lock:
            if self._loop is None or self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                return None
            return self._loop

    def stop(self, timeout: float) -> None:
        """Stop the loop and its thread (after the caller closed what ran on it)."""
        with self._lock:
            loop, thread, pid = self._loop, self._thread, self._pid
            self._loop = self._thread = self._pid = None
        if loop is None or pid != os.getpid() or thread is None or not thread.is_alive():
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        loop.close()


Gate = Callable[[], Awaitable[float]]
"""Awaited on the sender's loop just before a request leaves: 0 to send now, else the seconds its
channel is paused for (the request is not made, and reported as rate-limited)."""


async def through(gate: Gate | None) -> SendResult | None:
    """Wait at the gate: None to send now, else what a send held back because its channel was
    paused meanwhile reports (waited out, like a 429)."""
    seconds = await gate() if gate is not None else 0.0
    if not seconds:
        return None
    return SendResult(ok=False, error=f"not sent: channel paused for {seconds:.1f} s", rate_limited=True,
                      retry_after=seconds, held_back=True)
