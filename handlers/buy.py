"""Buying: a buyer posts what they need (product -> quantity -> delivery district -> price ceiling
-> needed by -> confirm) in one message or step by step, or browses what is listed near them."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from bot import catalog, matching, places, states
from bot.conversation import DEVANAGARI_DIGITS, Context
from bot.market import deals, format as fmt
from bot.messages import Option
from bot.parser import Parsed, parse
from models import Demand, Listing

from . import connect, draft as draft_, menu, onboarding

FLOW = "buy"
_DAYS = re.compile(r"^\s*(\d{1,3})\s*(?:din|days?|दिन)?\s*$", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\s*$")


def start(ctx: Context) -> None:
    """From the menu: post a requirement, or see what is listed."""
    ctx.finish()
    ctx.goto(FLOW, "choose")
    ctx.say("buy.choose", options=[("buy.post", "buy:post"), ("buy.browse", "buy:browse")])


def choose(ctx: Context) -> None:
    if ctx.choice == "buy:browse":
        ctx.goto(FLOW, "browse")
        return ctx.say("buy.ask_browse_product")
    if ctx.choice == "buy:post":
        if not may_post(ctx):
            return
        ctx.goto(FLOW, "product")
        return ctx.say("buy.ask_product")
    start(ctx)


def from_text(ctx: Context, parsed: Parsed) -> None:
    """ "Need 1 ton potatoes in Patna, max Rs 14/kg" """
    if not may_post(ctx):
        return
    ctx.finish()
    # A message that names product and quantity is enough: ceiling, date and (the buyer's own)
    # district are optional and shown on the card, where they can be changed.
    ctx.remember(one_message=bool(parsed.product and parsed.quantity is not None))
    draft_.absorb(ctx, parsed)
    ask_next(ctx)


def may_post(ctx: Context) -> bool:
    limit = ctx.settings.market.max_demands_per_day
    if deals.demands_today(ctx.session, ctx.user, ctx.now) >= limit:
        ctx.finish()
        ctx.say("buy.too_many", limit=limit)
        menu.show(ctx)
        return False
    return True


def ask_next(ctx: Context) -> None:
    draft = ctx.data
    price_refused = draft_.question_strange(ctx) == "price"
    if not draft.get("product"):
        ctx.goto(FLOW, "product")
        return draft_.ask_product(ctx, "buy", "buy.ask_product")
    unit = ctx.t(f"units.{draft['unit']}")
    if ctx.user.state_code is not None and not draft.get("district_code"):  # outside Bihar: delivered to him
        ctx.remember(district_code=states.OUTSIDE_BIHAR)
        draft = ctx.data
    if draft.get("one_message") and draft.get("quantity"):
        if not draft.get("district_code") and ctx.user.district_code:
            ctx.remember(district_code=ctx.user.district_code)
        if not draft.get("price_set") and not price_refused:  # a refused ceiling is asked again
            ctx.remember(price_set=True, price=None)
        if "needed_by" not in draft:
            ctx.remember(needed_by=None)
        draft = ctx.data
    if not draft.get("quantity"):
        ctx.goto(FLOW, "quantity")
        return ctx.say("buy.ask_quantity", product=fmt.product(ctx.lang, draft["product"]), unit=unit)
    if not draft.get("district_code"):
        ctx.goto(FLOW, "district")
        mine = places.district_by_code(ctx.user.district_code) if ctx.user.district_code else None
        options = [Option(fmt.place(ctx.lang, mine.code), f"buy:district:{mine.code}")] if mine else []
        return ctx.say_text(ctx.t("buy.ask_district"), options=options)
    if not draft.get("price_set"):
        ctx.goto(FLOW, "price")
        return ctx.say("buy.ask_price", unit=unit, options=[("buy.no_limit", "buy:nolimit")])
    if "needed_by" not in draft:
        ctx.goto(FLOW, "needed_by")
        return ctx.say("buy.ask_needed_by", options=[("buy.any_time", "buy:anytime")])
    show_card(ctx)


def product(ctx: Context) -> None:
    draft_.take_product(ctx, "buy")
    ask_next(ctx)


def quantity(ctx: Context) -> None:
    if not draft_.take_quantity(ctx):
        return ctx.say("sell.quantity_again", unit=ctx.t(f"units.{ctx.data['unit']}"))
    ask_next(ctx)


def district(ctx: Context) -> None:
    found = None
    if ctx.choice and ctx.choice.startswith("buy:district:"):
        code = ctx.chosen_code("buy:district:")
        found = places.district_by_code(code) if code is not None else None
    elif ctx.text:  # a fuzzy guess ("pata nahi" ~ Patna) is offered, not taken
        found = onboarding.sure(places.match_district(ctx.text))
    if found is None:
        suggestions = places.suggest_districts(ctx.text, limit=5) if ctx.text else []
        return ctx.say_text(ctx.t("onboarding.district_did_you_mean", text=ctx.text) if suggestions
                            else ctx.t("onboarding.district_again"),
                            options=[Option(fmt.place(ctx.lang, d.code), f"buy:district:{d.code}") for d in suggestions])
    ctx.remember(district_code=found.code)
    ask_next(ctx)


def price(ctx: Context) -> None:
    if not draft_.take_price(ctx, "buy:nolimit"):
        return ctx.say("buy.ask_price", unit=ctx.t(f"units.{ctx.data['unit']}"), options=[("buy.no_limit", "buy:nolimit")])
    ask_next(ctx)


def needed_by(ctx: Context) -> None:
    """ "7" / "7 din" (days from today) or "30/11" (a date); "any time" leaves it open."""
    if ctx.choice == "buy:anytime":
        ctx.remember(needed_by=None)
        return ask_next(ctx)
    text = ctx.text.translate(DEVANAGARI_DIGITS)
    when = None
    today = ctx.local(ctx.now).date()  # "7 days" from Bihar's today
    if days := _DAYS.match(text):
        when = today + timedelta(days=int(days.group(1)))
    elif parts := _DATE.match(text):
        day, month, year = int(parts.group(1)), int(parts.group(2)), parts.group(3)
        try:
            when = date(int(year) + (2000 if year and len(year) == 2 else 0) if year else today.year, month, day)
            if when < today and not year:
                when = when.replace(year=today.year + 1)
        except ValueError:
            when = None
    if when is None or when < today or when > today + timedelta(days=365):
        return ctx.say("buy.needed_by_again", options=[("buy.any_time", "buy:anytime")])
    ctx.remember(needed_by=when.isoformat())
    ask_next(ctx)


def show_card(ctx: Context) -> None:
    draft = ctx.data
    ctx.goto(FLOW, "confirm")
    line = " · ".join([
        fmt.product(ctx.lang, draft["product"]),
        fmt.quantity(ctx.lang, Decimal(draft["quantity"]), draft["unit"]),
        fmt.price(ctx.lang, Decimal(draft["price"]) if draft.get("price") is not None else None, draft["unit"],
                  ceiling=True),
        (states.place_name(ctx.lang, ctx.user.state_code, ctx.user.city) if draft["district_code"] == states.OUTSIDE_BIHAR
         else fmt.place(ctx.lang, draft["district_code"], deals.delivery_block(ctx.user, draft["district_code"]))),
    ])
    own = Decimal(draft["price"]) if draft.get("price") is not None else None
    line += draft_.price_reference(ctx, draft["product"], draft["district_code"], own)
    when = fmt.day(date.fromisoformat(draft["needed_by"])) if draft.get("needed_by") else ctx.t("buy.any_time")
    ctx.say("buy.card", line=line, when=when, options=[("sell.ok", "buy:confirm"), ("sell.change", "buy:edit")])


def confirm(ctx: Context) -> None:
    if ctx.choice == "buy:edit":
        ctx.goto(FLOW, "edit")
        return ctx.say("sell.what_to_change", options=[
            ("sell.change_product", "buy:change:product"), ("sell.change_quantity", "buy:change:quantity"),
            ("buy.change_district", "buy:change:district"), ("sell.change_price", "buy:change:price"),
            ("buy.change_needed_by", "buy:change:needed_by")])
    if ctx.choice != "buy:confirm" and not ctx.said_yes():
        return show_card(ctx)
    demand = deals.create_demand(ctx.session, ctx.user, ctx.data, ctx.settings.market, ctx.now, ctx.settings.timezone)
    wanted = ctx.data.get("for_listing")  # posted from a listing's deep link
    ctx.finish()
    ctx.say("buy.saved", code=demand.code, line=fmt.demand_line(ctx.lang, demand))
    if wanted:
        from . import deeplink

        return deeplink.ask_seller_of(ctx, demand, wanted)
    singles, lot_part = deals.match_demand(ctx.session, demand, ctx.settings.market, ctx.now)
    connect.offer_listings_to_buyer(ctx, singles, lot_part)


def edit(ctx: Context) -> None:
    field = (ctx.choice or "").removeprefix("buy:change:")
    clear = {"product": ["product", "unit", "quantity", "price", "price_set"], "quantity": ["quantity"],
             "district": ["district_code"], "price": ["price", "price_set"], "needed_by": ["needed_by"]}.get(field)
    if clear is None:
        return show_card(ctx)
    draft_.without(ctx, clear)
    ask_next(ctx)


def browse(ctx: Context) -> None:
    """What is listed for a product near the buyer (or a district they name). No phone numbers:
    to reach a didi, post a requirement and both sides say yes."""
    parsed = parse(ctx.text)
    if parsed.product is None:
        if parsed.suggestions:
            return ctx.say_text(ctx.t("sell.did_you_mean", word=parsed.unknown_word or ""),
                                options=[Option(catalog.name(k, ctx.lang), f"buy:browse:{k}") for k in parsed.suggestions[:4]])
        chosen = ctx.choice.removeprefix("buy:browse:") if (ctx.choice or "").startswith("buy:browse:") else None
        if chosen and catalog.product(chosen) is not None:
            parsed = Parsed(product=chosen)  # a known product's button
        else:
            return ctx.say("buy.ask_browse_product")
    where = places.district_by_name(parsed.district) if parsed.district else None
    district_code = where.code if where else ctx.user.district_code
    if district_code is None and ctx.user.state_code is not None:
        district_code = states.OUTSIDE_BIHAR  # a far buyer browses all of Bihar
    probe = Demand(user_id=ctx.user.id, product=parsed.product, quantity=Decimal(1), unit=catalog.product(parsed.product).unit,
                   district_code=district_code, block_code=None if where else ctx.user.block_code, max_price=None)
    found = matching.listings_for_demand(ctx.session, probe, now=ctx.now, limit=5)
    where_name = ctx.t("follow.all_bihar") if district_code == states.OUTSIDE_BIHAR else fmt.place(ctx.lang, district_code)
    ctx.finish()
    if not found:
        ctx.say("buy.browse_none", product=fmt.product(ctx.lang, parsed.product), place=where_name)
    else:
        lines = [ctx.t("buy.browse_found", product=fmt.product(ctx.lang, parsed.product),
                       place=where_name)]
        lines += [f"• {fmt.listing_line(ctx.lang, ctx.session.get(Listing, f.listing_id))}" for f in found]
        ctx.say_text("\n".join(lines), options=[Option(ctx.t("buy.post"), "buy:post")])


STEPS = {"choose": choose, "product": product, "quantity": quantity, "district": district, "price": price,
         "needed_by": needed_by, "confirm": confirm, "edit": edit, "browse": browse}
