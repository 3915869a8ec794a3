"""My listings / my demands: see what is up, change quantity or price, mark sold, withdraw, close,
and renew a listing before it stops showing. Only the user's own items, whoever asks and however:
another user's code, a missing one and a withdrawn one all get the same "not found"."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from bot import catalog
from bot.conversation import DEVANAGARI_DIGITS, Context
from bot.market import changes, deals, format as fmt, limits
from bot.parser import Parsed
from bot.messages import Option
from models import Demand, DemandStatus, Listing, ListingStatus, Match, Role

from . import connect
from .draft import read_price, read_quantity

FLOW = "mine"
SHOWN = 10  # items of each kind listed in one message; the rest are reached by typing their code
_CODE = re.compile(r"^\s*([LlDd])\s*[-‐–]?\s*(\d{1,9})\s*$")

Item = Listing | Demand


# --- the list -------------------------------------------------------------------------------
def show(ctx: Context) -> None:
    """Active listings and open demands, newest first, one line and one option each."""
    listings = _newest(ctx, Listing, Listing.status == ListingStatus.ACTIVE)
    demands = _newest(ctx, Demand, Demand.status == DemandStatus.OPEN)
    if not listings[0] and not demands[0]:
        return ctx.say("mine.none_buyer" if ctx.user.role == Role.BUYER else "mine.none_didi")
    lines: list[str] = []
    options: list[Option] = []
    for (items, total), title, describe in ((listings, "mine.listings_title", fmt.listing_line),
                                            (demands, "mine.demands_title", fmt.demand_line)):
        if not items:
            continue
        lines.append(ctx.t(title, count=total))
        for item in items:
            lines.append(ctx.t("mine.line", code=item.code, line=describe(ctx.lang, item)))
            options.append(Option(ctx.t("mine.item_option", code=item.code, product=fmt.product(ctx.lang, item.product)),
                                  f"mine:item:{item.code}"))
        if total > len(items):
            lines.append(ctx.t("mine.more", count=total - len(items)))
    lines.append(ctx.t("mine.pick"))
    ctx.say_text("\n".join(lines), options=options)


def _newest(ctx: Context, model: type[Item], live) -> tuple[list[Item], int]:
    mine = (model.user_id == ctx.user.id, live)
    items = list(ctx.session.scalars(select(model).where(*mine)
                                     .order_by(model.created_at.desc(), model.id.desc()).limit(SHOWN)))
    total = len(items)
    if total == SHOWN:
        total = ctx.session.scalar(select(func.count()).select_from(model).where(*mine)) or 0
    return items, total


# --- finding one of the user's own items ----------------------------------------------------
def parse_code(text: str) -> str | None:
    """ "L-12", "l 12", "d-7", "L-१२" -> "L-12" / "D-7"; anything else -> None."""
    match = _CODE.match((text or "").translate(DEVANAGARI_DIGITS))
    return f"{match.group(1).upper()}-{int(match.group(2))}" if match else None


def own_item(ctx: Context, code: str | None, *, renewing: bool = False) -> Item | None:
    """The user's own active listing or open demand with this code, else None. Renewing also
    brings back the user's listing that expired before she answered the renewal question."""
    code = parse_code(code or "")
    if code is None:
        return None
    kind, ident = code.split("-")
    if kind == "L":
        listing = ctx.session.get(Listing, int(ident))
        live = (ListingStatus.ACTIVE, ListingStatus.EXPIRED) if renewing else (ListingStatus.ACTIVE,)
        return listing if listing is not None and listing.user_id == ctx.user.id and listing.status in live else None
    demand = ctx.session.get(Demand, int(ident))
    return demand if demand is not None and demand.user_id == ctx.user.id and demand.status == DemandStatus.OPEN else None


def not_found(ctx: Context) -> None:
    ctx.say("mine.not_found", options=[("mine.back_to_list", "mine:list")])


