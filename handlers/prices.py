"""Mandi prices in chat: "aloo ka bhav" or the menu's "मंडी भाव" (which product? hers first) gets
the nearest recent reports; "haat bhav: aloo 18 kilo Bihta" reports a local price (a didi's waits
for staff, who approve with one tap); "aloo 20 se upar ho to batana" or the button under an answer
sets a threshold alert; another button turns the daily price line on or off."""
from __future__ import annotations

from sqlalchemy import select

from bot import catalog, outbox, places
from bot.conversation import Context
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from bot.parser import Parsed, parse
from bot.prices import alerts, answer as say_price, approval, haat, lookup, queries, reading
from bot.prices.settings import price_settings
from models import Listing, ListingStatus, PriceFollower, PriceReport, PriceSource, ReportStatus, Role, User

from . import menu

FLOW = "prices"
POPULAR = ["potato", "onion", "wheat", "rice", "tomato", "makhana"]
CHOICES = 6


def start(ctx: Context) -> None:
    """ "मंडी भाव" from the menu: which product? Her own listed products first."""
    ctx.finish()
    ctx.goto(FLOW, "product")
    mine = ctx.session.scalars(select(Listing.product).where(Listing.user_id == ctx.user.id,
                                                            Listing.status == ListingStatus.ACTIVE)
                               .order_by(Listing.created_at.desc())).all()
    keys = list(dict.fromkeys([*mine, *POPULAR]))[:CHOICES]
    ctx.say_text(ctx.t("prices.ask_product"), options=[Option(catalog.name(k, ctx.lang), f"prices:ask:{k}") for k in keys])


def product(ctx: Context) -> None:
    """The answer to "which product?": a button, a number, or a typed name."""
    if ctx.choice and ctx.choice.startswith("prices:"):
        return on_button(ctx, ctx.choice)
    parsed = parse(ctx.text)
    if parsed.product is None:
        ctx.say("prices.ask_product_again")
        return
    ctx.finish()
    answer(ctx, parsed.product, _district(ctx, parsed))


def from_text(ctx: Context, parsed: Parsed) -> None:
    """The parser's `price` intent: "aloo ka bhav", "makhana rate Purnia"."""
    if parsed.product is None:
        return start(ctx)
    answer(ctx, parsed.product, _district(ctx, parsed))


def _district(ctx: Context, parsed: Parsed) -> int | None:
    named = places.district_by_name(parsed.district) if parsed.district else None
    return named.code if named else ctx.user.district_code


def special(ctx: Context) -> bool:
    """A haat report or a threshold alert typed as free text; False when it is neither."""
    report = reading.haat_report(ctx.text) if ctx.user.role != Role.BUYER else None
    if report is not None:
        take_haat_report(ctx, report)
        return True
    wanted = reading.threshold(ctx.text)
    if wanted is not None and wanted.product:
        set_alert(ctx, wanted.product, wanted)
        return True
    return False


# --- answering ----------------------------------------------------------------------------------
def answer(ctx: Context, key: str, district_code: int | None) -> None:
    """The nearest recent reports, at most `lines_shown`; or the honest "not reported" answer."""
    ps = price_settings(ctx.settings)
    if queries.over_limit(ctx.session, ctx.user.id, ctx.now, ps.max_queries_per_hour):
        ctx.say("prices.too_many", limit=ps.max_queries_per_hour)
        return menu.show(ctx)
    queries.record(ctx.session, ctx.user.id, key, ctx.now)
    today = ctx.local(ctx.now).date()
    name = catalog.name(key, ctx.lang)
    quotes = lookup.nearest(ctx.session, key, district_code, ps.states, today, ps.recent_days, ps.lines_shown)
    lines = [say_price.quote_line(ctx.lang, r, today, ps.old_after_days) for r in quotes]
    if any(r.source == PriceSource.AGMARKNET for r in quotes):
        text = "\n".join([ctx.t("prices.title", product=name), *lines, ctx.t("prices.source")])
    else:
        text = "\n".join([ctx.t("prices.not_reported", product=name), *lines,
                          say_price.listings_summary(ctx.session, ctx.lang, key, ctx.now)])
    follower = ctx.session.get(PriceFollower, ctx.user.id)
    daily = ("prices.daily_off", "prices:daily:off") if follower and follower.daily else ("prices.daily_on", f"prices:daily:on:{key}")
    ctx.say_text(text, options=[Option(ctx.t("prices.alert_button"), f"prices:alert:{key}"),
                                Option(ctx.t(daily[0]), daily[1]), Option(ctx.t("prices.menu"), "menu:show")])


