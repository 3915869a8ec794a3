"""Webhook endpoints for Telegram and WhatsApp (Twilio): check who is calling, turn the body into
one Incoming message, hand it on, answer fast. Bad input is a 4xx, never a 500."""
from __future__ import annotations

import hmac
import logging
import re
from typing import Callable

from flask import Blueprint, Response, abort, request
from sqlalchemy import select
from sqlalchemy.exc import DataError, OperationalError
from twilio.twiml.messaging_response import MessagingResponse

from models import OutboxMessage, OutboxStatus, User, utcnow

from . import inbox, metrics
from .channels import telegram, whatsapp
from .inbound import receive
from .runtime import runtime

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__, url_prefix="/webhook")

STATUS_ORDER = [OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ]
_OUTBOX_ID = re.compile(r"[0-9]{1,10}")
OUTBOX_ID_MAX = 2**31 - 1  # outbox.id is an INTEGER: a larger value overflows on PostgreSQL


def _accept(msg) -> bool:
    """Receive `msg`; False when the database refused a value of it (DataError): parsing checks
    lengths, so that is a value parsing let through, and the caller answers it as bad input."""
    rt = runtime()
    if rt.settings.inbox.queue:  # the workers handle it; a retry is stored once
        return _written(msg.channel, msg.provider_id, lambda: metrics.inbound_stored(msg.channel, inbox.store(rt.db, msg)))
    if not _written(msg.channel, msg.provider_id, lambda: receive(rt.db, rt.settings, msg)):
        return False
    rt.dispatcher.wake()
    return True


def _keep_update(provider_id: str, address: str, data: dict) -> None:
    """Store a Telegram update as it came, for the handler to parse (the inbox on). Refused, it is
    acknowledged all the same: a retry would fail alike."""
    _written(telegram.CHANNEL, provider_id, lambda: metrics.inbound_stored(
        telegram.CHANNEL, inbox.store_telegram_update(runtime().db, provider_id, address, data)))


def _written(channel: str, provider_id: str | None, write: Callable[[], object]) -> bool:
    """Run `write`: a 503 when the database is away (the platform retries later, nothing is lost);
    False when it refused a value."""
    try:
        write()
    except OperationalError:
        log.exception("database unavailable")
        abort(503)
    except DataError:
        log.exception("%s message %s does not fit the database", channel, provider_id)
        return False
    return True


# What PostgreSQL's json cannot hold (\u0000, and a surrogate escape that may be a lone one): such a
# body is parsed at once, where the text is cleaned, instead of being stored as it came.
_UNSTORABLE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def _json_object() -> dict | None:
    """The body as a JSON object, or None (not JSON, not an object, or nested so deeply that
    the decoder gives up with RecursionError, which `silent=True` does not catch)."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return None
    return data if isinstance(data, dict) else None


@bp.post("/telegram")
def telegram_update():
    settings = runtime().settings
    if settings.telegram is None:
        abort(404)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), settings.telegram.webhook_secret.encode()):
        abort(403)
    data = _json_object()
    if data is None:
        abort(400)  # not even JSON: Telegram never sends this
    if settings.inbox.queue and (key := telegram.route_key(data)) and not _UNSTORABLE.search(request.get_data()):
        _keep_update(*key, data)
        return "", 200
    # An authenticated update we cannot read (odd types, no chat, values too long for our columns)
    # is acknowledged with 200 and dropped, not answered 400: Telegram retries every non-2xx with
    # the same body for up to 24 hours, and that body can never become readable.
    try:
        msg = telegram.parse_update(data)
    except ValueError as exc:
        update_id = data.get("update_id")
        shown = update_id if isinstance(update_id, int) and abs(update_id) < 2**63 else "?"
        log.warning("ignored Telegram update %s: %s", shown, exc)
        return "", 200
    if msg is not None:
        _accept(msg)  # False (the database refused a value): acknowledged too, a retry fails alike
    return "", 200


def _public_url() -> str:
    base = runtime().settings.public_base_url or ""
    query = request.query_string.decode("utf-8", errors="replace")  # odd bytes: the signature fails, 403
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def _verified_form():
    settings = runtime().settings
    if settings.twilio is None:
        abort(404)
    form = request.form  # reads the body; MAX_CONTENT_LENGTH turns a huge one into 413
    if not whatsapp.verify_signature(settings.twilio.auth_token, _public_url(), form,
                                     request.headers.get("X-Twilio-Signature")):
        abort(403)
    return form


def _twiml() -> Response:
    return Response(str(MessagingResponse()), mimetype="text/xml")


@bp.post("/whatsapp")
def whatsapp_message():
    form = _verified_form()
    try:
        msg = whatsapp.parse_inbound(form)
    except ValueError as exc:
        log.warning("refused a Twilio inbound webhook: %s", exc)
        abort(400)
    if not _accept(msg):
        abort(400)
    return _twiml()


def _outbox_id() -> int | None:
    """Our outbox id from the status-callback URL; None when absent or not one we could issue."""
    raw = request.args.get("outbox_id", "")
    if not _OUTBOX_ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if 0 < value <= OUTBOX_ID_MAX else None


@bp.post("/whatsapp/status")
def whatsapp_status():
    form = _verified_form()
    try:
        status = whatsapp.parse_status(form)
    except ValueError as exc:
        log.warning("refused a Twilio status callback: %s", exc)
        abort(400)
    rt = runtime()
    with rt.db.session() as session:
        # Only a WhatsApp row, and only the message this callback is about: the id in the URL is
        # trusted when the row has no Twilio SID yet (the callback can beat our own bookkeeping).
        row = None
        outbox_id = _outbox_id()
        if outbox_id is not None:
            row = session.get(OutboxMessage, outbox_id)
            if row is not None and (row.channel != whatsapp.CHANNEL
                                    or (row.provider_id and row.provider_id != status.message_sid)):
                row = None
        if row is None:
            row = session.scalar(select(OutboxMessage).where(OutboxMessage.channel == whatsapp.CHANNEL,
                                                             OutboxMessage.provider_id == status.message_sid)
                                 .limit(1))
        if row is None:
            return "", 200  # not ours, or already purged: nothing to record
        failure = status.failure()
        if failure is not None:
            user = session.get(User, row.user_id) if row.user_id else None
            # 21610 (STOP to the number) opts her out, as it does on a send; 63018 is retried;
            # 63016 waits for her reply
            rt.dispatcher.record(row, user, failure, utcnow())
        elif status.status in STATUS_ORDER and row.status in STATUS_ORDER:
            # callbacks can arrive out of order: never move "read" back to "delivered"
            if STATUS_ORDER.index(status.status) > STATUS_ORDER.index(row.status):
                row.status = status.status
    return "", 200