# --- entry points the router calls ----------------------------------------------------------
def on_code(ctx: Context, code: str) -> None:
    """A typed code ("L-12", "l 12", "d-7"): that item's actions."""
    item = own_item(ctx, code)
    if item is None:
        return not_found(ctx)
    show_item(ctx, item)


def on_button(ctx: Context, value: str) -> None:
    """Every "mine:<action>[:<code>]" value: a tap, a typed option number, or a forged value."""
    parts = value.split(":")
    action = parts[1] if len(parts) > 1 else ""
    if ctx.convo.flow == FLOW:
        ctx.finish()  # another item or action chosen while a new value was asked for
    if action == "set" and len(parts) == 5:  # "mine:set:L-3:<quantity>:<price>": the item picked for a typed change
        return set_values(ctx, own_item(ctx, parts[2]), _decimal(parts[3]), _decimal(parts[4]))
    if action == "list" and len(parts) == 2:
        return show(ctx)
    item = own_item(ctx, parts[2] if len(parts) == 3 else None, renewing=action == "renew")
    kind = "listing" if isinstance(item, Listing) else "demand"
    handler = ACTIONS.get((action, kind))
    if item is None or handler is None:
        return not_found(ctx)
    handler(ctx, item)


# --- one item -------------------------------------------------------------------------------
def show_item(ctx: Context, item: Item) -> None:
    code = item.code
    until = local_date(ctx, item.expires_at)
    if isinstance(item, Listing):
        options = [("mine.change_quantity", f"mine:qty:{code}"), ("mine.change_price", f"mine:price:{code}"),
                   ("mine.sold", f"mine:sold:{code}"), ("mine.withdraw", f"mine:withdraw:{code}"),
                   ("ships.cannot_send" if item.ships else "ships.can_send", f"mine:ships:{code}")]
        if item.expires_at - ctx.now <= timedelta(hours=ctx.settings.market.renew_before_hours):
            options.append(("mine.renew", f"mine:renew:{code}"))
        options.append(("mine.back_to_list", "mine:list"))
        ctx.say("mine.listing_card", code=code, line=fmt.listing_line(ctx.lang, item), until=until, options=options)
    else:
        options = [("mine.change_quantity", f"mine:qty:{code}"), ("mine.change_max_price", f"mine:price:{code}"),
                   ("mine.close", f"mine:close:{code}"), ("mine.back_to_list", "mine:list")]
        ctx.say("mine.demand_card", code=code, line=fmt.demand_line(ctx.lang, item), until=until, options=options)


def ask_quantity(ctx: Context, item: Item) -> None:
    ctx.goto(FLOW, "quantity")
    ctx.remember(code=item.code)
    # No options here: a typed "2" must be a quantity, never "option 2".
    ctx.say("mine.ask_quantity", code=item.code, quantity=fmt.quantity(ctx.lang, item.quantity, item.unit),
            unit=ctx.t(f"units.{item.unit}"))


def ask_price(ctx: Context, item: Item) -> None:
    ctx.goto(FLOW, "price")
    ctx.remember(code=item.code)
    unit = ctx.t(f"units.{item.unit}")
    if isinstance(item, Listing):
        ctx.say("mine.ask_price", code=item.code, price=fmt.price(ctx.lang, item.price, item.unit), unit=unit,
                options=[("mine.mandi_rate", f"mine:noprice:{item.code}")])
    else:
        ctx.say("mine.ask_max_price", code=item.code, unit=unit,
                price=fmt.price(ctx.lang, item.max_price, item.unit, ceiling=True),
                options=[("mine.no_limit", f"mine:noprice:{item.code}")])


def no_price(ctx: Context, item: Item) -> None:
    """Mandi rate / negotiable for a listing, no ceiling for a demand."""
    if isinstance(item, Listing):
        item.price = None
    else:
        item.max_price = None
    updated(ctx, item)


