"""Her data, her say (DPDP Act 2023): "मेरा डेटा / my data" shows what the bot holds about her;
"मेरा डेटा हटाएं / delete my data" asks once, then erases it (bot/privacy.py). The privacy notice
offered at first contact is read here too."""
from __future__ import annotations

from bot import places, privacy
from bot.conversation import Context
from bot.i18n import words

FLOW = "privacy"
READ = ("privacy.read", "privacy:read")  # the option under the first welcome
CONFIRM = [("privacy.yes_erase", "privacy:erase"), ("privacy.no_keep", "privacy:keep")]


def typed(ctx: Context) -> str:
    return " ".join(ctx.text.lower().strip("!.?।").split())


def wants(ctx: Context) -> bool:
    """Does this message belong here? The keywords work in any step, even mid-registration."""
    return (ctx.convo.flow == FLOW or ctx.choice == READ[1]
            or typed(ctx) in words("keywords.privacy_erase") | words("keywords.privacy_show"))


def handle(ctx: Context) -> None:
    from bot.router import resume  # the router imports this module

    said = typed(ctx)
    if said in words("keywords.privacy_erase"):
        return ask(ctx)
    if ctx.choice == READ[1]:
        ctx.aside = True  # the question she was answering is asked again, not this
        ctx.say("privacy.notice")
        return resume(ctx)
    if said in words("keywords.privacy_show"):
        ctx.aside = True
        show(ctx)
        return resume(ctx)
    confirm(ctx)


def ask(ctx: Context) -> None:
    ctx.goto(FLOW, "confirm")
    ctx.say("privacy.confirm", options=CONFIRM)


def confirm(ctx: Context) -> None:
    from bot.router import resume

    if ctx.choice == "privacy:erase" or ctx.said_yes():
        privacy.erase(ctx.session, ctx.settings, ctx.user, ctx.now)
        ctx.say("privacy.erased")
        return
    if ctx.choice == "privacy:keep" or typed(ctx) in words("keywords.privacy_no"):
        ctx.finish()
        ctx.say("privacy.kept")
        return resume(ctx)
    ctx.say("privacy.confirm", options=CONFIRM)


def show(ctx: Context) -> None:
    user, held = ctx.user, privacy.held(ctx.session, ctx.user)
    district = places.district_by_code(user.district_code) if user.district_code else None
    block = places.block_by_code(user.block_code) if user.block_code else None
    name = (lambda p: (p.name_hi if ctx.lang == "hi" else p.name_en) if p else "-")
    ctx.say("privacy.your_data", name=user.name or "-", phone=user.phone or "-", district=name(district),
            block=name(block), shg=user.shg_name or "-", listings=held.listings, demands=held.demands,
            photos=held.photos, messages=held.messages,
            alerts=ctx.t("privacy.alerts_off" if user.opted_out else "privacy.alerts_on"))


STEPS = {"confirm": confirm}
