"""Selling: a didi lists a product, in one message when it says enough, or step by step
(product -> quantity -> price or mandi rate -> optional photo -> confirm)."""
from __future__ import annotations

from decimal import Decimal

from bot import catalog, facilities
from bot.conversation import Context
from bot.messages import Option
from bot.market import deals, format as fmt, photos
from bot.parser import Parsed
from models import ListingPriceReference, PriceReport, Role

from . import connect, draft as draft_, menu

FLOW = "sell"
SHIPS_DAYS = 30  # a product that keeps this long (and is not an animal) can go by courier or transport


def travels(product: str) -> bool:
    """Makhana, honey, sarees: yes; greens, fish, milk, goats: no."""
    item = catalog.product(product)
    return item.fresh_days >= SHIPS_DAYS and item.category != "livestock"


def start(ctx: Context) -> None:
    """From the menu: ask what she wants to sell."""
    if not may_list(ctx):
        return
    ctx.finish()
    ctx.goto(FLOW, "product")
    ctx.say("sell.ask_product")


def from_text(ctx: Context, parsed: Parsed) -> None:
    """ "50 kilo makhana hai 700 rupaye kilo": take everything the message says, ask for the rest."""
    if not may_list(ctx):
        return
    ctx.finish()
    ctx.remember(one_message=not parsed.missing)
    if ctx.msg.media:  # a photo with the listing as its caption
        ctx.remember(photo=photos.reference(ctx.msg), photo_asked=True)
    draft_.absorb(ctx, parsed)
    ask_next(ctx)


def may_list(ctx: Context) -> bool:
    if ctx.user.role not in (Role.DIDI, Role.STAFF, Role.ADMIN):
        ctx.say("sell.buyers_cannot_list")
        menu.show(ctx)
        return False
    if deals.active_listings(ctx.session, ctx.user) >= ctx.settings.market.max_active_listings:
        ctx.say("sell.too_many", limit=ctx.settings.market.max_active_listings)
        menu.show(ctx)
        return False
    return True


def ask_next(ctx: Context) -> None:
    draft = ctx.data
    draft_.question_strange(ctx)
    if not draft.get("product"):
        ctx.goto(FLOW, "product")
        draft_.ask_product(ctx, "sell", "sell.ask_product")
    elif not draft.get("quantity"):
        ctx.goto(FLOW, "quantity")
        ctx.say("sell.ask_quantity", product=fmt.product(ctx.lang, draft["product"]),
                unit=ctx.t(f"units.{draft['unit']}"))
    elif not draft.get("price_set"):
        ctx.goto(FLOW, "price")
        ctx.say("sell.ask_price", unit=ctx.t(f"units.{draft['unit']}"), options=[("sell.mandi_rate", "sell:mandi")])
    elif not draft.get("photo_asked") and not draft.get("one_message"):
        ctx.goto(FLOW, "photo")
        ctx.say("sell.ask_photo", options=[("sell.no_photo", "sell:nophoto")])
    else:
        show_card(ctx)


def product(ctx: Context) -> None:
    draft_.take_product(ctx, "sell")
    ask_next(ctx)


def quantity(ctx: Context) -> None:
    if not draft_.take_quantity(ctx):
        return ctx.say("sell.quantity_again", unit=ctx.t(f"units.{ctx.data['unit']}"))
    ask_next(ctx)


def price(ctx: Context) -> None:
    if not draft_.take_price(ctx, "sell:mandi"):
        return ctx.say("sell.price_again", unit=ctx.t(f"units.{ctx.data['unit']}"),
                       options=[("sell.mandi_rate", "sell:mandi")])
    ask_next(ctx)


def photo(ctx: Context) -> None:
    if ctx.msg.media:
        ctx.remember(photo=photos.reference(ctx.msg), photo_asked=True)
    elif ctx.choice == "sell:nophoto":
        ctx.remember(photo_asked=True)
    else:
        ctx.say("sell.ask_photo", options=[("sell.no_photo", "sell:nophoto")])
        return
    ask_next(ctx)


