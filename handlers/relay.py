"""A connection where one side has no phone on the profile: that side is asked for it at once
(Telegram's share-contact button; WhatsApp always gives one), and until it comes both sides can
write to each other through the bot ("जवाब लिखें, हम पहुँचा देंगे").

Relayed text never carries a phone number (any run of 10 or more digits, however grouped, is hidden), at most
`market.relay_per_day` messages a day go each way, and the relay ends with the connection:
`market.relay_days` after it was made, or when her listing is withdrawn or either side erased
her data. Only who wrote and when are stored (relay_messages), for the limit."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from bot import outbox
from bot.conversation import DEVANAGARI_DIGITS, Context, read_id
from bot.i18n import t
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from models import Demand, Listing, ListingStatus, Match, RelayMessage, User

FLOW = "relay"
PREFIX = "relay:"
MAX_CHARS = 700
CAN_SHARE_CONTACT = ("telegram", "simulator")  # WhatsApp gives the sender's number with every message
_PHONE_LIKE = re.compile(r"\+?\d(?:[\s().-]?\d){9,}")  # 10+ digits, single separators: a mobile or landline
_WA_LINK = re.compile(r"(?:https?://)?(?:wa\.me|api\.whatsapp\.com)/\S*", re.IGNORECASE)


def name_of(user: User) -> str:
    return user.name or user.profile_name or "-"


def hide_phones(text: str) -> str:
    """The text with every phone-like number (and wa.me link) replaced by 📵."""
    plain = text.translate(DEVANAGARI_DIGITS)  # same length: offsets stay valid
    spans = sorted([m.span() for m in _PHONE_LIKE.finditer(plain)] + [m.span() for m in _WA_LINK.finditer(plain)])
    merged: list[list[int]] = []
    for start, end in spans:  # a wa.me link holds a number: one mark for both
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + "📵" + text[end:]
    return text


def _deliver(ctx: Context, user: User, message: Outgoing) -> None:
    if user.id == ctx.user.id:
        ctx.say_text(message.text, options=message.options, contact_button=message.contact_button)
    else:
        outbox.push(ctx.session, user, message)


def after_connect(ctx: Context, match: Match, seller: User, buyer: User) -> None:
    """Called when both said yes: a side without a phone is asked for it; both may write meanwhile."""
    for me, other in ((seller, buyer), (buyer, seller)):
        if not other.phone:
            _deliver(ctx, me, Outgoing(text=t(me.lang, "convo2.relay_offer", name=name_of(other)),
                                       options=[Option(t(me.lang, "convo2.relay_write"), f"{PREFIX}write:{match.id}")]))
    for me, other in ((seller, buyer), (buyer, seller)):
        if not me.phone and me.channel in CAN_SHARE_CONTACT:
            # (Telegram: the contact keyboard, and the option as a numbered line under the text)
            _deliver(ctx, me, Outgoing(text=t(me.lang, "convo2.ask_phone", name=name_of(other)),
                                       options=[Option(t(me.lang, "convo2.relay_write"), f"{PREFIX}write:{match.id}")],
                                       contact_button=t(me.lang, "onboarding.share_phone_button")))


def is_open(session, match: Match, now: datetime, days: int) -> bool:
    if match.connected_at is None or now > match.connected_at + timedelta(days=days):
        return False
    listing = session.get(Listing, match.listing_id)
    sides = [session.get(User, match.seller_id), session.get(User, match.buyer_id)]
    return listing.status != ListingStatus.WITHDRAWN and all(u.erased_at is None for u in sides)


def _other(session, match: Match, me: User) -> User:
    return session.get(User, match.buyer_id if me.id == match.seller_id else match.seller_id)


def _code_for(session, match: Match, viewer: User) -> str:
    """What the viewer knows the deal by: her listing's buyer's demand, or his demand's listing."""
    if viewer.id == match.seller_id:
        return session.get(Demand, match.demand_id).code
    return session.get(Listing, match.listing_id).code


