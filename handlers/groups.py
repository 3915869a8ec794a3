"""Telegram groups and channels: remember where the bot was added, greet, and stay quiet otherwise."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import t
from bot.messages import Incoming, Outgoing
from models import GroupChat, utcnow

from . import group_digest, group_register


def on_group_update(session: Session, msg: Incoming, default_language: str) -> list[Outgoing]:
    """Record the bot joining or leaving a group or channel (greeting a group, not a channel); answer /help in a group with a pointer to the
    private chat. Ordinary group chatter gets no reply (a bot answering every line is noise)."""
    group = session.scalar(select(GroupChat).where(GroupChat.channel == msg.channel, GroupChat.chat_id == msg.address))
    if msg.group_event == "added":
        if group is None:
            group = GroupChat(channel=msg.channel, chat_id=msg.address)
            session.add(group)
        group.title, group.active, group.removed_at = msg.group_title, True, None
        if msg.chat_kind == "channel":  # a greeting there would go to every subscriber
            return []
        return [Outgoing(text=t(default_language, "groups.hello"))]
    if msg.group_event == "removed":
        if group is not None:
            group.active, group.removed_at = False, utcnow()
        return []
    command = (msg.text or "").split(" ")[0].lower()
    if command == "/register" or (msg.button or "").startswith(group_register.PREFIX):
        if group is None:  # in the group since before the bot kept a record (or a simulator group)
            group = GroupChat(channel=msg.channel, chat_id=msg.address, title=msg.group_title)
            session.add(group)
            session.flush()
        return group_register.in_group(session, msg, group, default_language)
    if command == "/digest":  # staff set what a city group's digest covers
        return group_digest.command(session, msg, group, default_language)
    if command in ("/start", "/help"):
        return [Outgoing(text=t(default_language, "groups.hello"))]
    return []
