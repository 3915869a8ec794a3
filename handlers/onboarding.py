"""First contact: language, role, name, district, block, SHG name (didis), phone (Telegram).

Each answer is saved on the user at once, so a wrong answer or a break never loses what came before."""
from __future__ import annotations

import re

from bot import places
from bot.conversation import Context
from bot.i18n import words
from bot.messages import Option
from models import Role

from . import far_buyer, menu, privacy, profile

FLOW = "onboarding"
LANGUAGES = [("language.hi", "lang:hi"), ("language.en", "lang:en")]
WELCOME = [*LANGUAGES, privacy.READ]  # first contact: the one-line privacy notice can be read in full
ROLES = [("onboarding.role_didi", "role:didi"), ("onboarding.role_buyer", "role:buyer")]
_INDIAN_MOBILE = re.compile(r"^(?:\+?91|0)?([6-9]\d{9})$")


def start(ctx: Context) -> None:
    ctx.goto(FLOW, "language")
    ctx.say("onboarding.welcome", options=WELCOME)


def language(ctx: Context) -> None:
    lang = pick_language(ctx)
    if lang is None:
        ctx.say("onboarding.welcome", options=WELCOME)
        return
    ctx.user.language = lang
    ask_role(ctx)


def pick_language(ctx: Context) -> str | None:
    """ "lang:hi" from a button or number, or the language's name typed in either script."""
    if ctx.choice in ("lang:hi", "lang:en"):
        return ctx.choice.split(":")[1]
    typed = ctx.text.lower()
    for lang in ("hi", "en"):
        if typed in words(f"keywords.language_{lang}"):
            return lang
    return None


def ask_role(ctx: Context) -> None:
    ctx.goto(FLOW, "role")
    ctx.say("onboarding.ask_role", options=ROLES)


def role(ctx: Context) -> None:
    chosen = ctx.choice
    if chosen not in ("role:didi", "role:buyer"):
        typed = ctx.text.lower()
        chosen = next((v for v in ("role:didi", "role:buyer") if typed in words(f"keywords.{v.replace(':', '_')}")), None)
    if chosen is None:
        ctx.say("onboarding.role_again", options=ROLES)
        return
    ctx.user.role = chosen.split(":")[1]
    ask_name(ctx)


def ask_name(ctx: Context) -> None:
    ctx.goto(FLOW, "name")
    if ctx.user.profile_name and valid_name(ctx.user.profile_name):
        ctx.say_text(ctx.t("onboarding.ask_name_known", name=ctx.user.profile_name),
                     options=[Option(ctx.user.profile_name, "name:profile")])
    else:
        ctx.say("onboarding.ask_name")


def valid_name(text: str) -> bool:
    return (2 <= len(text) <= 60 and any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)
            and not text.startswith("/"))


def name(ctx: Context) -> None:
    if ctx.choice == "name:profile":
        given = ctx.user.profile_name or ""
    else:
        given = " ".join(ctx.text.split())
    if not valid_name(given):
        ctx.say("onboarding.name_again")
        return
    ctx.user.name = given
    next_step(ctx, ask_district)


LIST = ("onboarding.district_list", "district:list")


def ask_district(ctx: Context) -> None:
    ctx.goto(FLOW, "district")
    ctx.say("onboarding.ask_district", options=[LIST, *([far_buyer.OPTION] if ctx.user.role == Role.BUYER else [])])


def district_list(ctx: Context) -> None:
    """All 38 districts, to pick by number or tap, for whoever would rather not type."""
    found = sorted(places.districts(), key=lambda d: district_label(ctx, d))
    ctx.say_text(ctx.t("onboarding.district_pick"),
                 options=[Option(district_label(ctx, d), f"district:{d.code}") for d in found])


def district(ctx: Context) -> None:
    found = None
    if ctx.choice == LIST[1]:
        return district_list(ctx)
    if ctx.user.role == Role.BUYER and far_buyer.says_outside(ctx):  # a buyer outside Bihar
        return far_buyer.begin(ctx)
    if ctx.choice and ctx.choice.startswith("district:"):
        code = ctx.chosen_code("district:")
        found = places.district_by_code(code) if code is not None else None
    elif ctx.msg.location:  # a shared location: the district whose headquarters is nearest
        found = places.nearest_district(*ctx.msg.location)
    elif dont_know(ctx):
        ctx.say("convo2.district_dont_know")
        return district_list(ctx)
    elif ctx.text:
        found = sure(places.match_district(ctx.text))
    if found is None and ctx.user.role == Role.BUYER and ctx.text and far_buyer.states.find(ctx.text):
        return far_buyer.begin(ctx, ctx.text)  # "Delhi" where a district was asked
    if found is None:
        suggestions = places.suggest_districts(ctx.text, limit=5) if ctx.text else []
        if suggestions:
            ctx.say_text(ctx.t("onboarding.district_did_you_mean", text=ctx.text),
                         options=[Option(district_label(ctx, d), f"district:{d.code}") for d in suggestions]
                         + [Option(ctx.t(LIST[0]), LIST[1])])
        else:
            ctx.say("onboarding.district_again", options=[LIST])
        return
    if ctx.user.district_code != found.code:
        ctx.user.block_code = None
    ctx.user.district_code = found.code
    ctx.user.state_code = ctx.user.city = None  # in Bihar after all
    ask_block(ctx)


