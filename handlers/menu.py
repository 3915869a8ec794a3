"""The short main menu, help, and the answer to anything not understood."""
from __future__ import annotations

from bot.conversation import Context

MENU = [
    ("menu.sell", "menu:sell"),
    ("menu.buy", "menu:buy"),
    ("menu.mine", "menu:mine"),
    ("menu.prices", "menu:prices"),
    ("menu.notices", "menu:notices"),
    ("menu.profile", "menu:profile"),
    ("menu.help", "menu:help"),
    ("menu.language", "menu:language"),
]


def show(ctx: Context) -> None:
    ctx.say("menu.title", options=MENU)


def help(ctx: Context) -> None:
    ctx.say("help.text")
    show(ctx)


def not_understood(ctx: Context) -> None:
    ctx.say("menu.not_understood")
    show(ctx)


def coming_soon(ctx: Context) -> None:
    ctx.say("menu.coming_soon")
    show(ctx)

