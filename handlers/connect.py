"""Connecting a didi and a buyer, only with both sides' consent: she says she is interested, he
says he wants her offer; then, and only then, each gets the other's name and phone."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import outbox, states
from bot.conversation import Context, read_id
from bot.i18n import t
from bot.market import format as fmt, limits
from bot.messages import Option, Outgoing
from models import DealReport, Demand, DemandStatus, Listing, ListingStatus, Lot, Match, User

from . import relay
from .draft import bare_number, read_price, read_quantity

FLOW = "deal"


# --- what each side sees ----------------------------------------------------------------------
def demand_offer(lang: str, demand: Demand, match: Match) -> Outgoing:
    """To a didi: "पटना के खरीदार को 200 किलो मखाना चाहिए, ₹650/किलो तक — 1 रुचि है 2 नहीं" """
    return Outgoing(
        text=t(lang, "connect.demand_offer", code=demand.code, place=fmt.demand_place(lang, demand, block=False),
               quantity=fmt.quantity(lang, demand.quantity, demand.unit), product=fmt.product(lang, demand.product),
               price=fmt.price(lang, demand.max_price, demand.unit, ceiling=True)),
        options=[Option(t(lang, "connect.interested"), f"connect:interest:{match.id}"),
                 Option(t(lang, "connect.not_interested"), f"connect:decline:{match.id}")],
    )


def listing_label(lang: str, listing: Listing, seller: User) -> str:
    shg = f" ({seller.shg_name})" if seller.shg_name else ""
    return f"{listing.code} · {fmt.listing_line(lang, listing)}{shg}"


def demands_message(lang: str, intro: str, pairs: list[tuple[Match, Demand]]) -> Outgoing:
    """To a didi, in one message (so "1" and "2" mean what she sees): one demand with "interested /
    no", or several, each with its own "interested" option."""
    if len(pairs) == 1:
        offer = demand_offer(lang, pairs[0][1], pairs[0][0])
        return Outgoing(text=f"{intro}\n{offer.text}", options=offer.options)
    lines, options = [intro], []
    for n, (match, demand) in enumerate(pairs, start=1):
        lines.append(f"{n}) {demand_offer(lang, demand, match).text}")
        options.append(Option(t(lang, "connect.interested_in", code=demand.code), f"connect:interest:{match.id}"))
    return Outgoing(text="\n".join(lines), options=options)


def offer_demands_to_seller(ctx: Context, found: list[tuple[Match, Demand]]) -> None:
    message = demands_message(ctx.lang, ctx.t("connect.buyers_found", count=len(found)), found)
    ctx.say_text(message.text, options=message.options)


def listings_message(lang: str, intro: str, pairs: list[tuple[Match, Listing]], session) -> Outgoing:
    """The best few listings, numbered; one message carries one photo: the first listing that has
    one, marked 📷 so the buyer knows whose it is."""
    lines, options = [intro], []
    pairs = sorted(pairs, key=lambda pair: over_ceiling(session, *pair))  # within the buyer's ceiling first
    pictured = next((listing for _, listing in pairs if listing.photo_id), None)
    for n, (match, listing) in enumerate(pairs, start=1):
        seller = session.get(User, listing.user_id)
        mark = " 📷" if listing is pictured else ""
        lines.append(f"{n}) {listing_label(lang, listing, seller)}{ceiling_mark(lang, session, match, listing)}{mark}")
        options.append(Option(t(lang, "connect.want", code=listing.code), f"connect:want:{match.id}"))
    return Outgoing(text="\n".join(lines), options=options, photo=photo_url(session, pictured) if pictured else None)


def over_ceiling(session, match: Match, listing: Listing) -> bool:
    """The listing asks more than the buyer's "max Rs 14/kg" (same product, so the same unit)."""
    demand = session.get(Demand, match.demand_id)
    return demand.max_price is not None and listing.price is not None and listing.price > demand.max_price


def ceiling_mark(lang: str, session, match: Match, listing: Listing) -> str:
    return t(lang, "convo2.over_ceiling") if over_ceiling(session, match, listing) else ""


def photo_url(session, listing: Listing) -> str | None:
    """Resolved per channel by the dispatcher when the message is sent."""
    return f"media:{listing.photo_id}" if listing.photo_id else None


def offer_listings_to_buyer(ctx: Context, singles: list[tuple[Match, Listing]], lot_part) -> None:
    """The best single listings and, when none covers the demand, a lot: one message, one set of numbers."""
    offer = listings_offer(ctx.lang, ctx.session, singles, lot_part)
    if offer is None:
        return ctx.say("connect.no_sellers_yet")
    ctx.say_text(offer.text, options=offer.options, photo=offer.photo)
    if lot_part:
        tell_staff_about_lot(ctx.session, *lot_part)


