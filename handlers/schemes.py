"""A question about loans or a scheme: the best one or two entries in a few lines, then
"1. और जानकारी 2. स्टाफ़ से बात"; talking to staff asks her consent to share her number first."""
from __future__ import annotations

from bot import outbox, schemes
from bot.area_staff import staff_for
from bot.conversation import Context
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from handlers import menu

FLOW = "schemes"
PREFIX = "scheme:"
MORE, STAFF, SHARE, KEEP = "scheme:more", "scheme:staff", "scheme:share", "scheme:keep"


def asked(ctx: Context) -> bool:
    """Answer if the message is about schemes or loans; False leaves it to others."""
    found = schemes.find(ctx.text)
    if not found:
        return False
    lines = [ctx.t("schemes.intro")]
    for n, scheme in enumerate(found, 1):
        lines.append(ctx.t("schemes.entry", n=n, name=scheme.say("name", ctx.lang), gives=scheme.say("gives", ctx.lang),
                           eligible=scheme.say("eligible", ctx.lang)))
    ctx.remember(scheme_question=ctx.text[:300], scheme_keys=[s.key for s in found])
    ctx.say_text("\n".join(lines), options=[Option(ctx.t("schemes.more_option"), MORE),
                                           Option(ctx.t("schemes.staff_option"), STAFF)])
    return True


def on_button(ctx: Context, value: str) -> None:
    found = [s for s in (schemes.by_key(k) for k in ctx.data.get("scheme_keys") or []) if s]
    if not found:  # the question was forgotten (menu, another flow): ask it again
        ctx.finish()
        ctx.say("schemes.expired")
        return menu.show(ctx)
    if value == MORE:
        return more(ctx, found)
    if value == STAFF:
        ctx.goto(FLOW, "consent")
        return ask_consent(ctx)
    if value in (SHARE, KEEP):
        return decide(ctx, value == SHARE, found)
    menu.not_understood(ctx)


def more(ctx: Context, found: list[schemes.Scheme]) -> None:
    parts = []
    for scheme in found:
        parts.append(ctx.t("schemes.more", name=scheme.say("name", ctx.lang), apply=scheme.say("apply", ctx.lang),
                           documents=scheme.say("documents", ctx.lang), office=scheme.say("office", ctx.lang)))
        if scheme.unconfirmed:
            parts.append(ctx.t("schemes.unconfirmed"))
    parts.append(ctx.t("schemes.checked", date=fmt.day(min(s.checked for s in found))))
    ctx.say_text("\n".join(parts), options=[Option(ctx.t("schemes.staff_option"), STAFF)])


def ask_consent(ctx: Context) -> None:
    ctx.say("schemes.ask_consent", options=[("schemes.consent_yes", SHARE), ("schemes.consent_no", KEEP)])


def consent(ctx: Context) -> None:
    """Step: she typed instead of tapping ("haan", "nahi")."""
    if ctx.said_yes():
        return on_button(ctx, SHARE)
    if ctx.text.lower() in ("no", "nahi", "nahin", "नहीं", "ना"):
        return on_button(ctx, KEEP)
    ctx.say("schemes.ask_again")
    ask_consent(ctx)


def decide(ctx: Context, share: bool, found: list[schemes.Scheme]) -> None:
    office = found[0].say("office", ctx.lang)
    question = ctx.data.get("scheme_question") or ""
    ctx.finish()
    if not share:
        ctx.say("schemes.not_shared", office=office)
        return menu.show(ctx)
    if not ctx.user.phone:
        ctx.say("schemes.no_phone", office=office)
        return menu.show(ctx)
    staff = staff_for(ctx.session, ctx.user.district_code, ctx.user.block_code)
    if not staff:
        ctx.say("schemes.no_staff", office=office)
        return menu.show(ctx)
    for person in staff:
        text = t(person.lang, "schemes.to_staff", name=ctx.user.name or ctx.user.profile_name or "-",
                  place=fmt.place(person.lang, ctx.user.district_code, ctx.user.block_code), phone=ctx.user.phone,
                  question=question, schemes=", ".join(s.say("name", person.lang) for s in found))
        outbox.push(ctx.session, person, Outgoing(text=text))
    ctx.say("schemes.sent", count=len(staff))
    menu.show(ctx)


STEPS = {"consent": consent}
