"""The short main menu, help, and the answer to anything not understood."""
from __future__ import annotations

from bot.conversation import Context
from bot.messages import Option
from models import Role

MENU = [
    ("menu.sell", "menu:sell"),
    ("menu.buy", "menu:buy"),
    ("menu.mine", "menu:mine"),
    ("menu.prices", "menu:prices"),
    ("menu.notices", "menu:notices"),
    ("menu.events", "menu:events"),
    ("menu.profile", "menu:profile"),
    ("menu.help", "menu:help"),
    ("menu.language", "menu:language"),
]
STAFF_MENU = [  # staff and admins: no selling or buying
    ("menu.notice_send", "menu:notice_send"),
    ("menu.notice_mine", "menu:notice_mine"),
    ("menu.notice_groups", "menu:notice_groups"),
    ("menu.events", "menu:events"),
    ("menu.dashboard", "menu:dashboard"),
    ("menu.profile", "menu:profile"),
    ("menu.help", "menu:help"),
    ("menu.language", "menu:language"),
]


def for_user(ctx: Context) -> list[tuple[str, str]]:
    """A buyer's menu has no "sell": he cannot list. Staff and admins send notices."""
    if ctx.user.role in (Role.STAFF, Role.ADMIN):
        return STAFF_MENU
    return [item for item in MENU if not (item[1] == "menu:sell" and ctx.user.role == Role.BUYER)]


def show(ctx: Context) -> None:
    ctx.say("menu.title", options=for_user(ctx))


def offer_with_last_reply(ctx: Context) -> None:
    """Outside a conversation step, the last reply carries the menu's buttons, so every answer
    can be followed by a tap or a number, without an extra message on a slow phone."""
    last = ctx.replies[-1] if ctx.replies else None
    if last is None or last.options or ctx.convo.flow or not ctx.user.onboarded:
        return
    ctx.replies.pop()
    ctx.say_text(last.text, options=[Option(ctx.t(k), v) for k, v in for_user(ctx)], photo=last.photo)


def help(ctx: Context) -> None:
    ctx.say("help.text")
    show(ctx)


def not_understood(ctx: Context) -> None:
    ctx.say("menu.not_understood")
    show(ctx)


def coming_soon(ctx: Context) -> None:
    ctx.say("menu.coming_soon")
    show(ctx)