def listings_offer(lang: str, session, singles: list[tuple[Match, Listing]], lot_part) -> Outgoing | None:
    if not singles and not lot_part:
        return None
    message = (listings_message(lang, t(lang, "connect.sellers_found", count=len(singles)), singles, session)
               if singles else Outgoing(text=""))
    lines = [message.text] if singles else []
    if lot_part:
        lot, pairs = lot_part
        lines.append(t(lang, "connect.lot_offer", quantity=fmt.quantity(lang, lot.quantity, pairs[0][1].unit),
                       count=len(pairs), place=fmt.place(lang, lot.district_code, lot.block_code)))
        lines += [f"• {listing_label(lang, listing, session.get(User, listing.user_id))}{ceiling_mark(lang, session, m, listing)}"
                  for m, listing in pairs]
        message.options.append(Option(t(lang, "connect.want_lot"), f"connect:lot:{lot.id}"))
    return Outgoing(text="\n".join(lines), options=message.options, photo=message.photo)


def tell_staff_about_lot(session, lot: Lot, pairs: list[tuple[Match, Listing]]) -> None:
    """Block staff help assemble bulk lots (packaging, transport): they hear about each one."""
    demand = session.get(Demand, lot.demand_id)
    staff = session.scalars(select(User).where(User.role.in_(["staff", "admin"]),
                                               User.district_code == lot.district_code))
    for member in staff:
        if member.block_code not in (None, lot.block_code) and lot.block_code is not None:
            continue
        lang = member.lang
        text = t(lang, "connect.lot_for_staff", code=demand.code, line=fmt.demand_line(lang, demand),
                 count=len(pairs), place=fmt.place(lang, lot.district_code, lot.block_code),
                 sellers=", ".join(listing.code for _, listing in pairs))
        outbox.push(session, member, Outgoing(text=text))


# --- answers to the buttons -------------------------------------------------------------------
def on_button(ctx: Context, value: str) -> None:
    parts = value.split(":")
    action, ident = parts[1], read_id(parts[2]) if len(parts) > 2 else None
    if ident is None:
        return ctx.say("connect.not_found")
    if action == "lot":
        return want_lot(ctx, ident)
    # Locked: the seller's "interested" and the buyer's "want" at the same moment are answered one
    # after the other, so the second sees the first and connects them.
    match = ctx.session.get(Match, ident, with_for_update=True)
    if match is None:
        return ctx.say("connect.not_found")
    if action in ("interest", "decline") and match.seller_id == ctx.user.id:
        return seller_answers(ctx, match, action == "interest")
    if action in ("want", "nowant") and match.buyer_id == ctx.user.id:
        return buyer_answers(ctx, match, action == "want")
    if action == "deal" and ctx.user.id in (match.seller_id, match.buyer_id) and len(parts) == 4:
        return deal_answer(ctx, match, parts[3] == "yes")
    ctx.say("connect.not_found")  # someone else's match: same answer as a missing one


def still_open(ctx: Context, match: Match) -> bool:
    listing, demand = ctx.session.get(Listing, match.listing_id), ctx.session.get(Demand, match.demand_id)
    if listing.status != ListingStatus.ACTIVE or demand.status != DemandStatus.OPEN:
        ctx.say("connect.no_longer_open")
        return False
    return True


def seller_answers(ctx: Context, match: Match, interested: bool) -> None:
    if not interested:
        match.seller_answer = "declined"
        return ctx.say("connect.declined_ok", code=ctx.session.get(Demand, match.demand_id).code)
    if match.connected_at:  # a second tap: the contacts went out already
        return ctx.say("connect.already_connected")
    if match.seller_answer == "interested":
        return ctx.say("connect.buyer_told")
    if not still_open(ctx, match):
        return
    match.seller_answer = "interested"
    if match.buyer_answer == "wants":
        return connect(ctx, match)
    buyer = ctx.session.get(User, match.buyer_id)
    listing = ctx.session.get(Listing, match.listing_id)
    demand = ctx.session.get(Demand, match.demand_id)
    lang = buyer.lang
    outbox.push(ctx.session, buyer, Outgoing(
        text=t(lang, "connect.didi_interested", code=demand.code, line=listing_label(lang, listing, ctx.user) + ceiling_mark(lang, ctx.session, match, listing)),
        options=[Option(t(lang, "connect.want", code=listing.code), f"connect:want:{match.id}"),
                 Option(t(lang, "connect.not_interested"), f"connect:nowant:{match.id}")],
        photo=photo_url(ctx.session, listing)))
    match.buyer_notified_at = match.buyer_notified_at or ctx.now
    ctx.say("connect.buyer_told")


def buyer_answers(ctx: Context, match: Match, wants: bool) -> None:
    if not wants:
        match.buyer_answer = "declined"
        return ctx.say("connect.declined_ok", code=ctx.session.get(Listing, match.listing_id).code)
    if match.connected_at:
        return ctx.say("connect.already_connected")
    if match.buyer_answer == "wants":
        return ctx.say("connect.seller_asked")
    if not still_open(ctx, match):
        return
    ask_seller(ctx, match)
    ctx.say("connect.connected_wait" if match.connected_at else "connect.seller_asked")


def ask_seller(ctx: Context, match: Match) -> None:
    match.buyer_answer = "wants"
    if match.seller_answer == "interested":
        return connect(ctx, match)
    if match.seller_answer == "declined":
        return
    seller = ctx.session.get(User, match.seller_id)
    demand = ctx.session.get(Demand, match.demand_id)
    outbox.push(ctx.session, seller, demand_offer(seller.lang, demand, match))
    match.seller_notified_at = ctx.now