def on_button(ctx: Context, value: str) -> None:
    """ "relay:write:<match>": the next message she types goes to the other side."""
    parts = value.split(":")
    ident = read_id(parts[2]) if len(parts) == 3 and parts[1] == "write" else None
    match = ctx.session.get(Match, ident) if ident else None
    if match is None or ctx.user.id not in (match.seller_id, match.buyer_id) or match.connected_at is None:
        return ctx.say("connect.not_found")
    if not is_open(ctx.session, match, ctx.now, ctx.settings.market.relay_days):
        ctx.finish()
        return ctx.say("convo2.relay_ended")
    ctx.goto(FLOW, "write")
    ctx.remember(match_id=match.id)
    ctx.say("convo2.relay_ask", name=name_of(_other(ctx.session, match, ctx.user)))


def write(ctx: Context) -> None:
    match = ctx.session.get(Match, ctx.data.get("match_id") or 0)
    if match is None or ctx.user.id not in (match.seller_id, match.buyer_id):
        ctx.finish()
        return ctx.say("connect.not_found")
    market = ctx.settings.market
    if not is_open(ctx.session, match, ctx.now, market.relay_days):
        ctx.finish()
        return ctx.say("convo2.relay_ended")
    other = _other(ctx.session, match, ctx.user)
    text = " ".join(ctx.text.split())[:MAX_CHARS]
    if not text:
        return ctx.say("convo2.relay_ask", name=name_of(other))
    sent_today = ctx.session.scalar(select(func.count()).select_from(RelayMessage).where(
        RelayMessage.match_id == match.id, RelayMessage.sender_id == ctx.user.id,
        RelayMessage.created_at > ctx.now - timedelta(days=1))) or 0
    ctx.finish()
    if sent_today >= market.relay_per_day:
        return ctx.say("convo2.relay_too_many", limit=market.relay_per_day)
    ctx.session.add(RelayMessage(match_id=match.id, sender_id=ctx.user.id, created_at=ctx.now))
    code = _code_for(ctx.session, match, other)
    outbox.push(ctx.session, other, Outgoing(
        text=t(other.lang, "convo2.relayed", code=code, name=name_of(ctx.user), text=hide_phones(text)),
        options=[Option(t(other.lang, "convo2.relay_reply"), f"{PREFIX}write:{match.id}")]))
    ctx.say("convo2.relay_sent", name=name_of(other))


def is_contact_share(msg) -> bool:
    """Nothing but her own number (Telegram's contact button; the simulator's phone field)."""
    return bool(msg.phone and msg.channel in CAN_SHARE_CONTACT and not msg.text.strip() and not msg.button
                and not msg.media and not msg.location)


def phone_shared(ctx: Context) -> None:
    """Her own contact, shared after a connection asked for it: the other side of each open
    connection gets her number now (she shared it to be called: that is her consent)."""
    from .connect import contact_line

    market = ctx.settings.market
    mine = ctx.session.scalars(select(Match).where(
        or_(Match.seller_id == ctx.user.id, Match.buyer_id == ctx.user.id), Match.connected_at.is_not(None),
        Match.connected_at > ctx.now - timedelta(days=market.relay_days)).order_by(Match.id))
    told = []
    for match in mine:
        if not is_open(ctx.session, match, ctx.now, market.relay_days):
            continue
        other = _other(ctx.session, match, ctx.user)
        product = fmt.product(other.lang, ctx.session.get(Listing, match.listing_id).product)
        outbox.push(ctx.session, other, Outgoing(text=t(other.lang, "connect.contact", code=_code_for(ctx.session, match, other),
                                                        product=product, contact=contact_line(other.lang, ctx.user, other))))
        told.append(name_of(other))
    if told:
        ctx.say("convo2.phone_sent", names=", ".join(dict.fromkeys(told)), drop_contact_button=True)
    else:
        ctx.say("convo2.phone_saved", drop_contact_button=True)


STEPS = {"write": write}