def toggle_ships(ctx: Context, listing: Listing) -> None:
    """Whether she (or her group) can send it by courier or transport: far buyers see those first."""
    listing.ships = not listing.ships
    ctx.say("ships.set_on" if listing.ships else "ships.set_off", code=listing.code, options=AFTER)


def mark_sold(ctx: Context, listing: Listing) -> None:
    listing.status = ListingStatus.SOLD
    ctx.say("mine.sold_done", code=listing.code, product=fmt.product(ctx.lang, listing.product), options=AFTER)


def withdraw(ctx: Context, listing: Listing) -> None:
    listing.status = ListingStatus.WITHDRAWN  # matching reads only 'active': gone from the next search on
    ctx.say("mine.withdrawn_done", code=listing.code, product=fmt.product(ctx.lang, listing.product), options=AFTER)


def close(ctx: Context, demand: Demand) -> None:
    demand.status = DemandStatus.CLOSED
    ctx.say("mine.closed_done", code=demand.code, product=fmt.product(ctx.lang, demand.product), options=AFTER)


def renew(ctx: Context, listing: Listing) -> None:
    """Show the listing for another of its product's fresh periods, counted from now."""
    if listing.status != ListingStatus.ACTIVE:
        limit = ctx.settings.market.max_active_listings
        if deals.active_listings(ctx.session, ctx.user) >= limit:
            return ctx.say("mine.renew_too_many", limit=limit, options=AFTER)
    days = fresh_days(listing)
    listing.status = ListingStatus.ACTIVE
    listing.expires_at = ctx.now + timedelta(days=days)
    listing.renewal_asked_at = None
    ctx.say("mine.renewed", code=listing.code, product=fmt.product(ctx.lang, listing.product), days=days,
            until=local_date(ctx, listing.expires_at), options=AFTER)


def fresh_days(listing: Listing) -> int:
    product = catalog.product(listing.product)
    if product is not None:
        return product.fresh_days
    return max((listing.expires_at - listing.created_at).days, 1)  # a product since taken out of the catalog


AFTER = [("mine.back_to_list", "mine:list"), ("mine.menu", "menu:show")]
ACTIONS = {
    ("item", "listing"): show_item, ("item", "demand"): show_item,
    ("qty", "listing"): ask_quantity, ("qty", "demand"): ask_quantity,
    ("price", "listing"): ask_price, ("price", "demand"): ask_price,
    ("noprice", "listing"): no_price, ("noprice", "demand"): no_price,
    ("sold", "listing"): mark_sold,
    ("ships", "listing"): toggle_ships,
    ("withdraw", "listing"): withdraw,
    ("renew", "listing"): renew,
    ("close", "demand"): close,
}


# --- the steps: the new value typed -----------------------------------------------------------
def quantity(ctx: Context) -> None:
    item = editing(ctx)
    if item is None:
        return
    unit = ctx.t(f"units.{item.unit}")
    amount = read_quantity(item, ctx.text)
    if amount is None:
        return ctx.say("mine.quantity_again", unit=unit)
    if not limits.quantity_ok(amount, item.unit):
        return ctx.say("mine.quantity_strange", unit=unit)
    item.quantity = amount
    updated(ctx, item)


def price(ctx: Context) -> None:
    item = editing(ctx)
    if item is None:
        return
    unit = ctx.t(f"units.{item.unit}")
    no_price_option = [("mine.mandi_rate" if isinstance(item, Listing) else "mine.no_limit", f"mine:noprice:{item.code}")]
    amount = read_price(item, ctx.text)
    if amount is None:
        return ctx.say("mine.price_again", unit=unit, options=no_price_option)
    if not limits.price_ok(amount, item.unit):
        return ctx.say("mine.price_strange", unit=unit, options=no_price_option)
    if isinstance(item, Listing):
        item.price = amount
    else:
        item.max_price = amount
    updated(ctx, item)


