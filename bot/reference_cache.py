"""Short-lived caches, per process and engine, of reference data a card reads on every message
(the mandi report it quotes, the centres near her): it changes a few times a day, and reading it
each time cost a fifth of handling a listing (bench/inbound_profile.py).

An entry lives `SECONDS`. Any INSERT, UPDATE, DELETE or TRUNCATE of a cached table through this
process's engine clears that table's entries at once; another process's writes show within
`SECONDS`. Thread-safe (the inbox's handler threads share one)."""
from __future__ import annotations

import threading
import weakref
from typing import Callable, Hashable, TypeVar

from cachetools import TTLCache
from sqlalchemy import event
from sqlalchemy.engine import Engine

SECONDS = 60
MAX_ENTRIES = 20_000  # per table: products x districts a busy process meets
_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCA")

T = TypeVar("T")
_lock = threading.Lock()
_caches: weakref.WeakKeyDictionary[Engine, dict[str, TTLCache]] = weakref.WeakKeyDictionary()


def get(engine: Engine, table: str, key: Hashable, compute: Callable[[], T]) -> T:
    """The cached value of `key` for `table`, computed (outside the lock) when missing or old."""
    cache = _cache(engine, table)
    with _lock:
        try:
            return cache[key]
        except KeyError:
            pass
    value = compute()
    with _lock:
        cache[key] = value
    return value


def _cache(engine: Engine, table: str) -> TTLCache:
    with _lock:
        tables = _caches.get(engine)
        if tables is None:
            tables = _caches[engine] = {}
            event.listen(engine, "before_cursor_execute", _cleared_by_writes(weakref.ref(engine)))
        if table not in tables:
            tables[table] = TTLCache(MAX_ENTRIES, SECONDS)
        return tables[table]


def _cleared_by_writes(engine_ref: weakref.ref) -> Callable:
    def seen(conn, cursor, statement: str, params, context, executemany) -> None:
        if statement.lstrip()[:6].upper() not in _WRITES:
            return
        engine = engine_ref()
        tables = _caches.get(engine) if engine is not None else None
        if not tables:
            return
        with _lock:
            for table, cache in tables.items():
                if table in statement:
                    cache.clear()
    return seen
