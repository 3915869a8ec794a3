"""Routes one incoming message to the handler that owns it and returns the replies.

Order: group chats; the user's record; words that always work (STOP, START, help, menu, cancel);
the step the user is in; onboarding for newcomers; menu choices; anything else."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.orm import Session

from handlers import buy, connect, dashboard, deeplink, event_create, events, facilities, follow, group_register, groups, menu, mine, my_notices, notice, onboarding, optout, prices, privacy, profile, schemes, sell
from handlers import relay
from models import Conversation, User

from . import answers, identity, logs, outbox, window
from .config import Settings
from .conversation import Context, number_typed
from .i18n import words
from .market import follows
from .messages import Incoming, Outgoing
from .parser import Parsed, parse

FLOWS = {
    onboarding.FLOW: onboarding.STEPS,
    profile.FLOW: profile.STEPS,
    sell.FLOW: sell.STEPS,
    buy.FLOW: buy.STEPS,
    connect.FLOW: connect.STEPS,
    mine.FLOW: mine.STEPS,
    notice.FLOW: notice.STEPS,
    privacy.FLOW: privacy.STEPS,
    prices.FLOW: prices.STEPS,
    schemes.FLOW: schemes.STEPS,
    event_create.FLOW: event_create.STEPS,
    events.FLOW: events.STEPS,
    relay.FLOW: relay.STEPS,
}
# Buttons that carry their own subject (a match, a listing): they work whatever step the user is in.
BUTTON_PREFIXES: dict[str, Callable[[Context, str], None]] = {
    "connect:": connect.on_button, "mine:": mine.on_button, "notice:": my_notices.on_button,
    group_register.PREFIX: group_register.on_button, "follow:": follow.on_button,
    "prices:": prices.on_button, schemes.PREFIX: schemes.on_button, events.PREFIX: events.on_button,
    deeplink.PREFIX: deeplink.on_button,
    relay.PREFIX: relay.on_button,
}

# Questions answered from our own data ("mudra loan", "packing kahan hoga"): each returns True if it answered.
TOPICS: tuple[Callable[[Context], bool], ...] = (events.asked, schemes.asked, facilities.asked)
# Staff's one-line commands ("centre add ..."), read before the parser sees their numbers.
COMMANDS: tuple[Callable[[Context], bool], ...] = (facilities.command, events.command)

RESTARTS: dict[str, Callable[[Context, Parsed], None]] = {sell.FLOW: sell.from_text, buy.FLOW: buy.from_text}

MENU_ACTIONS: dict[str, Callable[[Context], None]] = {
    "menu:show": menu.show,
    "menu:sell": sell.start,
    "menu:buy": buy.start,
    "menu:mine": mine.show,
    "menu:prices": prices.start,
    "menu:notices": my_notices.recent,
    "menu:notice_send": notice.start,
    "menu:notice_mine": my_notices.show_mine,
    "menu:notice_groups": group_register.pick_group,
    "menu:events": events.show_menu,
    "menu:profile": profile.show,
    "menu:help": menu.help,
    "menu:language": profile.ask_language,
    "menu:dashboard": dashboard.send_link,
}


@dataclass
class Routed:
    user: User | None
    replies: list[Outgoing]
    convo: Conversation | None = None  # held, so the session's (weak) identity map still has it after


def route(session: Session, settings: Settings, msg: Incoming, now: datetime) -> Routed:
    if msg.chat_kind in ("group", "channel") or msg.group_event in ("added", "removed"):
        return Routed(None, groups.on_group_update(session, msg, settings.default_language))
    found = identity.find_or_create(session, msg, now)  # one person on Telegram and WhatsApp (bot/identity.py)
    user = found.user
    logs.bind(user_id=user.id)
    if msg.group_event in ("blocked", "unblocked"):  # unblocking says nothing: her next message is answered
        if found.current:  # (blocking a channel she no longer uses leaves the other one reachable)
            user.unreachable = msg.group_event == "blocked"
        return Routed(user, [])
    user.unreachable = False
    convo = found.conversation or (None if found.conversation_read else session.get(Conversation, user.id)) \
        or Conversation(user_id=user.id, data={}, options=[])
    session.add(convo)
    ctx = Context(session=session, settings=settings, user=user, convo=convo, msg=msg, now=now,
                  previous_options=list(convo.options or []), previous_labels=list(convo.option_labels or []),
                  flow_at_start=convo.flow)
    if found.linked_from:  # her first message from a second channel: the same profile answers
        ctx.say("convo2.linked", name=user.name or "", channel=ctx.t(f"convo2.channel_{found.linked_from}"))
    converse(ctx)
    menu.offer_with_last_reply(ctx)
    ctx.bind_options()
    if ctx.replies and not ctx.aside:
        convo.last_prompt = ctx.replies[-1].to_payload()
    return Routed(user, ctx.replies, convo)


def converse(ctx: Context) -> None:
    typed = ctx.text.lower()
    if nothing_to_read(ctx.msg):  # a voice note or a sticker
        ctx.say("errors.type_please")
        return resume(ctx)
    if ctx.msg.button == window.OPEN:  # "Show" on the WhatsApp template that reopened the window
        ctx.aside = True
        if outbox.waiting_for_window(ctx.session, ctx.msg.channel, ctx.msg.address):
            return  # what waited for her is the answer
        return resume(ctx)
    if typed in words("keywords.stop"):
        ctx.aside = True  # START afterwards repeats the question she was answering, not this
        return optout.stop(ctx)
    if typed in words("keywords.start"):
        optout.start(ctx)
        return resume(ctx)
    if typed in words("keywords.help") or ctx.msg.button == "menu:help":
        menu.say_help(ctx)
        return resume(ctx)
    if privacy.wants(ctx):  # "my data", "delete my data" (DPDP Act): in any step, even registering
        return privacy.handle(ctx)
    if not ctx.user.onboarded:
        if ctx.convo.flow != onboarding.FLOW:
            onboarding.start(ctx)
            return deeplink.keep_for_later(ctx)  # came by a digest's link: it opens once she is registered
        if typed.startswith("/start") or typed in words("keywords.menu"):
            return resume(ctx)  # "/start" again mid-registration: the question she was at
        return run_step(ctx)
    if typed.startswith("/start ") and (code := deeplink.code_in(typed)) and deeplink.arrive(ctx, code):
        return  # t.me/<bot>?start=L-482 from a digest
    # "0" is the hint's "0 = मेनू"; in a step it is the step's (a quantity of 0 is questioned there)
    if typed in words("keywords.menu") or typed == "/start" or (number_typed(typed) == 0 and not ctx.convo.flow):
        ctx.finish()
        return menu.show(ctx)
    if typed in words("keywords.dashboard"):
        ctx.finish()
        return dashboard.send_link(ctx)
    if typed in words("keywords.cancel"):
        was_busy = ctx.convo.flow is not None
        ctx.finish()
        ctx.say("menu.cancelled" if was_busy else "menu.nothing_to_cancel")
        return menu.show(ctx)
    if ctx.msg.button and ctx.msg.button.startswith(("menu:", "profile:")):
        ctx.finish()  # a button from an earlier message: the user changed their mind
        return choose(ctx, ctx.msg.button)
    for prefix, handler in BUTTON_PREFIXES.items():
        if ctx.choice and ctx.choice.startswith(prefix):  # a tap, "1" or "haan" to an alert's options
            ctx.task_done = True
            return handler(ctx, ctx.choice)
    if relay.is_contact_share(ctx.msg):  # her own contact, shared after a connection asked for it
        return relay.phone_shared(ctx)
    if ctx.choice is None and (item := menu.typed(ctx)):  # "mandi bhav", "सूचनाएं": as if tapped, anywhere
        ctx.finish()
        return choose(ctx, item)
    if ctx.convo.flow:
        if expired(ctx):
            ctx.finish()
            ctx.say("menu.expired")
            if ctx.choice is None and parse(ctx.text).intent in ("sell", "buy"):
                return understand(ctx)  # a new listing or demand typed after the break is not lost
            return menu.show(ctx)
        if (parsed := another_item(ctx)) is not None:
            return RESTARTS[ctx.convo.flow](ctx, parsed)
        return run_step(ctx)
    if ctx.choice:
        return choose(ctx, ctx.choice)
    if answers.ambiguous(ctx.text, ctx.previous_options) and len(ctx.previous_labels) == len(ctx.previous_options):
        return menu.repeat_question(ctx)  # "haan" where two "interested" options could be meant
    understand(ctx)


def nothing_to_read(msg: Incoming) -> bool:
    """No text, button, place, phone, picture or PDF: what is left (voice, sticker) we cannot read yet."""
    pictures = [m for m in msg.media if (m.content_type or "").startswith("image/") or m.content_type == "application/pdf"]
    return not (msg.text.strip() or msg.button or msg.location or msg.phone or pictures)


def understand(ctx: Context) -> None:
    """Free text outside any step: a listing or demand in one message, a code, or the menu."""
    if ctx.text.lower() in words("keywords.notice"):  # staff start a notice, others see recent ones
        return my_notices.keyword(ctx)
    if code := mine.parse_code(ctx.text):  # "L-12", "d 7": one of the user's own listings or demands
        if mine.own_item(ctx, code) is None and deeplink.arrive(ctx, code):
            return  # someone else's, sent from a digest (wa.me/<number>?text=L-482)
        return mine.on_code(ctx, ctx.text)
    if any(command(ctx) for command in COMMANDS):
        return
    parsed = parse(ctx.text)  # read once: for a change to her own item, and else for a new one
    if mine.change_by_text(ctx, parsed):  # "aloo ka daam 25 kar do", "makhana bik gaya": her own listing, never a demand
        return
    if prices.special(ctx):  # "haat bhav: aloo 18 kilo Bihta", "aloo 20 se upar ho to batana"
        return
    if follows.asks_for_list(ctx.text):  # "meri follow list"
        return follow.show_list(ctx)
    if follows.asks_to_follow(ctx.text):  # "makhana Purnia follow karo"
        return follow.from_text(ctx)
    if parsed.quantity is None and any(asked(ctx) for asked in TOPICS):  # a listing always has a quantity
        return
    if parsed.intent == "sell" and ctx.user.role != "buyer":
        return sell.from_text(ctx, parsed)
    if parsed.intent in ("buy", "sell"):  # a buyer's bare "aloo 2 quintal" is what he wants
        return buy.from_text(ctx, parsed)
    if parsed.intent == "price":
        return prices.from_text(ctx, parsed)
    menu.not_understood(ctx)


def another_item(ctx: Context) -> Parsed | None:
    """Mid-listing or mid-demand, a whole new one typed ("50 kilo makhana 700") for another product:
    start over with it rather than mix its numbers into the draft."""
    drafting = ctx.data.get("product")
    if ctx.convo.flow not in RESTARTS or not drafting or ctx.convo.step == "product" or ctx.choice:
        return None
    parsed = parse(ctx.text)
    if parsed.intent in ("sell", "buy") and parsed.product not in (None, drafting) and parsed.quantity is not None:
        return parsed
    return None


def run_step(ctx: Context) -> None:
    steps = FLOWS.get(ctx.convo.flow or "", {})
    step = steps.get(ctx.convo.step or "")
    if step is None:  # a flow from an older version of the bot
        ctx.finish()
        return menu.show(ctx)
    step(ctx)


def choose(ctx: Context, value: str) -> None:
    if value.startswith("profile:"):
        return profile.edit(ctx, value)
    if value.startswith("buy:"):  # "post a requirement" under a browse result
        ctx.goto(buy.FLOW, "choose")
        return buy.choose(ctx)
    for prefix, handler in BUTTON_PREFIXES.items():
        if value.startswith(prefix):
            return handler(ctx, value)
    action = MENU_ACTIONS.get(value)
    if action is None:
        return menu.not_understood(ctx)
    action(ctx)


def resume(ctx: Context) -> None:
    """Repeat the question the user was answering, or show the menu."""
    prompt = ctx.convo.last_prompt
    if ctx.convo.flow and prompt:
        question = Outgoing.from_payload(prompt)
        ctx.say_text(question.text, options=question.options, contact_button=question.contact_button)
    elif not ctx.user.onboarded:
        onboarding.start(ctx)
    else:
        menu.show(ctx)


def expired(ctx: Context) -> bool:
    limit = timedelta(minutes=ctx.settings.conversation_expire_minutes)
    return ctx.convo.updated_at is not None and ctx.now - ctx.convo.updated_at > limit
