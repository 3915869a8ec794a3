"""Registering a Telegram group for notices: enrolled staff send /register in the group (or pick
the group from their private chat), then choose its area and whether it is a village (didis) or
city (buyers) group. Every step is a button that carries the whole choice so far and is checked
again on the server: who taps it must be staff, and the area must be theirs."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import identity, places
from bot.conversation import Context
from bot.i18n import t
from bot.messages import Incoming, Option, Outgoing
from bot.notices import area as areas
from models import GroupChat, Role, User, utcnow

PREFIX = "greg:"
AUDIENCES = ("didis", "buyers")
LISTED = 10


def may_register(staff: User, kind: str, code: int) -> bool:
    """Admins may register a group of any district or block; staff one of their own area."""
    if staff.role == Role.ADMIN:
        if kind == areas.DISTRICT:
            return places.district_by_code(code) is not None
        return kind == areas.BLOCK and places.block_by_code(code) is not None
    return areas.permitted(staff, kind, [code])


def _question(lang: str, staff: User, group: GroupChat, parts: list[str]) -> Outgoing:
    """The next question for `greg:<group>:<step>...` (or the confirmation once saved)."""
    g = group.id
    step = parts[0] if parts else "start"
    if step == "start":
        own = areas.own_area(staff)
        if own is not None:
            return _question(lang, staff, group, ["a", areas.BLOCK, str(own[1][0])])
        if staff.role == Role.ADMIN:
            found = sorted(places.districts(), key=lambda d: areas.district_name(lang, d.code))
            return Outgoing(text=t(lang, "groups.register_ask_district"),
                            options=[Option(areas.district_name(lang, d.code), f"{PREFIX}{g}:d:{d.code}") for d in found])
        return _question(lang, staff, group, ["d", str(staff.district_code)])
    if step == "d" and len(parts) == 2 and parts[1].isdigit():
        district = int(parts[1])
        if not may_register(staff, areas.DISTRICT, district):
            return Outgoing(text=t(lang, "notice.not_your_area"))
        return Outgoing(text=t(lang, "groups.register_ask_area"), options=[
            Option(t(lang, "notice.area_whole_district", district=areas.district_name(lang, district)),
                   f"{PREFIX}{g}:a:{areas.DISTRICT}:{district}"),
            *[Option(areas.block_name(lang, b.code), f"{PREFIX}{g}:a:{areas.BLOCK}:{b.code}")
              for b in places.blocks_of(district)]])
    if step in ("a", "s") and len(parts) >= 3 and parts[1] in (areas.DISTRICT, areas.BLOCK) and parts[2].isdigit():
        kind, code = parts[1], int(parts[2])
        if not may_register(staff, kind, code):
            return Outgoing(text=t(lang, "notice.not_your_area"))
        if step == "a":
            return Outgoing(text=t(lang, "groups.register_ask_audience"), options=[
                Option(t(lang, f"groups.audience_{a}"), f"{PREFIX}{g}:s:{kind}:{code}:{a}") for a in AUDIENCES])
        if len(parts) == 4 and parts[3] in AUDIENCES:
            return _save(lang, staff, group, kind, code, parts[3])
    return Outgoing(text=t(lang, "groups.register_gone"))


def _save(lang: str, staff: User, group: GroupChat, kind: str, code: int, audience: str) -> Outgoing:
    block = places.block_by_code(code) if kind == areas.BLOCK else None
    group.district_code = block.district_code if block else code
    group.block_code = block.code if block else None
    group.audience, group.registered_by, group.registered_at = audience, staff.id, utcnow()
    group.language = "en" if audience == "buyers" and staff.lang == "en" else "hi"
    where = areas.describe(lang, kind, [code])
    return Outgoing(text=t(lang, "groups.registered", title=group.title or t(lang, "groups.untitled"), area=where,
                           audience=t(lang, f"groups.audience_{audience}")))


def _staff(session: Session, channel: str, address: str | None) -> User | None:
    if not address:
        return None
    user = identity.lookup(session, channel, address)  # her Telegram chat, even when she last wrote on WhatsApp
    return user if user is not None and areas.is_staff(user) else None


def in_group(session: Session, msg: Incoming, group: GroupChat, default_language: str) -> list[Outgoing]:
    """/register typed in the group, or one of its buttons tapped there."""
    staff = _staff(session, msg.channel, msg.sender)
    if staff is None:
        return [Outgoing(text=t(default_language, "groups.register_not_staff"))]
    parts = (msg.button or "").removeprefix(PREFIX).split(":") if msg.button else [str(group.id), "start"]
    if parts[0] != str(group.id):  # a button from another group's registration
        return [Outgoing(text=t(staff.lang, "groups.register_gone"))]
    return [_question(staff.lang, staff, group, parts[1:])]


# --- from the private chat ------------------------------------------------------------------
def pick_group(ctx: Context) -> None:
    if not areas.is_staff(ctx.user):
        ctx.say("groups.register_not_staff")
        return
    found = list(ctx.session.scalars(select(GroupChat).where(GroupChat.channel == ctx.msg.channel, GroupChat.active)
                                     .order_by(GroupChat.audience.is_not(None), GroupChat.id.desc()).limit(LISTED)))
    if not found:
        return ctx.say("groups.register_none")
    ctx.say_text(ctx.t("groups.register_pick"), options=[
        Option(g.title or ctx.t("groups.untitled"), f"{PREFIX}{g.id}:start") for g in found])


def on_button(ctx: Context, value: str) -> None:
    parts = value.removeprefix(PREFIX).split(":")
    group = ctx.session.get(GroupChat, int(parts[0])) if parts[0].isascii() and parts[0].isdigit() and len(parts[0]) < 10 else None
    if not areas.is_staff(ctx.user):
        return ctx.say("groups.register_not_staff")
    if group is None or not group.active or group.channel != ctx.msg.channel:
        return ctx.say("groups.register_gone")
    reply = _question(ctx.lang, ctx.user, group, parts[1:])
    ctx.say_text(reply.text, options=reply.options)