def editing(ctx: Context) -> Item | None:
    """The item whose value is being asked for, still the user's and still live; else the step ends.
    A code typed instead of a value opens that item."""
    typed_code = parse_code(ctx.text)
    if typed_code:
        ctx.finish()
        on_code(ctx, typed_code)
        return None
    item = own_item(ctx, ctx.data.get("code"))
    if item is None:
        ctx.finish()
        not_found(ctx)
    return item


def updated(ctx: Context, item: Item) -> None:
    ctx.finish()
    line = fmt.listing_line(ctx.lang, item) if isinstance(item, Listing) else fmt.demand_line(ctx.lang, item)
    ctx.say("mine.updated", code=item.code, line=line, options=AFTER)
    rematch(ctx, item)


def rematch(ctx: Context, item: Item) -> None:
    """A new price or quantity can fit demands (or listings) that did not fit before: those new
    matches are offered at once, like a new item's; the ones already offered are not repeated."""
    if isinstance(item, Listing):
        seen = set(ctx.session.scalars(select(Match.demand_id).where(Match.listing_id == item.id)))
        found = deals.match_listing(ctx.session, item, ctx.settings.market, ctx.now)
        new = [(m, d) for m, d in found if d.id not in seen]
        if new:
            connect.offer_demands_to_seller(ctx, new)
        return
    seen = set(ctx.session.scalars(select(Match.listing_id).where(Match.demand_id == item.id)))
    singles = deals.match_demand(ctx.session, item, ctx.settings.market, ctx.now, with_lot=False)[0]
    new = [(m, listing) for m, listing in singles if listing.id not in seen]
    if new:
        connect.offer_listings_to_buyer(ctx, new, None)


# --- a change typed as a sentence -------------------------------------------------------------
def change_by_text(ctx: Context, parsed: Parsed) -> bool:
    """ "aloo ka daam 25 kar do", "makhana ab 40 kilo hai", "L-3 ka bhav 600 karo", "makhana bik gaya":
    a change to her own listing (or his demand), never a new demand for her own product. False when
    the message is not about one of the user's items: the router reads it on. `parsed`: the message
    as the parser reads it (not changed here)."""
    change = changes.read(ctx.text)
    if change is None or change.asks:
        return False
    if change.code:
        if not (change.status or change.price or change.quantity or change.cue or change.has_number):
            return False  # "L-3" alone is the router's (on_code)
        item = own_item(ctx, change.code)
        if item is None:
            not_found(ctx)
        else:
            apply_change(ctx, [item], change)
        return True
    selling = ctx.user.role != Role.BUYER
    if not _is_a_change(change, parsed, selling):
        return False  # whatever she has listed, the message is not about it ("50 kilo makhana hai": a new one)
    items = [i for i in _live(ctx, change.products) if not change.needs or isinstance(i, Demand)]
    if not items:  # ("ab mujhe 2 kilo aloo chahiye" is what she wants: only a demand can change)
        if change.status in ("sold", "withdraw") and selling:  # "makhana bik gaya" with no makhana listed
            ctx.say("changes.none_of_product", product=fmt.product(ctx.lang, change.products[0]),
                    options=[("mine.back_to_list", "mine:list")])
            return True
        return False
    apply_change(ctx, items, change)
    return True


def _is_a_change(change: changes.Change, parsed: Parsed, selling: bool) -> bool:
    """Whether the message changes an item of this product, if she has one."""
    if change.status or (change.cue and (change.price or change.quantity or change.has_number)):
        return True
    if selling and parsed.intent == "buy" and not change.needs:  # her own product read as a purchase
        return True
    # "makhana ka rate 650": a listing always has a quantity
    return parsed.intent == "sell" and parsed.quantity is None and parsed.price is not None and bool(change.price)


def _live(ctx: Context, products: list[str]) -> list[Item]:
    listings = ctx.session.scalars(select(Listing).where(Listing.user_id == ctx.user.id, Listing.product.in_(products),
                                                         Listing.status == ListingStatus.ACTIVE).order_by(Listing.id))
    demands = ctx.session.scalars(select(Demand).where(Demand.user_id == ctx.user.id, Demand.product.in_(products),
                                                       Demand.status == DemandStatus.OPEN).order_by(Demand.id))
    return [*listings, *demands]


