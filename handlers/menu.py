"""The short main menu, help, and the answer to anything not understood."""
from __future__ import annotations

from bot import answers
from bot.conversation import Context
from bot.messages import Option, Outgoing
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
    """The menu. After a reply of this turn that has no buttons ("no events", "cancelled") its
    buttons go on that reply: one message, not two. Otherwise (on request) it is its own message."""
    last = ctx.replies[-1] if ctx.replies else None
    if last is not None and can_carry_menu(last):
        last.options = options(ctx)
        return
    ctx.say_text(ctx.t("menu.title"), options=options(ctx))


def options(ctx: Context) -> list[Option]:
    return [Option(ctx.t(k), v) for k, v in for_user(ctx)]


def can_carry_menu(reply: Outgoing) -> bool:
    """No buttons of its own, and no Telegram keyboard to show or take away (those turn buttons
    into a numbered list: see bot/channels/telegram.py)."""
    return not reply.options and not reply.contact_button and not reply.remove_keyboard


def offer_with_last_reply(ctx: Context) -> None:
    """Outside a conversation step: after a finished task (a step or a question just answered) the
    last reply carries the menu's buttons; after a plain answer, only a one-line "0 = मेनू" hint, so a
    chat stays short on a small phone (and the question asked before it keeps its numbers)."""
    last = ctx.replies[-1] if ctx.replies else None
    if last is None or last.options or ctx.convo.flow or not ctx.user.onboarded:
        return
    if ctx.task_done or ctx.flow_at_start:
        return show(ctx)
    last.text = f"{last.text}\n{ctx.t('menu_hint.text')}"


def typed(ctx: Context) -> str | None:
    """A menu item typed as words ("mandi bhav", "सूचनाएं", "मेरी जानकारी"): its value, as if tapped."""
    return answers.menu_item(ctx.text, for_user(ctx))


def repeat_question(ctx: Context) -> None:
    """ "haan" to a question with several options ("interested in D-3", "in D-4"): which one?"""
    options = [Option(label, value) for value, label in zip(ctx.previous_options, ctx.previous_labels)]
    ctx.say_text(ctx.t("typed.pick_number"), options=options)


def help(ctx: Context) -> None:
    say_help(ctx)
    show(ctx)


def say_help(ctx: Context) -> None:
    """What this user can do here now: a buyer is not told to sell, staff are told their tools."""
    if not ctx.user.onboarded:
        return ctx.say("help.newcomer")
    ctx.say({Role.BUYER: "help.buyer", Role.STAFF: "help.staff", Role.ADMIN: "help.staff"}.get(ctx.user.role, "help.didi"))


def not_understood(ctx: Context) -> None:
    ctx.say("menu.not_understood")
    show(ctx)


def coming_soon(ctx: Context) -> None:
    ctx.say("menu.coming_soon")
    show(ctx)