def district_label(ctx: Context, d: places.District) -> str:
    return d.name_hi if ctx.lang == "hi" else d.name_en


def block_label(ctx: Context, b: places.Block) -> str:
    return b.name_hi if ctx.lang == "hi" and b.name_hi else b.name_en


def ask_block(ctx: Context) -> None:
    ctx.goto(FLOW, "block")
    d = places.district_by_code(ctx.user.district_code)
    ctx.say_text(ctx.t("onboarding.ask_block", district=district_label(ctx, d)),
                 options=[Option(block_label(ctx, b), f"block:{b.code}") for b in places.blocks_of(d.code)])


def block(ctx: Context) -> None:
    found = None
    if ctx.choice and ctx.choice.startswith("block:"):
        code = ctx.chosen_code("block:")
        found = places.block_by_code(code) if code is not None else None
    elif dont_know(ctx):  # "pata nahi" is no block: the list again, and who can tell her
        ctx.say("convo2.block_dont_know")
        return ask_block(ctx)
    elif ctx.text:
        match = places.match_block(ctx.user.district_code, ctx.text)
        if match and match[1] < places.NEAR_EXACT:  # a guess: she confirms it with one tap
            return block_did_you_mean(ctx)
        found = sure(match)
    if found is None or found.district_code != ctx.user.district_code:
        ctx.say("onboarding.block_again")
        ask_block(ctx)
        return
    ctx.user.block_code = found.code
    if ctx.data.get("editing"):
        profile.saved(ctx)
    elif ctx.user.role == Role.DIDI:
        ctx.goto(FLOW, "shg")
        ctx.say("onboarding.ask_shg")
    else:
        after_details(ctx)


def dont_know(ctx: Context) -> bool:
    """ "pata nahi", "मालूम नहीं", "skip": she needs help, not a place that sounds like it."""
    return " ".join(ctx.text.lower().replace("?", " ").replace("।", " ").split()) in words("keywords.dont_know")


def sure(match):
    """A place typed (nearly) as it is spelt; a fuzzier guess is offered as "did you mean" instead."""
    return match[0] if match and match[1] >= places.NEAR_EXACT else None


def block_did_you_mean(ctx: Context) -> None:
    d = places.district_by_code(ctx.user.district_code)
    guesses = places.suggest_blocks(d.code, ctx.text, limit=5)
    others = [b for b in places.blocks_of(d.code) if b not in guesses]
    ctx.say_text(ctx.t("convo2.block_did_you_mean", text=ctx.text, district=district_label(ctx, d)),
                 options=[Option(block_label(ctx, b), f"block:{b.code}") for b in guesses + others])


def shg(ctx: Context) -> None:
    if dont_know(ctx):  # never stored as her group's name
        return ctx.say("convo2.shg_dont_know")
    given = " ".join(ctx.text.split())
    if not (2 <= len(given) <= 120) or not any(c.isalpha() for c in given):
        ctx.say("onboarding.shg_again")
        return
    ctx.user.shg_name = given
    next_step(ctx, after_details)


def after_details(ctx: Context) -> None:
    if ctx.user.phone or ctx.msg.channel != "telegram":
        done(ctx)
        return
    ctx.goto(FLOW, "phone")
    ctx.say("onboarding.ask_phone", options=[("onboarding.skip_phone", "phone:skip")], ask_contact=True)


def phone(ctx: Context) -> None:
    if not ctx.msg.phone and ctx.choice != "phone:skip":  # a shared contact: the router stored it, verified
        typed = _INDIAN_MOBILE.match(re.sub(r"[\s-]", "", ctx.text))
        if not typed:
            ctx.say("onboarding.phone_again", options=[("onboarding.skip_phone", "phone:skip")], ask_contact=True)
            return
        ctx.user.phone, ctx.user.phone_verified = "+91" + typed.group(1), False  # typed: shown, never trusted
    done(ctx)


def next_step(ctx: Context, ask_next) -> None:
    """Onboarding goes on to the next question; an edit from the profile ends here."""
    if ctx.data.get("editing"):
        profile.saved(ctx)
    else:
        ask_next(ctx)


def done(ctx: Context) -> None:
    from . import deeplink

    link = ctx.data.get(deeplink.PENDING)
    ctx.user.onboarded = True
    ctx.finish()
    ctx.say("onboarding.done_didi" if ctx.user.role == Role.DIDI else "onboarding.done_buyer", name=ctx.user.name,
            drop_contact_button=True)  # Telegram's "share my number" keyboard is done with
    if not (link and deeplink.arrive(ctx, link)):  # she came by a digest's link: it opens now
        menu.show(ctx)


STEPS = {
    "language": language,
    "role": role,
    "name": name,
    "district": district,
    "block": block,
    "shg": shg,
    "phone": phone,
    **far_buyer.STEPS,
}
