"""Rates and pauses per channel, chat and group, on the `limits` library: in Redis when REDIS_URL
is set (every worker shares them), else in this process's memory.

Moving windows, so no second ever holds more than the configured count; pauses (a 429's
`retry_after`, our credentials refused) are keys that expire when the pause ends.

limits' memory storage keeps an (empty) entry for every key it ever saw and scans them all every
10 ms: with a key per chat, a broadcast to 10,000 chats cost a fifth of a core. In memory, a
chat's window is therefore cleared once it has passed (Redis expires keys by itself)."""
from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..config import Settings

TELEGRAM, WHATSAPP = "telegram", "whatsapp"


def per_second(item: RateLimitItem) -> float:
    return item.amount / item.get_expiry()


def is_group(channel: str, address: str) -> bool:
    """Telegram groups and channels have negative chat ids."""
    return channel == TELEGRAM and address.startswith("-")


class Pacer:
    def __init__(self, settings: Settings) -> None:
        sending = settings.sending
        self.storage: Storage = storage_from_string(sending.redis_url or "memory://")
        self.limiter = MovingWindowRateLimiter(self.storage)
        # processes sharing a database are one deployment: they share its limits
        self.namespace = "didihaat:" + hashlib.sha1(settings.database_url.encode()).hexdigest()[:12]
        self.channel_rate = {TELEGRAM: parse(sending.telegram_rate), WHATSAPP: parse(sending.whatsapp_rate)}
        self.chat_rate = {TELEGRAM: parse(sending.telegram_per_chat)}
        self.group_rate = parse(sending.telegram_per_group)
        self._memory = not sending.redis_url
        self._passing: deque[tuple[float, RateLimitItem, str, str]] = deque()  # (window ends, item, channel, chat)
        self._passing_lock = threading.Lock()

    # --- rates -------------------------------------------------------------------------------
    def take(self, channel: str) -> float:
        """Take one send from the channel's rate: 0 when taken, else seconds until one frees."""
        item = self.channel_rate.get(channel)
        if item is None or self.limiter.hit(item, self.namespace, channel):
            return 0.0
        return self._wait(item, channel)

    def take_chat(self, channel: str, address: str, *, must: bool) -> float:
        """Take one message from a chat's (or group's) own rate. `must` (a reply she is waiting
        for): it goes anyway, counted when there is room. Returns seconds to wait, 0 when taken."""
        item = self.group_rate if is_group(channel, address) else self.chat_rate.get(channel)
        if item is None:
            return 0.0
        if self._memory:
            self._forget_passed()
        if self.limiter.hit(item, self.namespace, channel, address):
            if self._memory:
                self._passing.append((time.time() + item.get_expiry(), item, channel, address))
            return 0.0
        return 0.0 if must else self._wait(item, channel, address)

    def _forget_passed(self) -> None:
        """Clear the chat windows that have passed (memory storage only, see the module's note)."""
        now = time.time()
        with self._passing_lock:
            while self._passing and self._passing[0][0] <= now:
                _, item, channel, address = self._passing.popleft()
                stats = self.limiter.get_window_stats(item, self.namespace, channel, address)
                if stats.remaining >= item.amount:  # nothing left in its window
                    self.limiter.clear(item, self.namespace, channel, address)

    def _wait(self, item: RateLimitItem, *identifiers: str) -> float:
        stats = self.limiter.get_window_stats(item, self.namespace, *identifiers)
        return max(stats.reset_time - time.time(), 0.001)

    # --- pauses ------------------------------------------------------------------------------
    def _pause_key(self, channel: str, address: str | None) -> str:
        return f"{self.namespace}/pause/{channel}/{address or '*'}"

    def pause(self, channel: str, seconds: float, address: str | None = None) -> None:
        """Nothing more goes to this channel (or this chat) for `seconds` from now."""
        if self.paused_for(channel, address) >= seconds:
            return
        key = self._pause_key(channel, address)
        self.storage.clear(key)
        self.storage.incr(key, math.ceil(seconds))

    def paused_for(self, channel: str, address: str | None = None) -> float:
        key = self._pause_key(channel, address)
        if not self.storage.get(key):
            return 0.0
        return max(self.storage.get_expiry(key) - time.time(), 0.0)

    def reset(self) -> None:
        """Forget every rate and pause (tests)."""
        self.storage.reset()