def show_card(ctx: Context) -> None:
    draft = ctx.data
    ctx.goto(FLOW, "confirm")
    line = " · ".join([
        fmt.product(ctx.lang, draft["product"]),
        fmt.quantity(ctx.lang, Decimal(draft["quantity"]), draft["unit"]),
        fmt.price(ctx.lang, Decimal(draft["price"]) if draft.get("price") is not None else None, draft["unit"]),
        fmt.place(ctx.lang, ctx.user.district_code, ctx.user.block_code),
    ])
    own = Decimal(draft["price"]) if draft.get("price") is not None else None
    line += draft_.price_reference(ctx, draft["product"], ctx.user.district_code, own)
    photo_note = ctx.t("sell.with_photo") if draft.get("photo") else ""
    text = ctx.t("sell.card", line=line, photo_mark=photo_note)
    if (centre := facilities.for_card(ctx.session, ctx.user, draft["product"])) is not None:  # once per centre
        text += "\n" + ctx.t("facilities.card_note", name=centre.name, kind=ctx.t(f"facilities.kind.{centre.kind}"),
                             address=centre.address or "-", hours=centre.hours or "-", phone=centre.phone or "-")
    options = [Option(ctx.t("sell.ok"), "sell:confirm"), Option(ctx.t("sell.change"), "sell:edit")]
    if travels(draft["product"]):  # optional: "सही है" alone lists it without the courier mark
        options.append(Option(ctx.t("ships.confirm_can_send"), "sell:confirm:ships"))
    ctx.say_text(text, options=options)


def confirm(ctx: Context) -> None:
    if ctx.msg.media:  # a photo sent at the card is added to it
        ctx.remember(photo=photos.reference(ctx.msg), photo_asked=True)
        return show_card(ctx)
    if ctx.choice == "sell:edit":
        ctx.goto(FLOW, "edit")
        ctx.say("sell.what_to_change", options=[("sell.change_product", "sell:change:product"),
                                                ("sell.change_quantity", "sell:change:quantity"),
                                                ("sell.change_price", "sell:change:price"),
                                                ("sell.change_photo", "sell:change:photo")])
        return
    if ctx.choice == "sell:confirm:ships" and ctx.data.get("product") and travels(ctx.data["product"]):
        return save(ctx, ships=True)
    if ctx.choice != "sell:confirm" and not ctx.said_yes():
        return show_card(ctx)
    save(ctx)


def edit(ctx: Context) -> None:
    field = (ctx.choice or "").removeprefix("sell:change:")
    clear = {"product": ["product", "unit", "quantity", "price", "price_set"], "quantity": ["quantity"],
             "price": ["price", "price_set"], "photo": ["photo", "photo_asked"]}.get(field)
    if clear is None:
        return show_card(ctx)
    draft_.without(ctx, clear)
    ask_next(ctx)


def save(ctx: Context, *, ships: bool = False) -> None:
    if not may_list(ctx):  # listings renewed while this card was open count too
        return ctx.finish()
    draft = dict(ctx.data)
    photo_ref = draft.pop("photo", None)
    price_ref = draft.pop("price_ref", None)
    if photo_ref:
        draft["photo_id"] = photos.queue_fetch(ctx.session, ctx.user, photo_ref)
    listing = deals.create_listing(ctx.session, ctx.user, draft, ctx.now)
    listing.ships = ships
    if price_ref and ctx.session.get(PriceReport, price_ref):  # the mandi rate the card showed
        ctx.session.add(ListingPriceReference(listing_id=listing.id, report_id=price_ref))
    ctx.finish()
    days = catalog.product(listing.product).fresh_days
    ctx.say("sell.saved", code=listing.code, line=fmt.listing_line(ctx.lang, listing), days=days)
    found = deals.match_listing(ctx.session, listing, ctx.settings.market, ctx.now)
    if found:
        connect.offer_demands_to_seller(ctx, found)
    else:
        ctx.say("sell.no_buyers_yet")


STEPS = {"product": product, "quantity": quantity, "price": price, "photo": photo, "confirm": confirm, "edit": edit}
