"""A notice's fan-out for the crash test and the broadcast bench: one outbox row per recipient,
created by one set-based INSERT ... SELECT over users (the notice feature proper, with its own
notice id and targeting, lives in bot/notices/ on its own branch). Rows are in the bulk lane
(priority 20) with the payload the sender expects of a notice."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.messages import Outgoing

BULK = 20


def notice_payload(body: str, template_sid: str | None = None) -> dict:
    payload = {**Outgoing(text=body).to_payload(), "broadcast": True}
    if template_sid:
        payload["template_fallback"] = {"sid": template_sid, "variables": {"1": body[:60]}}
    return payload


def fan_out(conn: Connection, body: str, *, where: str = "TRUE", template_sid: str | None = None,
            chunk: int | None = None) -> int:
    """Queue the notice for every user matching `where` (SQL over users) who can receive it;
    in chunks of `chunk` user ids (each its own statement) when given. Returns rows created."""
    payload = json.dumps(notice_payload(body, template_sid), ensure_ascii=False)
    as_json = "CAST(:payload AS JSON)" if conn.dialect.name == "postgresql" else ":payload"
    insert = text(
        "INSERT INTO outbox (user_id, channel, address, kind, priority, payload, status, attempts,"
        " opens_conversation, created_at, next_attempt_at, updated_at) "
        f"SELECT id, channel, address, 'push', :bulk, {as_json}, 'pending', 0, false, :now, :now, :now FROM users "
        f"WHERE channel IS NOT NULL AND address IS NOT NULL AND NOT opted_out AND NOT unreachable AND ({where})"
        " AND id > :after AND id <= :upto"
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC (models/base.py)
    if chunk is None:
        return conn.execute(insert, {"bulk": BULK, "payload": payload, "now": now, "after": 0, "upto": 2**62}).rowcount
    top = conn.execute(text("SELECT coalesce(max(id), 0) FROM users")).scalar()
    made = 0
    for after in range(0, top, chunk):
        made += conn.execute(insert, {"bulk": BULK, "payload": payload, "now": now, "after": after,
                                      "upto": after + chunk}).rowcount
    return made