def want_lot(ctx: Context, lot_id: int) -> None:
    lot = ctx.session.get(Lot, lot_id)
    demand = ctx.session.get(Demand, lot.demand_id) if lot else None
    if demand is None or demand.user_id != ctx.user.id:
        return ctx.say("connect.not_found")
    for match in ctx.session.scalars(select(Match).where(Match.lot_id == lot.id)):
        if match.buyer_answer is None and ctx.session.get(Listing, match.listing_id).status == ListingStatus.ACTIVE:
            ask_seller(ctx, match)
    ctx.say("connect.lot_sellers_asked")


def connect(ctx: Context, match: Match) -> None:
    """Both said yes: each gets the other's contact; a few days later both are asked about the deal."""
    match.connected_at = ctx.now
    match.followup_due_at = ctx.now + timedelta(days=ctx.settings.market.followup_days)
    seller, buyer = ctx.session.get(User, match.seller_id), ctx.session.get(User, match.buyer_id)
    listing, demand = ctx.session.get(Listing, match.listing_id), ctx.session.get(Demand, match.demand_id)
    for me, other, code in ((seller, buyer, demand.code), (buyer, seller, listing.code)):
        card = Outgoing(text=t(me.lang, "connect.contact", code=code, product=fmt.product(me.lang, listing.product),
                               contact=contact_line(me.lang, other, me)))
        if me.id == ctx.user.id:
            ctx.say_text(card.text)
        else:
            outbox.push(ctx.session, me, card)
    if demand.district_code == states.OUTSIDE_BIHAR:  # a buyer far away: staff help pack and dispatch
        from .far_buyer import tell_staff_of_connection

        tell_staff_of_connection(ctx.session, match, listing, demand, seller, buyer)
    if not seller.phone or not buyer.phone:  # no dead end: ask for the phone, write through us meanwhile
        relay.after_connect(ctx, match, seller, buyer)


def contact_line(lang: str, other: User, viewer: User) -> str:
    """Name, group, place and phone of `other`; a wa.me link when the viewer is on WhatsApp."""
    parts = [other.name or other.profile_name or "-"]
    if other.shg_name:
        parts.append(other.shg_name)
    parts.append(fmt.place(lang, other.district_code, other.block_code))
    if other.phone:
        phone = other.phone
        if viewer.channel == "whatsapp":
            phone += f"  https://wa.me/{other.phone.lstrip('+')}"
        parts.append(f"📱 {phone}")
    else:
        parts.append(t(lang, "connect.no_phone"))
    return "\n".join(parts)


# --- after the connection: did a deal happen? -------------------------------------------------
def followup_question(lang: str, match: Match, listing: Listing, other: User) -> Outgoing:
    return Outgoing(
        text=t(lang, "connect.followup", code=listing.code, product=fmt.product(lang, listing.product),
               name=other.name or other.profile_name or "-"),
        options=[Option(t(lang, "connect.deal_yes"), f"connect:deal:{match.id}:yes"),
                 Option(t(lang, "connect.deal_no"), f"connect:deal:{match.id}:no")],
    )


def deal_answer(ctx: Context, match: Match, happened: bool) -> None:
    if match.connected_at is None:  # a forged or early tap: no deal without a connection
        return ctx.say("connect.not_found")
    report = ctx.session.scalar(select(DealReport).where(DealReport.match_id == match.id,
                                                         DealReport.reporter_id == ctx.user.id))
    if report is None:
        report = DealReport(match_id=match.id, reporter_id=ctx.user.id, happened=happened, created_at=ctx.now)
        ctx.session.add(report)
    report.happened = happened
    if not happened:
        return ctx.say("connect.thanks_no_deal")
    ctx.session.flush()
    ctx.goto(FLOW, "amount")
    ctx.remember(report_id=report.id)
    listing = ctx.session.get(Listing, match.listing_id)
    ctx.say("connect.ask_deal_amount", unit=t(ctx.lang, f"units.{listing.unit}"))


def amount(ctx: Context) -> None:
    """ "50 kilo 700 rupaye kilo": what was sold and at what price; stored for staff reports.
    A bare number is the quantity (in the listing's unit), never a price."""
    report = ctx.session.get(DealReport, ctx.data.get("report_id") or 0)
    if report is None:
        ctx.finish()
        return
    listing = ctx.session.get(Listing, ctx.session.get(Match, report.match_id).listing_id)
    unit = t(ctx.lang, f"units.{listing.unit}")
    quantity = read_quantity(listing, ctx.text)
    if quantity is None:
        return ctx.say("connect.ask_deal_amount", unit=unit)
    price = None if bare_number(ctx.text) is not None else read_price(listing, ctx.text)
    if not limits.quantity_ok(quantity, listing.unit) or (price is not None and not limits.price_ok(price, listing.unit)):
        return ctx.say("connect.deal_amount_strange", unit=unit)
    report.quantity, report.price = quantity, price
    ctx.finish()
    ctx.say("connect.thanks_deal")


STEPS = {"amount": amount}

