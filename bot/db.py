"""Database engine, sessions and schema migrations (Alembic, run programmatically)."""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from typing import Iterator

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .config import ROOT


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # the driver's own BEGIN is replaced by ours, below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers don't block the dispatcher's writes
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        open_here = threading.local()  # this thread's open transactions on the engine

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn) -> None:
            # Every transaction takes the write lock at its start, waiting up to `timeout` for it.
            # A deferred one that reads and then writes cannot wait: SQLite answers "database is
            # locked" at once when another writer got there first (SQLAlchemy's pysqlite recipe).
            # One opened while this thread already holds the lock (a read inside a send) is
            # deferred: it would wait for itself.
            mine = open_here.__dict__.setdefault("conns", weakref.WeakSet())
            conn.exec_driver_sql("BEGIN" if len(mine) else "BEGIN IMMEDIATE")
            mine.add(conn)

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _ended(conn) -> None:
            open_here.__dict__.setdefault("conns", weakref.WeakSet()).discard(conn)

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False  # keep the app's logging as it is
    return cfg


def migrate(url: str) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    command.upgrade(alembic_config(url), "head")


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._inbox_writer = None

    @property
    def inbox_writer(self):
        """The webhooks' group commit (PostgreSQL), made on first use."""
        if self._inbox_writer is None:
            from models import InboxMessage

            from .inbox_writer import GroupCommit

            self._inbox_writer = GroupCommit(self.engine, InboxMessage.__tablename__)
        return self._inbox_writer

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        if self._inbox_writer is not None:
            self._inbox_writer.close()
        self.engine.dispose()
