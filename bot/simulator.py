"""The chat simulator: a browser page to chat as several users, and the JSON API tests use.

It is a real channel: messages go through the router and the outbox like any other. Its sender is
local, so a request delivers the simulator's due messages before answering."""
from __future__ import annotations

import re
import time
from datetime import datetime

from flask import Blueprint, jsonify, render_template, request
from sqlalchemy import and_, or_, select

from models import GroupChat, OutboxMessage, OutboxStatus, utcnow

from .i18n import catalog
from .inbound import receive
from .market import photos
from .messages import Incoming
from .runtime import runtime

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
CHANNEL = "simulator"
USER_ID = re.compile(r"^[A-Za-z0-9_.+-]{1,64}$")
PHONE = re.compile(r"^\+\d{8,15}$")
MAX_TEXT = 4096
DELIVERED = [OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ]


def _bad(reason: str, status: int = 400):
    return jsonify({"error": reason}), status


def _sent_to(user: str, since: datetime | None = None) -> list[dict]:
    """What reached `user` (since a moment), in the order it was sent: by pass, then as the
    dispatcher sends within a pass (replies before pushes)."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.channel == CHANNEL, OutboxMessage.address == user,
                    OutboxMessage.status.in_(DELIVERED))
             .order_by(OutboxMessage.sent_at, OutboxMessage.priority, OutboxMessage.id))
    if since is not None:
        query = query.where(OutboxMessage.sent_at >= since)
    with runtime().db.sessions() as session:
        rows = session.scalars(query)
        settings = runtime().settings
        return [
            {"id": r.id, "text": r.payload.get("text", ""), "options": r.payload.get("options") or [],
             "photo": photos.resolve(session, settings, r.payload.get("photo"), CHANNEL),
             "document": photos.resolve(session, settings, r.payload.get("document"), CHANNEL),
             "at": r.sent_at.isoformat() if r.sent_at else None}
            for r in rows if "callback_answer" not in r.payload
        ]


def _deliver_due(user: str, since: datetime | None = None) -> None:
    """Send what is due on this channel now, until nothing of `user`'s is in flight, nor (with
    `since`) queued since then and due. Another request (or the background thread) may have claimed her row,
    its claim not yet committed: then it still reads as due here, and we wait for it (3 s at most)."""
    rt = runtime()
    deadline = time.monotonic() + 3
    while True:
        rt.dispatcher.run_once(channel=CHANNEL)
        waiting = OutboxMessage.status == OutboxStatus.SENDING
        if since is not None:
            waiting = or_(waiting, and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.created_at >= since,
                                        OutboxMessage.next_attempt_at <= utcnow()))
        with rt.db.sessions() as session:
            busy = session.scalar(select(OutboxMessage.id).where(
                OutboxMessage.channel == CHANNEL, OutboxMessage.address == user, waiting).limit(1))
        if busy is None or time.monotonic() > deadline:
            return
        time.sleep(0.05)


@bp.get("")
@bp.get("/")
def page():
    return render_template("simulator.html", ui=catalog("hi"), ui_en=catalog("en"))


@bp.post("/api/messages")
def post_message():
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: `silent` catches only ValueError
        body = None
    if not isinstance(body, dict):
        return _bad("body must be a JSON object")
    user, text, button = body.get("user"), body.get("text", ""), body.get("button")
    phone, name = body.get("phone"), body.get("name")
    if not isinstance(user, str) or not USER_ID.match(user):
        return _bad("user must be 1-64 characters of letters, digits, _ . + -")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return _bad(f"text must be a string of at most {MAX_TEXT} characters")
    if button is not None and (not isinstance(button, str) or len(button) > 64):
        return _bad("button must be an option's value")
    if phone is not None and (not isinstance(phone, str) or not PHONE.match(phone)):
        return _bad("phone must look like +919812345678")
    if phone is not None and (runtime().settings.telegram or runtime().settings.twilio):
        # a phone here is taken as channel-given (it can claim a staff enrolment): only without real channels
        return _bad("phone is refused while real channels are on", 403)
    if name is not None and (not isinstance(name, str) or len(name) > 80):
        return _bad("name must be a string of at most 80 characters")
    location = body.get("location")  # [lat, lon], as a phone shares it
    if location is not None:
        if (not isinstance(location, list) or len(location) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in location)
                or not (-90 <= location[0] <= 90 and -180 <= location[1] <= 180)):
            return _bad("location must be [latitude, longitude]")
        location = (float(location[0]), float(location[1]))
    if not text.strip() and button is None and phone is None and location is None:
        return _bad("send text, a button value, a phone or a location")
    group = body.get("group")
    if group is not None and (not isinstance(group, str) or not USER_ID.match(group)):
        return _bad("group must be 1-64 characters of letters, digits, _ . + -")
    before = utcnow()
    if group is not None:  # `user` speaks in a group; the bot joins it on its first message
        address = GROUP + group
        _join(address, group)
        msg = Incoming(channel=CHANNEL, address=address, text=text, button=button, name=name, chat_kind="group",
                       group_title=group, sender=user)
    else:
        address = user
        msg = Incoming(channel=CHANNEL, address=user, text=text, button=button, phone=phone, name=name,
                       location=location)
    receive(runtime().db, runtime().settings, msg)
    _deliver_due(address, before)
    return jsonify({"ok": True, "replies": _sent_to(address, since=before)})


GROUP = "group:"  # a group's address; ":" is not allowed in user ids, so the two never meet


def _join(address: str, title: str) -> None:
    with runtime().db.sessions() as session:
        known = session.scalar(select(GroupChat.id).where(GroupChat.channel == CHANNEL, GroupChat.chat_id == address))
    if known is None:
        receive(runtime().db, runtime().settings, Incoming(channel=CHANNEL, address=address, chat_kind="group",
                                                           group_event="added", group_title=title))


@bp.get("/api/messages")
def get_messages():
    user, group = request.args.get("user", ""), request.args.get("group")
    if group is not None:
        if not USER_ID.match(group):
            return _bad("group must be 1-64 characters of letters, digits, _ . + -")
        user = GROUP + group
    elif not USER_ID.match(user):
        return _bad("user must be 1-64 characters of letters, digits, _ . + -")
    _deliver_due(user)
    return jsonify(_sent_to(user))


@bp.get("/api/users")
def users():
    with runtime().db.sessions() as session:
        found = session.scalars(select(OutboxMessage.address).where(OutboxMessage.channel == CHANNEL).distinct())
        return jsonify(sorted(found))
