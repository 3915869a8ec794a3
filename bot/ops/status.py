"""`python -m bot status`: what an operator checks first. Queue depths (inbox and outbox), the
oldest waiting message, the last send per channel, worker heartbeats, the scheduler leader, recent errors."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models import InboxMessage, InboxStatus, OutboxMessage, OutboxStatus, ProcessedUpdate, WorkerHeartbeat, utcnow

from . import incidents

WAITING = [OutboxStatus.PENDING, OutboxStatus.SENDING]


def ago(now: datetime, moment: datetime | None) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 120:
        return f"{seconds}s ago"
    if seconds < 7200:
        return f"{seconds // 60}m ago"
    if seconds < 172800:
        return f"{seconds // 3600}h ago"
    return f"{seconds // 86400}d ago"


def scheduler_leader(session: Session) -> str:
    """Who holds a PostgreSQL advisory lock (the scheduler leader takes one); "unknown" otherwise."""
    if session.bind.dialect.name != "postgresql":
        return "unknown (SQLite: one process runs the scheduler)"
    rows = session.execute(text(
        "SELECT l.pid, l.objid, a.application_name, a.client_addr, a.backend_start "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY a.backend_start")).all()
    if not rows:
        return "unknown (no advisory lock held)"
    return "; ".join(f"backend pid {r.pid} (lock {r.objid}) {r.application_name or ''} from "
                     f"{r.client_addr or 'local socket'}".replace("  ", " ") for r in rows)


def inbox_lines(session: Session, now: datetime) -> list[str]:
    """Incoming messages stored by the webhooks and not yet handled (empty when handling is inline)."""
    out = ["Inbox waiting to be handled (channel: rows, oldest):"]
    depth = session.execute(
        select(InboxMessage.channel, func.count(), func.min(InboxMessage.received_at))
        .where(InboxMessage.status == InboxStatus.PENDING)
        .group_by(InboxMessage.channel).order_by(InboxMessage.channel)).all()
    out += [f"  {c:<10} {n:>7}   oldest {ago(now, first)}" for c, n, first in depth] or ["  empty"]
    return out


def lines(session: Session, now: datetime, stale_seconds: int) -> list[str]:
    out = inbox_lines(session, now)
    out.append("Outbox waiting (channel / status / priority: rows, oldest):")
    depth = session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.priority, func.count(),
               func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status.in_(WAITING))
        .group_by(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.priority)
        .order_by(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.priority)).all()
    out += [f"  {c:<10} {s:<8} p{p:<3} {n:>7}   oldest {ago(now, first)}" for c, s, p, n, first in depth] or ["  empty"]
    oldest = session.execute(select(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.created_at,
                                    OutboxMessage.error)
                             .where(OutboxMessage.status == OutboxStatus.PENDING)
                             .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(1)).first()
    if oldest:
        why = f" ({oldest.error})" if oldest.error else ""
        out.append(f"Oldest pending: outbox {oldest.id} on {oldest.channel}, queued {ago(now, oldest.created_at)}{why}")
    out.append("Last send per channel:")
    sends = session.execute(select(OutboxMessage.channel, func.max(OutboxMessage.sent_at))
                            .group_by(OutboxMessage.channel).order_by(OutboxMessage.channel)).all()
    out += [f"  {c:<10} {ago(now, last)}" for c, last in sends] or ["  nothing sent yet"]
    day = now - timedelta(days=1)
    failed = session.execute(select(OutboxMessage.channel, func.count()).where(
        OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.updated_at >= day)
        .group_by(OutboxMessage.channel).order_by(OutboxMessage.channel)).all()
    if failed:
        out.append("Failed in the last 24h: " + ", ".join(f"{c} {n}" for c, n in failed))
    out.append(f"Workers (silent after {stale_seconds}s):")
    beats = session.scalars(select(WorkerHeartbeat).where(WorkerHeartbeat.beat_at >= day)
                            .order_by(WorkerHeartbeat.beat_at.desc())).all()
    for w in beats:
        alive = (now - w.beat_at).total_seconds() <= stale_seconds
        out.append(f"  {w.name:<40} {'alive' if alive else 'SILENT'}  last beat {ago(now, w.beat_at)}, "
                   f"up since {ago(now, w.started_at)}")
    if not beats:
        out.append("  none in the last 24h: is `python -m bot worker` running?")
    out.append(f"Scheduler leader: {scheduler_leader(session)}")
    out.append("Needs a human:")
    found = incidents.recent(session, now)
    out += [f"  {'OPEN  ' if i.closed_at is None else 'closed'} {i.key:<24} {i.summary} (x{i.count}, since "
            f"{ago(now, i.opened_at)}, last {ago(now, i.last_seen_at)})" for i in found]
    handler_errors = session.scalar(select(func.count()).select_from(ProcessedUpdate).where(
        ProcessedUpdate.error.is_not(None), ProcessedUpdate.received_at >= day)) or 0
    handler_errors += session.scalar(select(func.count()).select_from(InboxMessage).where(
        InboxMessage.error.is_not(None), InboxMessage.received_at >= day)) or 0
    if handler_errors:
        out.append(f"  handler errors in the last 24h: {handler_errors} (the users got an apology; see the logs)")
    if not found and not handler_errors:
        out.append("  nothing")
    return out


def report(rt, now: datetime | None = None) -> str:
    now = now or utcnow()
    with rt.db.sessions() as session:
        return "\n".join(lines(session, now, rt.settings.ops.worker_stale_seconds))