# --- buttons ------------------------------------------------------------------------------------
def on_button(ctx: Context, value: str) -> None:
    parts = value.split(":")
    action, arg = (parts[1] if len(parts) > 1 else ""), (parts[2] if len(parts) > 2 else "")
    if action == "ask" and catalog.product(arg):
        ctx.finish()
        return answer(ctx, arg, ctx.user.district_code)
    if action == "alert" and catalog.product(arg):
        ctx.finish()
        ctx.goto(FLOW, "threshold")
        ctx.remember(product=arg)
        return ctx.say("prices.ask_threshold", product=catalog.name(arg, ctx.lang),
                       unit=ctx.t(f"units.{catalog.product(arg).unit}"))
    if action == "daily":
        return set_daily(ctx, arg == "on", parts[3] if len(parts) > 3 else None)
    if action in ("approve", "reject") and arg.isascii() and arg.isdigit():
        return decide(ctx, int(arg), approve=action == "approve")
    menu.not_understood(ctx)


def threshold(ctx: Context) -> None:
    """The answer to "at what price?": "20 se upar", "12 se neeche", "above 20"."""
    key = ctx.data.get("product")
    if ctx.choice and ctx.choice.startswith("prices:"):
        return on_button(ctx, ctx.choice)
    wanted = reading.threshold(ctx.text, key, need_tell_word=False) if key else None
    if wanted is None:
        return ctx.say("prices.threshold_again", unit=ctx.t(f"units.{catalog.product(key).unit}") if key else "")
    ctx.finish()
    set_alert(ctx, key, wanted)


def set_alert(ctx: Context, key: str, wanted: reading.Threshold) -> None:
    if not ctx.user.district_code:
        ctx.say("prices.need_district")
        return menu.show(ctx)
    alerts.create(ctx.session, ctx.user, key, ctx.user.district_code, wanted.direction, wanted.price)
    ctx.say(f"prices.alert_set_{wanted.direction}", product=catalog.name(key, ctx.lang),
            price=say_price.rupees(wanted.price), unit=ctx.t(f"units.{catalog.product(key).unit}"),
            place=fmt.place(ctx.lang, ctx.user.district_code))


def set_daily(ctx: Context, on: bool, key: str | None) -> None:
    follower = ctx.session.get(PriceFollower, ctx.user.id)
    if follower is None:
        follower = PriceFollower(user_id=ctx.user.id, products=[], daily=False)
        ctx.session.add(follower)
    follower.daily = on
    if on and key and catalog.product(key) and key not in (follower.products or []):
        follower.products = [*(follower.products or []), key]
    hour, minute = price_settings(ctx.settings).daily_line_at
    ctx.say("prices.daily_on_ok" if on else "prices.daily_off_ok", time=f"{hour:02d}:{minute:02d}")


# --- haat reports -------------------------------------------------------------------------------
def take_haat_report(ctx: Context, found: reading.HaatReport) -> None:
    if found.product is None or found.price is None or not found.unit_ok:
        return ctx.say("prices.haat_help")
    item = catalog.product(found.product)
    if item.price_range and not item.price_range[0] <= found.price <= item.price_range[1]:
        return ctx.say("prices.haat_strange", unit=ctx.t(f"units.{item.unit}"))
    ps = price_settings(ctx.settings)
    today = ctx.local(ctx.now).date()
    report = haat.create(ctx.session, ctx.user, found.product, found.price, found.place_text, today, ctx.now)
    line = say_price.quote_line(ctx.lang, report, today, ps.old_after_days)
    if report.status == ReportStatus.APPROVED:
        alerts.check_session(ctx.session, today, ps.old_after_days, ctx.now)
        return ctx.say("prices.haat_saved", line=line)
    for staff in haat.approvers(ctx.session, report):
        text = staff_text(staff, report, ctx.user, today, ps.old_after_days)
        outbox.push(ctx.session, staff, Outgoing(text=text, options=[
            Option(t(staff.lang, "prices.approve"), f"prices:approve:{report.id}"),
            Option(t(staff.lang, "prices.reject"), f"prices:reject:{report.id}")]))
    ctx.say("prices.haat_sent", line=line)


def staff_text(staff: User, report: PriceReport, reporter: User, today, old_after_days: int) -> str:
    return t(staff.lang, "prices.approve_question", name=reporter.name or reporter.profile_name or "-",
                 line=say_price.quote_line(staff.lang, report, today, old_after_days))


def decide(ctx: Context, report_id: int, *, approve: bool) -> None:
    """One tap from staff: approve or reject a didi's haat report of their area."""
    ctx.finish()
    report = ctx.session.get(PriceReport, report_id)
    if report is None or report.source != PriceSource.HAAT or not haat.may_decide(ctx.user, report):
        ctx.say("prices.not_yours")
        return menu.show(ctx)
    if report.status != ReportStatus.PENDING:
        ctx.say("prices.already_decided")
        return menu.show(ctx)
    approval.decide(ctx.session, ctx.settings, ctx.user, report, approve, ctx.now)
    ctx.say("prices.approved" if approve else "prices.rejected")
    menu.show(ctx)


STEPS = {"product": product, "threshold": threshold}
