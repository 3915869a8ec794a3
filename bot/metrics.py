"""Prometheus metrics. Counters are bumped at the few choke points (a message received, a send
recorded, a push held); queue depth and age are read from the database when Prometheus scrapes,
so every process reports the same truth. Under gunicorn set PROMETHEUS_MULTIPROC_DIR (see
deploy/gunicorn.conf.py): prometheus_client then sums the counters of every worker process."""
from __future__ import annotations

import functools
import hmac
import ipaddress
import os
import re
import time
from typing import Callable

from flask import Blueprint, Response, abort, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from models import Notice, NoticeStatus, OutboxMessage, OutboxStatus, utcnow

INBOUND = Counter("didihaat_inbound_messages_total", "Messages received (retries not counted)", ["channel"])
HANDLING = Histogram("didihaat_handling_seconds", "Time to route one message and queue its replies", ["channel"],
                     buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SENDS = Counter("didihaat_sends_total", "Send attempts by result and provider error code",
                ["channel", "result", "error_code"])
RATE_LIMITED = Counter("didihaat_rate_limited_total", "Sends refused for rate (Telegram 429, Twilio 63018/20429)",
                       ["channel"])
HELD = Counter("didihaat_pushes_held_total", "Pushes put back to wait (outside WhatsApp's window, user mid-step)",
               ["channel", "reason"])

_TWILIO_CODE = re.compile(r"^twilio (\d+)")
_PTB_ERROR = re.compile(r"^([A-Za-z]+): ")
RATE_CODES = {"63018", "20429", "429", "RetryAfter"}


def error_code(error: str | None) -> str:
    """ "twilio 63016 outside ..." -> "63016"; "RetryAfter: Flood control" -> "RetryAfter"."""
    if not error:
        return ""
    if match := _TWILIO_CODE.match(error):
        return match.group(1)
    if match := _PTB_ERROR.match(error):
        return match.group(1)
    return "other"


# --- hooks, one line each at the choke points ------------------------------------------------
def inbound_stored(channel: str, fresh: bool) -> None:
    """With the inbox on, a webhook only stores the message: it is counted when stored."""
    if fresh:
        INBOUND.labels(channel).inc()


def timed_inbound(receive: Callable[..., bool]) -> Callable[..., bool]:
    """Decorates `inbound.receive(db, settings, msg, ...)`: counts new messages, times handling."""

    @functools.wraps(receive)
    def wrapper(db, settings, msg, *args, **kwargs):
        started = time.perf_counter()
        fresh = receive(db, settings, msg, *args, **kwargs)
        if fresh:
            INBOUND.labels(msg.channel).inc()
            HANDLING.labels(msg.channel).observe(time.perf_counter() - started)
        return fresh

    return wrapper


def send_recorded(row, result) -> None:
    """Called by the dispatcher with every send outcome (and failed status callbacks)."""
    code = "" if result.ok else error_code(result.error)
    SENDS.labels(row.channel, "ok" if result.ok else ("failed" if result.permanent else "retry"), code).inc()
    if not result.ok and not result.held_back and (code in RATE_CODES or result.retry_after):
        RATE_LIMITED.labels(row.channel).inc()
    if result.window_closed:
        HELD.labels(row.channel, "window_closed").inc()


def sends_ok(channel: str, n: int) -> None:
    """Plain successes recorded in bulk (the dispatcher does not load their rows)."""
    SENDS.labels(channel, "ok", "").inc(n)


def push_held(row, reason: str) -> None:
    HELD.labels(row.channel, "window_closed" if "window" in reason else "user_answering").inc()


# --- read at scrape time -----------------------------------------------------------------------
class OutboxCollector:
    """Outbox rows waiting (pending or sending) and the age of the oldest, by channel and priority."""

    def __init__(self, db) -> None:
        self.db = db

    def collect(self):
        depth = GaugeMetricFamily("didihaat_outbox_depth", "Outbox rows waiting to be sent",
                                  labels=["channel", "priority", "status"])
        age = GaugeMetricFamily("didihaat_outbox_oldest_age_seconds", "Age of the oldest waiting outbox row",
                                labels=["channel", "priority"])
        now = utcnow()
        query = (select(OutboxMessage.channel, OutboxMessage.priority, OutboxMessage.status,
                        func.count(), func.min(OutboxMessage.created_at))
                 .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
                 .group_by(OutboxMessage.channel, OutboxMessage.priority, OutboxMessage.status))
        oldest: dict[tuple[str, str], float] = {}
        with self.db.sessions() as session:
            for channel, priority, status, count, first in session.execute(query):
                depth.add_metric([channel, str(priority), status], count)
                seconds = (now - first).total_seconds() if first else 0.0
                key = (channel, str(priority))
                oldest[key] = max(oldest.get(key, 0.0), seconds)
            sending = session.scalar(select(func.count()).select_from(Notice)
                                     .where(Notice.status == NoticeStatus.SENDING))
        for (channel, priority), seconds in oldest.items():
            age.add_metric([channel, priority], seconds)
        notices = GaugeMetricFamily("didihaat_notices_in_progress", "Staff notices being sent now")
        notices.add_metric([], sending or 0)
        yield depth
        yield age
        yield notices


def registry_for(db) -> CollectorRegistry:
    """What /metrics shows: every process's counters (multiprocess mode) or this one's, plus the outbox."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:  # one process (`serve`, tests): its own counters
        registry = CollectorRegistry()
        for collector in (INBOUND, HANDLING, SENDS, RATE_LIMITED, HELD):
            registry.register(collector)
    registry.register(OutboxCollector(db))
    return registry


def serve_for_worker(rt) -> None:
    """The worker's own counters (sends, 429s, holds) at http://METRICS_ADDR:METRICS_PORT/metrics,
    when METRICS_PORT is set; by default on 127.0.0.1 only."""
    from prometheus_client import start_http_server

    port = os.environ.get("METRICS_PORT", "").strip()
    if port:
        start_http_server(int(port), addr=os.environ.get("METRICS_ADDR", "127.0.0.1"), registry=registry_for(rt.db))


def allowed(remote_addr: str | None, forwarded: bool, authorization: str, token: str) -> bool:
    """METRICS_TOKEN set: a matching bearer token. Unset: only a private address, not via the proxy."""
    if token:
        return hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode())
    if forwarded or not remote_addr:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics():
    from .runtime import runtime

    if not allowed(request.remote_addr, "X-Forwarded-For" in request.headers,
                   request.headers.get("Authorization", ""), os.environ.get("METRICS_TOKEN", "")):
        abort(404)  # not even admit that it is here
    return Response(generate_latest(registry_for(runtime().db)), mimetype=CONTENT_TYPE_LATEST)
