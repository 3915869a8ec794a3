"""The user's own profile: see it, change name, place, SHG name or language."""
from __future__ import annotations

from bot import places, states
from bot.conversation import Context
from models import Role

from . import menu

FLOW = "profile"


def show(ctx: Context) -> None:
    user = ctx.user
    district = places.district_by_code(user.district_code) if user.district_code else None
    block = places.block_by_code(user.block_code) if user.block_code else None
    lang = ctx.lang
    if user.district_code is None and user.state_code is not None:  # a buyer outside Bihar
        place = states.place_name(lang, user.state_code, user.city)
    else:
        place = ", ".join((
            (block.name_hi if lang == "hi" and block.name_hi else block.name_en) if block else "-",
            (district.name_hi if lang == "hi" else district.name_en) if district else "-"))
    ctx.say(
        "profile.card",
        name=user.name or "-",
        role=ctx.t(f"profile.role_{user.role or 'didi'}"),
        place=place,
        shg=user.shg_name or "-",
        phone=user.phone or ctx.t("profile.no_phone"),
        options=edit_options(ctx),
    )


def edit_options(ctx: Context) -> list[tuple[str, str]]:
    options = [("profile.edit_name", "profile:name"), ("profile.edit_place", "profile:place")]
    if ctx.user.role == Role.DIDI:
        options.append(("profile.edit_shg", "profile:shg"))
    options += [("profile.edit_language", "profile:language"), ("profile.back", "menu:show")]
    return options


def edit(ctx: Context, value: str) -> None:
    """Start changing one field; the onboarding step that asks for it does the work."""
    from . import onboarding

    ctx.finish()
    ctx.remember(editing=True)
    if value == "profile:name":
        onboarding.ask_name(ctx)
    elif value == "profile:place":
        onboarding.ask_district(ctx)
    elif value == "profile:shg":
        ctx.goto(onboarding.FLOW, "shg")
        ctx.say("onboarding.ask_shg")
    else:
        ask_language(ctx)


def ask_language(ctx: Context) -> None:
    from .onboarding import LANGUAGES

    ctx.goto(FLOW, "language")
    ctx.say("profile.ask_language", options=LANGUAGES)


def language(ctx: Context) -> None:
    from .onboarding import LANGUAGES, pick_language

    lang = pick_language(ctx)
    if lang is None:
        ctx.say("profile.ask_language", options=LANGUAGES)
        return
    ctx.user.language = lang
    ctx.finish()
    ctx.say("profile.language_set")
    menu.show(ctx)


def saved(ctx: Context) -> None:
    ctx.finish()
    ctx.say("profile.saved")
    show(ctx)


STEPS = {"language": language}
