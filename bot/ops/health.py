"""Health endpoints for the proxy, the process supervisor and monitoring.

/healthz: this web process can reach the database. /readyz: and the schema is migrated, so it can
take webhooks. /healthz/worker: a worker has beaten within `ops.worker_stale_seconds` (the web
app still takes webhooks without one: what arrives waits in the outbox, so this is kept apart)."""
from __future__ import annotations

import logging

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from models import utcnow

from ..db import alembic_config
from ..runtime import runtime
from . import heartbeat

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


def database_reachable(db) -> bool:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError as exc:
        log.warning("health: database unreachable: %s", type(exc).__name__)
        return False


def schema_current(db) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads


@bp.get("/healthz")
def healthz():
    ok = database_reachable(runtime().db)
    return jsonify(ok=ok, database=ok), 200 if ok else 503


@bp.get("/readyz")
def readyz():
    db = runtime().db
    reachable = database_reachable(db)
    migrated = reachable and schema_current(db)
    ok = reachable and migrated
    return jsonify(ok=ok, database=reachable, migrated=migrated), 200 if ok else 503


@bp.get("/healthz/worker")
def worker_health():
    rt = runtime()
    stale_after = rt.settings.ops.worker_stale_seconds
    if not database_reachable(rt.db):
        return jsonify(ok=False, database=False), 503
    now = utcnow()
    with rt.db.sessions() as session:
        live = heartbeat.live_workers(session, now, stale_after)
        stale = heartbeat.stale_workers(session, now, stale_after)
    body = dict(ok=bool(live), stale_after_seconds=stale_after,
                workers=[{"name": w.name, "seconds_since_beat": int((now - w.beat_at).total_seconds())} for w in live],
                silent=[{"name": w.name, "seconds_since_beat": int((now - w.beat_at).total_seconds())} for w in stale])
    return jsonify(body), 200 if live else 503
