"""Deep links from digests: Telegram's `t.me/<bot>?start=L-482` arrives as "/start L-482",
WhatsApp's `wa.me/<number>?text=L-482` as "L-482". Either opens the listing's card ready to ask
for it (or, for "D-117", the demand's card ready to offer). A newcomer registers first; the link
waits in her conversation and opens when she is done."""
from __future__ import annotations

from sqlalchemy import select

from bot import catalog
from bot.conversation import Context
from bot.market import format as fmt
from bot.messages import Option
from models import Demand, DemandStatus, Listing, ListingStatus, Match, User

from . import mine

PREFIX = "dl:"
PENDING = "deep_link"


def code_in(text: str) -> str | None:
    """ "/start L-482" or "L-482" -> "L-482" (a listing's or demand's code); else None."""
    text = (text or "").strip()
    if text.lower().startswith("/start"):
        text = text[len("/start"):].strip()
    return mine.parse_code(text)


def keep_for_later(ctx: Context) -> None:
    """A newcomer came by a link: remember it through registration."""
    code = code_in(ctx.text)
    if code:
        ctx.remember(**{PENDING: code})


def arrive(ctx: Context, code: str) -> bool:
    """Open someone else's listing or demand by its code; False when there is no such open item
    (the caller answers as for any unknown code)."""
    kind, ident = code.split("-")
    if kind == "L":
        listing = ctx.session.get(Listing, int(ident))
        if listing is None or listing.status != ListingStatus.ACTIVE or listing.expires_at <= ctx.now:
            return False
        if listing.user_id == ctx.user.id:
            return False  # her own: the caller shows its actions
        show_listing(ctx, listing)
        return True
    demand = ctx.session.get(Demand, int(ident))
    if demand is None or demand.status != DemandStatus.OPEN or demand.expires_at <= ctx.now or demand.user_id == ctx.user.id:
        return False
    ctx.finish()
    ctx.say("deeplink.demand_card", code=demand.code, place=fmt.demand_place(ctx.lang, demand, block=False),
            quantity=fmt.quantity(ctx.lang, demand.quantity, demand.unit), product=fmt.product(ctx.lang, demand.product),
            price=fmt.price(ctx.lang, demand.max_price, demand.unit, ceiling=True),
            options=[("deeplink.offer", f"{PREFIX}offer:{demand.id}")])
    return True


def show_listing(ctx: Context, listing: Listing) -> None:
    ctx.finish()
    seller = ctx.session.get(User, listing.user_id)
    follow = ctx.t("deeplink.follow", product=fmt.product(ctx.lang, listing.product),
                   place=fmt.place(ctx.lang, listing.district_code))
    ctx.say_text(ctx.t("deeplink.listing_card", code=listing.code, line=fmt.listing_line(ctx.lang, listing),
                       seller=seller.shg_name or ""),
                 options=[Option(ctx.t("deeplink.ask"), f"{PREFIX}ask:{listing.id}"),
                          Option(follow, f"{PREFIX}follow:{listing.id}")])


def on_button(ctx: Context, value: str) -> None:
    """ "dl:ask:<listing>" starts a demand for it; "dl:offer:<demand>" offers her listing."""
    parts = value.split(":")
    ident = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() and len(parts[2]) < 10 else None
    if parts[1:2] == ["ask"] and ident is not None:
        return ask(ctx, ident)
    if parts[1:2] == ["offer"] and ident is not None:
        return offer(ctx, ident)
    if parts[1:2] == ["follow"] and ident is not None:
        return follow_from(ctx, ident)
    ctx.say("connect.not_found")


def ask(ctx: Context, listing_id: int) -> None:
    """The buy flow, with the listing's product and price filled in: only the quantity is asked."""
    from . import buy

    listing = ctx.session.get(Listing, listing_id)
    if listing is None or listing.status != ListingStatus.ACTIVE:
        return ctx.say("deeplink.not_open", code=f"L-{listing_id}")
    if listing.user_id == ctx.user.id:
        return ctx.say("deeplink.own_listing", code=listing.code)
    if not buy.may_post(ctx):
        return
    ctx.finish()
    ctx.remember(product=listing.product, unit=listing.unit, for_listing=listing.id, price_set=True,
                 price=None if listing.price is None else str(listing.price), needed_by=None)
    if ctx.user.district_code:
        ctx.remember(district_code=ctx.user.district_code)
    buy.ask_next(ctx)


def ask_seller_of(ctx: Context, demand: Demand, listing_id: int) -> None:
    """The demand was posted from a listing's link: that didi is asked at once."""
    from . import connect

    listing = ctx.session.get(Listing, listing_id)
    if listing is None or listing.status != ListingStatus.ACTIVE or listing.product != demand.product:
        return
    match = _match(ctx, demand, listing)
    if match.buyer_answer is None:
        connect.ask_seller(ctx, match)
        ctx.say("connect.connected_wait" if match.connected_at else "connect.seller_asked")


def _match(ctx: Context, demand: Demand, listing: Listing) -> Match:
    match = ctx.session.scalar(select(Match).where(Match.demand_id == demand.id, Match.listing_id == listing.id))
    if match is None:
        from bot.matching import place_tier

        match = Match(demand_id=demand.id, listing_id=listing.id, seller_id=listing.user_id, buyer_id=demand.user_id,
                      district_code=listing.district_code, block_code=listing.block_code,
                      tier=place_tier(listing.district_code, listing.block_code, demand.district_code, demand.block_code),
                      created_at=ctx.now, buyer_notified_at=ctx.now)
        ctx.session.add(match)
        ctx.session.flush()
    return match


def offer(ctx: Context, demand_id: int) -> None:
    """A didi answers a demand from a village digest: her active listing of that product is offered."""
    from . import connect

    demand = ctx.session.get(Demand, demand_id)
    if demand is None or demand.status != DemandStatus.OPEN or demand.user_id == ctx.user.id:
        return ctx.say("deeplink.not_open", code=f"D-{demand_id}")
    listing = ctx.session.scalar(select(Listing).where(
        Listing.user_id == ctx.user.id, Listing.product == demand.product, Listing.status == ListingStatus.ACTIVE,
        Listing.expires_at > ctx.now).order_by(Listing.quantity.desc(), Listing.id))
    if listing is None:
        return ctx.say_text(ctx.t("deeplink.list_first", product=catalog.name(demand.product, ctx.lang)),
                            options=[Option(ctx.t("deeplink.sell"), "menu:sell")])
    match = _match(ctx, demand, listing)
    match.buyer_notified_at = None  # the buyer has not heard of this listing yet: seller_answers tells him
    connect.seller_answers(ctx, match, True)


def follow_from(ctx: Context, listing_id: int) -> None:
    """ "Follow makhana from Purnia" under a listing's card: as if typed."""
    from bot.market import follows

    from .follow import _mode_options

    listing = ctx.session.get(Listing, listing_id)
    if listing is None:
        return ctx.say("follow.not_found")
    known = {(f.product, f.district_code) for f in follows.follows_of(ctx.session, ctx.user.id)}
    if (listing.product, listing.district_code) not in known and len(known) >= follows.MAX_FOLLOWS:
        return ctx.say("follow.too_many", count=follows.MAX_FOLLOWS, options=[("follow.list", "follow:list")])
    row, new = follows.follow(ctx.session, ctx.user, listing.product, listing.district_code, ctx.now)
    ctx.say("follow.done" if new else "follow.already", product=fmt.product(ctx.lang, listing.product),
            area=follows.area_name(ctx.lang, listing.district_code), options=_mode_options(row))
