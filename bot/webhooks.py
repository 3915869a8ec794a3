"""Webhook endpoints for Telegram and WhatsApp (Twilio): check who is calling, turn the body into
one Incoming message, hand it on, answer fast. Bad input is a 4xx, never a 500."""
from __future__ import annotations

import hmac
import logging

from flask import Blueprint, Response, abort, request
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from twilio.twiml.messaging_response import MessagingResponse

from models import OutboxMessage, OutboxStatus, User, utcnow

from .channels import telegram, whatsapp
from .inbound import receive
from .runtime import runtime

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__, url_prefix="/webhook")

STATUS_ORDER = [OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ]
USER_STOPPED = "21610"


def _accept(msg) -> None:
    rt = runtime()
    try:
        receive(rt.db, rt.settings, msg)
    except OperationalError:  # the database is away: let the platform retry later, lose nothing
        log.exception("database unavailable")
        abort(503)
    rt.dispatcher.wake()


@bp.post("/telegram")
def telegram_update():
    settings = runtime().settings
    if settings.telegram is None:
        abort(404)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), settings.telegram.webhook_secret.encode()):
        abort(403)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400)
    try:
        msg = telegram.parse_update(data)
    except ValueError:
        log.warning("ignored an update python-telegram-bot cannot parse: %s", str(data)[:200])
        return "", 200  # acknowledged: retrying an unparseable update can never succeed
    if msg is not None:
        _accept(msg)
    return "", 200


def _public_url() -> str:
    base = runtime().settings.public_base_url or ""
    query = request.query_string.decode()
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
    except ValueError:
        abort(400)
    _accept(msg)
    return _twiml()


@bp.post("/whatsapp/status")
def whatsapp_status():
    form = _verified_form()
    try:
        status = whatsapp.parse_status(form)
    except ValueError:
        abort(400)
    rt = runtime()
    with rt.db.session() as session:
        row = None
        outbox_id = request.args.get("outbox_id", "")
        if outbox_id.isdigit():
            row = session.get(OutboxMessage, int(outbox_id))
        if row is None or (row.provider_id and row.provider_id != status.message_sid):
            row = session.scalar(select(OutboxMessage).where(OutboxMessage.provider_id == status.message_sid))
        if row is None:
            return "", 200  # not ours, or already purged: nothing to record
        failure = status.failure()
        if failure is not None:
            user = session.get(User, row.user_id) if row.user_id else None
            if status.error_code == USER_STOPPED and user is not None:
                user.opted_out = True  # they sent STOP to the number itself
            rt.dispatcher.record(row, user, failure, utcnow())  # 63018: retried; 63016: waits for her reply
        elif status.status in STATUS_ORDER and row.status in STATUS_ORDER:
            # callbacks can arrive out of order: never move "read" back to "delivered"
            if STATUS_ORDER.index(status.status) > STATUS_ORDER.index(row.status):
                row.status = status.status
    return "", 200