def apply_change(ctx: Context, items: list[Item], change: changes.Change) -> None:
    """One item: change it and show the card; several: she picks (the new values go with each option)."""
    if change.status:
        wanted = [i for i in items if isinstance(i, Listing) == (change.status != "close")] or items
        action = {True: {"sold": "sold", "withdraw": "withdraw", "close": "withdraw"},
                  False: {"sold": "close", "withdraw": "close", "close": "close"}}
        if len(wanted) == 1:
            item = wanted[0]
            return ACTIONS[(action[isinstance(item, Listing)][change.status], _kind(item))](ctx, item)
        return _pick(ctx, wanted, lambda i: f"mine:{action[isinstance(i, Listing)][change.status]}:{i.code}")
    quantity, price = new_values(items[0], change)
    if quantity is None and price is None:  # "L-3 600 karo": a price or a quantity? she says
        if len(items) > 1:
            return _pick(ctx, items, lambda i: f"mine:item:{i.code}")
        ctx.say("changes.what_to_change")
        return show_item(ctx, items[0])
    if len(items) == 1:
        return set_values(ctx, items[0], quantity, price)
    _pick(ctx, items, lambda i: f"mine:set:{i.code}:{quantity if quantity is not None else ''}:"
                                 f"{price if price is not None else ''}")


def new_values(item: Item, change: changes.Change) -> tuple[Decimal | None, Decimal | None]:
    """The new quantity and price the message says, in the item's unit; a lone number is the price
    when a price word is there ("daam 25"), the quantity when a quantity word is ("ab 40 bacha")."""
    quantity = read_quantity(item, change.text) if change.quantity else None
    price = read_price(item, change.text) if change.price else None
    if quantity is None and price is None and change.price != change.quantity:
        number = changes.only_number(change)
        quantity, price = (None, number) if change.price else (number, None)
    return quantity, price


def set_values(ctx: Context, item: Item | None, quantity: Decimal | None, price: Decimal | None) -> None:
    if item is None or (quantity is None and price is None):
        return not_found(ctx)
    unit = ctx.t(f"units.{item.unit}")
    if quantity is not None and not limits.quantity_ok(quantity, item.unit):
        ctx.say("mine.quantity_strange", unit=unit)
        return show_item(ctx, item)
    if price is not None and not limits.price_ok(price, item.unit):
        ctx.say("mine.price_strange", unit=unit)
        return show_item(ctx, item)
    before = _line(ctx, item)
    if quantity is not None:
        item.quantity = quantity
    if price is not None:
        if isinstance(item, Listing):
            item.price = price
        else:
            item.max_price = price
    ctx.say("changes.updated", code=item.code, before=before, line=_line(ctx, item), options=AFTER)
    rematch(ctx, item)


def _pick(ctx: Context, items: list[Item], value) -> None:
    ctx.say_text(ctx.t("changes.which", count=len(items), product=fmt.product(ctx.lang, items[0].product)),
                 options=[Option(f"{i.code} · {_line(ctx, i)}", value(i)) for i in items])


def _line(ctx: Context, item: Item) -> str:
    return fmt.listing_line(ctx.lang, item) if isinstance(item, Listing) else fmt.demand_line(ctx.lang, item)


def _kind(item: Item) -> str:
    return "listing" if isinstance(item, Listing) else "demand"


def _decimal(text: str) -> Decimal | None:
    """A value carried in a button; empty or forged -> None."""
    try:
        value = Decimal(text) if text and len(text) <= 16 else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


# --- dates ----------------------------------------------------------------------------------
def local_date(ctx: Context, moment: datetime) -> str:
    return fmt.day(ctx.local(moment))


STEPS = {"quantity": quantity, "price": price}
