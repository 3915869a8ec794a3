"""Onboarding for a buyer outside Bihar: instead of a district, a state or union territory (or
another country) and a city. Such buyers are spoken to in English, Hindi one tap away. The steps
belong to the onboarding flow (its STEPS name them), so a break resumes them like any other."""
from __future__ import annotations

from bot import states
from bot.conversation import Context
from bot.i18n import words
from bot.messages import Option

OUTSIDE = "district:outside"
OPTION = ("far.outside", OUTSIDE)
ABROAD, LIST, HINDI, ENGLISH = "far:abroad", "far:list", "far:hi", "far:en"


def says_outside(ctx: Context) -> bool:
    return ctx.choice == OUTSIDE or ctx.text.lower() in words("keywords.outside_bihar")


def begin(ctx: Context, typed: str | None = None) -> None:
    """ "Outside Bihar" chosen (or a state typed where a district was asked): English from here on."""
    ctx.user.language = "en"
    ctx.user.district_code = ctx.user.block_code = None
    if typed and take_state(ctx, typed):
        return
    ask_state(ctx)


def _switch(ctx: Context) -> list[Option]:
    return [Option(ctx.t("far.in_hindi"), HINDI)] if ctx.lang == "en" else [Option(ctx.t("far.in_english"), ENGLISH)]


def ask_state(ctx: Context, key: str = "far.ask_state") -> None:
    ctx.goto("onboarding", "state")
    ctx.say_text(ctx.t(key), options=[Option(ctx.t("far.state_list"), LIST), Option(ctx.t("far.abroad"), ABROAD),
                                      *_switch(ctx)])


def state(ctx: Context) -> None:
    if ctx.choice in (HINDI, ENGLISH):
        ctx.user.language = "hi" if ctx.choice == HINDI else "en"
        return ask_state(ctx)
    if ctx.choice == LIST:
        return ctx.say_text(ctx.t("far.state_pick"), options=[Option(s.name(ctx.lang), f"far:state:{s.code}")
                                                              for s in states.states()])
    if ctx.choice == ABROAD:
        ctx.user.state_code = states.ABROAD
        ctx.goto("onboarding", "city")
        return ctx.say("far.ask_country")
    if ctx.choice and ctx.choice.startswith("far:state:"):
        picked = states.state_by_code(ctx.chosen_code("far:state:"))
        if picked is None:
            return ask_state(ctx, "far.state_again")
        ctx.user.state_code, ctx.user.city = picked.code, None
        return finish(ctx) if picked.one_city else ask_city(ctx)
    if not take_state(ctx, ctx.text):
        suggestions = states.suggest(ctx.text)
        if suggestions:
            return ctx.say_text(ctx.t("far.did_you_mean"), options=[
                Option(s.name(ctx.lang), f"far:state:{s.code}") for s in suggestions] + [Option(ctx.t("far.state_list"), LIST)])
        ask_state(ctx, "far.state_again")


def take_state(ctx: Context, typed: str) -> bool:
    """A typed state or city: saved, then the city is asked unless the answer named one."""
    found = states.find(typed)
    if found is None:
        return False
    ctx.user.state_code, ctx.user.city = found[0].code, found[1]
    if found[1] or found[0].one_city:
        finish(ctx)
    else:
        ask_city(ctx)
    return True


def ask_city(ctx: Context) -> None:
    ctx.goto("onboarding", "city")
    ctx.say("far.ask_city", state=states.state_by_code(ctx.user.state_code).name(ctx.lang))


def city(ctx: Context) -> None:
    given = " ".join(ctx.text.split())
    if (not (2 <= len(given) <= 80) or not any(c.isalpha() for c in given) or any(c.isdigit() for c in given)
            or ctx.choice):
        return ctx.say("far.city_again")
    ctx.user.city = given
    finish(ctx)


def finish(ctx: Context) -> None:
    from . import onboarding, profile  # the rest of registration (the phone on Telegram), then the menu

    if ctx.data.get("editing"):
        return profile.saved(ctx)
    onboarding.after_details(ctx)


STEPS = {"state": state, "city": city}


def tell_staff_of_connection(session, match, listing, demand, seller, buyer) -> None:
    """A didi connected with a buyer outside Bihar: her block's staff (and her district's) are told,
    to help with packing and dispatch."""
    from sqlalchemy import select

    from bot import outbox
    from bot.i18n import t
    from bot.market import format as fmt
    from bot.messages import Outgoing
    from models import User

    staff = session.scalars(select(User).where(User.role.in_(["staff", "admin"]), User.district_code == listing.district_code))
    for member in staff:
        if member.block_code is not None and member.block_code != listing.block_code:
            continue
        lang = member.lang
        outbox.push(session, member, Outgoing(text=t(
            lang, "far.staff_connection", place=states.place_name(lang, demand.state_code, demand.city),
            buyer=f"{buyer.name or buyer.profile_name or '-'} ({demand.code})", seller=seller.name or seller.profile_name or "-",
            listing=listing.code, line=fmt.listing_line(lang, listing))))
