"""Staff create an event step by step: title, kind, start (Bihar time, typed the way notices take
it: "15/12 10:00", "कल सुबह 10 बजे"), optional end, venue and its shared location, who is invited
(the notices' area rules: block staff their block, district staff the district or a block, admins a
district, several or all of Bihar), the venue's district when the area is wider than one,
didis/buyers, one product or all, "आना है?", and an optional photo or PDF sent in the chat. Then
the invitation's preview (handlers/events).

The area is checked on the server (bot.notices.area.permitted), whatever button value comes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot import places
from bot.conversation import Context
from bot.events import build, when as event_when
from bot.market import photos
from bot.messages import Option
from bot.notices import area as areas, schedule
from bot.parser import parse
from models import Event, EventKind, EventStatus, Role

from . import events, menu

FLOW = "event_new"
KINDS = [EventKind.SAMAGAM, EventKind.EXHIBITION, EventKind.MEET, EventKind.TRAINING, EventKind.LOAN_CAMP]
AUDIENCES = [("events.audience_didis", "ea:didis"), ("events.audience_buyers", "ea:buyers"),
             ("events.audience_both", "ea:both")]
MAX_AHEAD = timedelta(days=366)


def start(ctx: Context) -> None:
    if not areas.is_staff(ctx.user):
        return menu.not_understood(ctx)
    ctx.finish()
    ctx.goto(FLOW, "title")
    ctx.say("events.ask_title")


def _line(ctx: Context, size: int = 200) -> str | None:
    given = " ".join(ctx.text.split())
    return given if not ctx.msg.button and 2 <= len(given) <= size and any(c.isalpha() for c in given) else None


def title(ctx: Context) -> None:
    if (given := _line(ctx)) is None:
        return ctx.say("events.bad_title")
    ctx.remember(title=given)
    ask_kind(ctx)


def ask_kind(ctx: Context) -> None:
    ctx.goto(FLOW, "kind")
    ctx.say("events.ask_kind", options=[(f"events.kind.{k}", f"ek:{k}") for k in KINDS])


def kind(ctx: Context) -> None:
    chosen = (ctx.choice or "").removeprefix("ek:") if (ctx.choice or "").startswith("ek:") else ctx.text
    try:
        picked = build.pick(chosen, build.KIND_WORDS, "events.bad_kind")
    except build.Invalid:
        return ask_kind(ctx)
    ctx.remember(kind=picked)
    ctx.goto(FLOW, "start")
    ctx.say("events.ask_start")


def _moment(text: str, now: datetime, tz: str) -> datetime | None:
    """ "कल सुबह 10 बजे", "15/12 10:00" (the notices' reading), or a date alone ("15/12/2026": 10:00)."""
    return schedule.parse_when(text, now, tz) or event_when.read(text, tz, now)


def start_step(ctx: Context) -> None:
    moment = _moment(ctx.text, ctx.now, ctx.settings.timezone) if ctx.text else None
    if moment is None:
        return ctx.say("events.ask_start_again")
    if moment <= ctx.now or moment > ctx.now + MAX_AHEAD:
        return ctx.say("events.in_the_past_ask")
    ctx.remember(starts=moment.timestamp())
    ctx.goto(FLOW, "end")
    ctx.say("events.ask_end", options=[("events.no_end", "ee:none")])


def _starts(ctx: Context) -> datetime:
    return datetime.fromtimestamp(ctx.data["starts"], tz=timezone.utc)


def end(ctx: Context) -> None:
    if ctx.choice == "ee:none":
        ctx.remember(ends=None)
    else:
        starts, tz = _starts(ctx), ctx.settings.timezone
        day_began = event_when.at(event_when.local(starts, tz).date(), 0, 0, tz)
        # "17:00" is read on the start's day (parse_when takes a bare time as that day from its "now")
        moment = _moment(ctx.text, day_began, tz) if ctx.text else None
        if moment is None or moment <= starts or moment > starts + timedelta(days=31):
            return ctx.say("events.ask_end_again", options=[("events.no_end", "ee:none")])
        ctx.remember(ends=moment.timestamp())
    ctx.goto(FLOW, "venue")
    ctx.say("events.ask_venue")


def venue(ctx: Context) -> None:
    if (given := _line(ctx)) is None:
        return ctx.say("events.bad_venue")
    ctx.remember(venue=given)
    ctx.goto(FLOW, "map")
    ctx.say("events.ask_map", options=[("events.no_map", "emap:none")])


def map_step(ctx: Context) -> None:
    """The venue's location, shared from the phone (the card then has a map link); or skipped."""
    if ctx.choice == "emap:none":
        ctx.remember(lat=None, lon=None)
    elif ctx.msg.location is not None:
        lat, lon = ctx.msg.location
        ctx.remember(lat=lat, lon=lon)
    else:
        return ctx.say("events.map_again", options=[("events.no_map", "emap:none")])
    ask_area(ctx)


# --- who is invited: the notices' area rules -----------------------------------------------------
def ask_area(ctx: Context) -> None:
    own = areas.own_area(ctx.user)
    if own is not None:  # block staff: their block, nothing to ask
        return _set_area(ctx, *own)
    ctx.goto(FLOW, "area")
    if ctx.user.role == Role.ADMIN:
        return ctx.say_text(ctx.t("events.ask_area"), options=[
            Option(ctx.t("events.area_bihar"), "earea:bihar"), Option(ctx.t("events.area_pick_districts"), "earea:pick")])
    district = ctx.user.district_code
    ctx.say_text(ctx.t("events.ask_area"), options=[
        Option(ctx.t("events.area_whole_district", district=areas.district_name(ctx.lang, district)), f"earea:district:{district}"),
        *[Option(areas.block_name(ctx.lang, b.code), f"earea:block:{b.code}") for b in places.blocks_of(district)]])


def area(ctx: Context) -> None:
    if ctx.choice == "earea:pick" and ctx.user.role == Role.ADMIN:
        return ask_districts(ctx)
    chosen = areas.chosen(ctx, "earea:")
    if chosen is None:
        return ask_area(ctx)
    _set_area(ctx, *chosen)


def ask_districts(ctx: Context) -> None:
    ctx.goto(FLOW, "districts")
    found = sorted(places.districts(), key=lambda d: areas.district_name(ctx.lang, d.code))
    ctx.say_text(ctx.t("events.ask_districts"),
                 options=[Option(areas.district_name(ctx.lang, d.code), f"earea:district:{d.code}") for d in found])


def districts(ctx: Context) -> None:
    """Admins: one district tapped, or several typed ("Patna, Gaya, नालंदा")."""
    if (code := ctx.chosen_code("earea:district:")) is not None:
        return _set_area(ctx, areas.DISTRICT, [code])
    codes, unknown = areas.typed_districts(ctx.text)
    if not codes or unknown:
        ctx.say("events.districts_again", names=", ".join(unknown) or "-")
        return ask_districts(ctx)
    _set_area(ctx, areas.DISTRICT if len(codes) == 1 else areas.DISTRICTS, codes)


def _set_area(ctx: Context, kind_: str, codes: list[int]) -> None:
    if not areas.permitted(ctx.user, kind_, codes):
        ctx.say("events.not_your_area")
        return ask_area(ctx)
    ctx.remember(area=kind_, codes=codes)
    if kind_ == areas.BLOCK:
        block = places.block_by_code(codes[0])
        ctx.remember(district=block.district_code, block=block.code)
    elif kind_ == areas.DISTRICT:
        ctx.remember(district=codes[0], block=None)
    else:  # several districts or all Bihar: where is it held?
        ctx.goto(FLOW, "where")
        return ctx.say("events.ask_where", options=[])
    ask_audience(ctx)


def where(ctx: Context) -> None:
    """The venue's district (and block, "Bihta, Patna"), for an event wider than one district."""
    block_name, _, district_name = ctx.text.rpartition(",") if "," in ctx.text else ("", "", ctx.text)
    district = places.find_district(district_name) if district_name.strip() else None
    block = places.find_block(district.code, block_name) if district and block_name.strip() else None
    if district is None or (block_name.strip() and block is None):
        return ctx.say("events.ask_where_again")
    ctx.remember(district=district.code, block=block.code if block else None)
    ask_audience(ctx)


def ask_audience(ctx: Context) -> None:
    ctx.goto(FLOW, "audience")
    ctx.say("events.ask_audience", options=AUDIENCES)


def audience(ctx: Context) -> None:
    if ctx.choice not in [v for _, v in AUDIENCES]:
        return ask_audience(ctx)
    ctx.remember(audience=ctx.choice.removeprefix("ea:"))
    ctx.goto(FLOW, "product")
    ctx.say("events.ask_product", options=[("events.product_all", "eprod:all")])


def product(ctx: Context) -> None:
    """Only those who listed or asked for one product in the last 90 days (as notices), or everyone."""
    if ctx.choice == "eprod:all":
        ctx.remember(product=None)
    else:
        found = parse(ctx.text).product if ctx.text and not ctx.msg.button else None
        if found is None:
            return ctx.say("events.product_again", options=[("events.product_all", "eprod:all")])
        ctx.remember(product=found)
    ctx.goto(FLOW, "registration")
    ctx.say("events.ask_registration", options=[("events.registration_yes", "er:yes"), ("events.registration_no", "er:no")])


def registration(ctx: Context) -> None:
    if ctx.choice not in ("er:yes", "er:no"):
        return ctx.say("events.ask_registration", options=[("events.registration_yes", "er:yes"),
                                                           ("events.registration_no", "er:no")])
    ctx.remember(registration=ctx.choice == "er:yes")
    ctx.goto(FLOW, "attachment")
    ctx.say("events.ask_attachment", options=[("events.no_attachment", "eatt:none")])


def attachment(ctx: Context) -> None:
    """A photo or PDF sent here is fetched after the turn and kept in the media store, like a notice's."""
    if ctx.choice != "eatt:none":
        if (sent := photos.attachment(ctx.session, ctx.user, ctx.msg)) is None:
            return ctx.say("events.attachment_again", options=[("events.no_attachment", "eatt:none")])
        ctx.remember(**sent)
    create(ctx)


def create(ctx: Context) -> None:
    d = ctx.data
    if not areas.permitted(ctx.user, d["area"], list(d["codes"])):  # the last word, before anything is stored
        ctx.say("events.not_your_area")
        return ask_area(ctx)
    ends = datetime.fromtimestamp(d["ends"], tz=timezone.utc) if d.get("ends") else None
    event = Event(author_id=ctx.user.id, title=d["title"], kind=d["kind"], starts_at=_starts(ctx), ends_at=ends,
                  district_code=d["district"], block_code=d.get("block"), venue=d["venue"], lat=d.get("lat"),
                  lon=d.get("lon"), area=d["area"], area_codes=list(d["codes"]), audience=d["audience"],
                  product=d.get("product"), registration=bool(d["registration"]),
                  photo=d.get("photo"), document=d.get("document"), status=EventStatus.PLANNED)
    ctx.session.add(event)
    ctx.session.flush()
    ctx.finish()
    events.created(ctx, event)


STEPS = {
    "title": title,
    "kind": kind,
    "start": start_step,
    "end": end,
    "venue": venue,
    "map": map_step,
    "area": area,
    "districts": districts,
    "where": where,
    "audience": audience,
    "product": product,
    "registration": registration,
    "attachment": attachment,
}
