"""Staff compose a notice (text, English version, photo or PDF, area, audience, product, groups),
see it as recipients will with the count, then send now, schedule, change or cancel.

The area is checked on the server at every step (bot.notices.area), whatever button value comes."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot import places
from bot.conversation import Context
from bot.market import photos
from bot.messages import Option, Outgoing
from bot.notices import area as areas, audience, fanout, message, schedule
from bot.parser import parse
from models import Notice, NoticeStatus, Role

from . import menu

FLOW = "notice"
MAX_TEXT = 1000
CHANNEL_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram", "simulator": "Simulator"}


# --- composing ------------------------------------------------------------------------------
def start(ctx: Context) -> None:
    if not areas.is_staff(ctx.user):
        ctx.say("notice.not_staff")
        return menu.show(ctx)
    ctx.finish()
    ctx.goto(FLOW, "text")
    ctx.say("notice.ask_text")


def _valid_text(ctx: Context) -> str | None:
    given = ctx.text
    return given if 2 <= len(given) <= MAX_TEXT and any(c.isalpha() for c in given) else None


def text(ctx: Context) -> None:
    given = _valid_text(ctx)
    if given is None:
        return ctx.say("notice.text_again")
    ctx.remember(text_hi=given)
    ctx.goto(FLOW, "english")
    ctx.say("notice.ask_english", options=[("notice.no_english", "nc:noen")])


def english(ctx: Context) -> None:
    if ctx.choice == "nc:noen":
        ctx.remember(text_en=None)
    elif (given := _valid_text(ctx)) is not None:
        ctx.remember(text_en=given)
    else:
        return ctx.say("notice.text_again", options=[("notice.no_english", "nc:noen")])
    ctx.goto(FLOW, "attachment")
    ctx.say("notice.ask_attachment", options=[("notice.no_attachment", "nc:noatt")])


def attachment(ctx: Context) -> None:
    if ctx.choice != "nc:noatt":
        if (sent := photos.attachment(ctx.session, ctx.user, ctx.msg)) is None:
            return ctx.say("notice.attachment_again", options=[("notice.no_attachment", "nc:noatt")])
        ctx.remember(**sent)
    ask_area(ctx)


def ask_area(ctx: Context) -> None:
    own = areas.own_area(ctx.user)
    if own is not None:  # block staff: their block, nothing to ask
        ctx.remember(area=own[0], codes=own[1])
        return ask_audience(ctx)
    ctx.goto(FLOW, "area")
    if ctx.user.role == Role.ADMIN:
        return ctx.say_text(ctx.t("notice.ask_area"), options=[
            Option(ctx.t("notice.area_bihar"), "area:bihar"), Option(ctx.t("notice.area_pick_districts"), "area:pick")])
    district = ctx.user.district_code
    ctx.say_text(ctx.t("notice.ask_area"), options=[
        Option(ctx.t("notice.area_whole_district", district=areas.district_name(ctx.lang, district)), f"area:district:{district}"),
        *[Option(areas.block_name(ctx.lang, b.code), f"area:block:{b.code}") for b in places.blocks_of(district)]])


def area(ctx: Context) -> None:
    if ctx.choice == "area:pick" and ctx.user.role == Role.ADMIN:
        return ask_districts(ctx)
    chosen = areas.chosen(ctx, "area:")
    if chosen is None:
        return ask_area(ctx)
    return _set_area(ctx, *chosen, again=ask_area)


def _set_area(ctx: Context, kind: str, codes: list[int], *, again) -> None:
    if not areas.permitted(ctx.user, kind, codes):
        ctx.say("notice.not_your_area")
        return again(ctx)
    ctx.remember(area=kind, codes=codes)
    ask_audience(ctx)


def ask_districts(ctx: Context) -> None:
    ctx.goto(FLOW, "districts")
    found = sorted(places.districts(), key=lambda d: areas.district_name(ctx.lang, d.code))
    ctx.say_text(ctx.t("notice.ask_districts"),
                 options=[Option(areas.district_name(ctx.lang, d.code), f"area:district:{d.code}") for d in found])


def districts(ctx: Context) -> None:
    """Admins: one district tapped, or several typed ("Patna, Gaya, नालंदा")."""
    code = ctx.chosen_code("area:district:")
    if code is not None:
        return _set_area(ctx, areas.DISTRICT, [code], again=ask_districts)
    codes, unknown = areas.typed_districts(ctx.text)
    if not codes or unknown:
        ctx.say("notice.districts_again", names=", ".join(unknown) or ctx.text or "-")
        return ask_districts(ctx)
    _set_area(ctx, areas.DISTRICT if len(codes) == 1 else areas.DISTRICTS, codes, again=ask_districts)


AUDIENCES = [("notice.audience_didis", "aud:didis"), ("notice.audience_buyers", "aud:buyers"),
             ("notice.audience_both", "aud:both")]


def ask_audience(ctx: Context) -> None:
    ctx.goto(FLOW, "audience")
    ctx.say("notice.ask_audience", options=AUDIENCES)


def audience_step(ctx: Context) -> None:
    if ctx.choice not in [v for _, v in AUDIENCES]:
        return ask_audience(ctx)
    ctx.remember(audience=ctx.choice.split(":")[1])
    ctx.goto(FLOW, "product")
    ctx.say("notice.ask_product", options=[("notice.product_all", "nc:allproducts")])


def product(ctx: Context) -> None:
    if ctx.choice == "nc:allproducts":
        ctx.remember(product=None)
    else:
        found = parse(ctx.text).product if ctx.text and not ctx.msg.button else None
        if found is None:
            return ctx.say("notice.product_again", options=[("notice.product_all", "nc:allproducts")])
        ctx.remember(product=found)
    count = audience.groups_of_area(ctx.session, ctx.data["area"], ctx.data["codes"], ctx.data["audience"])
    if count:
        ctx.goto(FLOW, "groups")
        return ctx.say("notice.ask_groups", count=count,
                       options=[("notice.groups_yes", "nc:groups"), ("notice.groups_no", "nc:nogroups")])
    ctx.remember(groups=False)
    ask_contact(ctx)


def groups(ctx: Context) -> None:
    if ctx.choice not in ("nc:groups", "nc:nogroups"):
        return ctx.say("notice.ask_groups", count=audience.groups_of_area(
            ctx.session, ctx.data["area"], ctx.data["codes"], ctx.data["audience"]),
            options=[("notice.groups_yes", "nc:groups"), ("notice.groups_no", "nc:nogroups")])
    ctx.remember(groups=ctx.choice == "nc:groups")
    ask_contact(ctx)


def ask_contact(ctx: Context) -> None:
    if not ctx.user.phone:
        ctx.remember(share=False)
        return preview(ctx)
    ctx.goto(FLOW, "contact")
    ctx.say_text(ctx.t("notice.ask_contact"), options=[
        Option(ctx.t("notice.contact_mine", phone=ctx.user.phone), "nc:share"),
        Option(ctx.t("notice.contact_office"), "nc:noshare")])


def contact(ctx: Context) -> None:
    if ctx.choice not in ("nc:share", "nc:noshare"):
        return ask_contact(ctx)
    ctx.remember(share=ctx.choice == "nc:share")
    preview(ctx)


# --- preview and sending --------------------------------------------------------------------
PREVIEW_OPTIONS = [("notice.send_now", "nc:now"), ("notice.send_later", "nc:later"), ("notice.change", "nc:edit"),
                   ("notice.cancel", "nc:cancel")]


def _draft(ctx: Context) -> Notice:
    """The notice row for what has been composed (re-used after "change")."""
    notice = ctx.session.get(Notice, ctx.data["notice_id"]) if ctx.data.get("notice_id") else None
    if notice is None or notice.author_id != ctx.user.id or notice.status != NoticeStatus.DRAFT:
        notice = Notice(author_id=ctx.user.id, status=NoticeStatus.DRAFT)
        ctx.session.add(notice)
    d = ctx.data
    notice.text_hi, notice.text_en, notice.photo, notice.document = d["text_hi"], d.get("text_en"), d.get("photo"), d.get("document")
    notice.area, notice.area_codes, notice.audience = d["area"], list(d["codes"]), d["audience"]
    notice.product, notice.include_groups, notice.share_contact = d.get("product"), bool(d.get("groups")), bool(d.get("share"))
    ctx.session.flush()
    ctx.remember(notice_id=notice.id)
    return notice


def preview(ctx: Context) -> None:
    notice = _draft(ctx)
    if not areas.permitted(ctx.user, notice.area, list(notice.area_codes)):  # the last word, before any row
        ctx.say("notice.not_your_area")
        return ask_area(ctx)
    ctx.goto(FLOW, "preview")
    shown = message.outgoing(notice, ctx.user, ctx.lang)
    ctx.replies.append(Outgoing(text=ctx.t("notice.preview_title", id=notice.id) + "\n\n" + shown.text,
                                photo=notice.photo, document=notice.document))
    count = audience.count(ctx.session, notice, ctx.now, ctx.settings.whatsapp_window.hours)
    lines = []
    if count.people or count.groups:
        channels = ", ".join(ctx.t("notice.preview_channel", channel=CHANNEL_NAMES.get(c, c), count=f"{n:,}")
                             for c, n in sorted(count.by_channel.items(), key=lambda kv: -kv[1]))
        groups_part = ctx.t("notice.preview_groups", count=count.groups) if count.groups else ""
        lines.append(ctx.t("notice.preview_count", people=f"{count.people:,}", channels=channels or "-", groups=groups_part))
    else:
        lines.append(ctx.t("notice.preview_nobody"))
    if count.outside_window:
        key = "notice.preview_window" if ctx.settings.notices.template else "notice.preview_window_no_template"
        lines.append(ctx.t(key, count=f"{count.outside_window:,}"))
    if count.opted_out or count.unreachable:
        lines.append(ctx.t("notice.preview_excluded", opted_out=count.opted_out, unreachable=count.unreachable))
    ctx.say_text("\n".join(lines), options=[Option(ctx.t(k), v) for k, v in PREVIEW_OPTIONS])


def decide(ctx: Context) -> None:
    choice = ctx.choice
    if choice == "nc:now":
        return _at(ctx, ctx.now)
    if choice == "nc:later":
        return ask_when(ctx)
    if choice == "nc:edit":
        ctx.goto(FLOW, "text")
        return ctx.say("notice.ask_text")
    if choice == "nc:cancel":
        return _cancel_draft(ctx)
    preview(ctx)


def _cancel_draft(ctx: Context) -> None:
    notice = ctx.session.get(Notice, ctx.data.get("notice_id") or 0)
    ident = notice.id if notice is not None else "-"
    if notice is not None and notice.author_id == ctx.user.id:
        fanout.stop(ctx.session, notice, ctx.now)
    ctx.finish()
    ctx.say("notice.cancelled", id=ident)
    menu.show(ctx)


def clock(ctx: Context, moment: datetime) -> str:
    return ctx.local(moment).strftime("%d/%m %H:%M")


def ask_when(ctx: Context) -> None:
    ctx.goto(FLOW, "when")
    ctx.say_text(ctx.t("notice.ask_when"), options=[
        Option(clock(ctx, moment), f"when:{int(moment.timestamp())}")
        for moment in schedule.common_times(ctx.now, ctx.settings.timezone)])


def when(ctx: Context) -> None:
    moment = None
    rest = (ctx.choice or "").removeprefix("when:")
    if ctx.choice and ctx.choice.startswith("when:") and rest.isascii() and rest.isdigit() and len(rest) <= 10:  # seconds until 2286
        moment = datetime.fromtimestamp(int(rest), tz=ctx.now.tzinfo)
    elif ctx.choice == "nc:cancel":
        return _cancel_draft(ctx)
    elif ctx.text:
        moment = schedule.parse_when(ctx.text, ctx.now, ctx.settings.timezone)
    if moment is None:
        ctx.say("notice.when_again")
        return ask_when(ctx)
    if moment < ctx.now - timedelta(minutes=1) or moment > ctx.now + timedelta(days=90):
        ctx.say("notice.when_past")
        return ask_when(ctx)
    _at(ctx, moment)


def _at(ctx: Context, moment: datetime, *, night_ok: bool = False) -> None:
    s = ctx.settings
    if not night_ok and schedule.in_quiet_hours(moment, s.timezone, s.quiet_start_hour, s.quiet_end_hour):
        morning = schedule.morning_after(moment, s.timezone, s.quiet_end_hour)
        ctx.remember(at=moment.timestamp(), morning=morning.timestamp())
        ctx.goto(FLOW, "quiet")
        dawn = ctx.local(morning).strftime("%H:%M")
        return ctx.say_text(ctx.t("notice.quiet", time=clock(ctx, moment), morning=dawn), options=[
            Option(ctx.t("notice.quiet_morning", morning=dawn), "quiet:morning"),
            Option(ctx.t("notice.quiet_anyway", time=clock(ctx, moment)), "quiet:anyway"),
            Option(ctx.t("notice.cancel"), "nc:cancel")])
    notice = _draft(ctx)
    if not areas.permitted(ctx.user, notice.area, list(notice.area_codes)):
        ctx.say("notice.not_your_area")
        return ask_area(ctx)
    notice.status, notice.scheduled_at = NoticeStatus.SCHEDULED, max(moment, ctx.now)
    ctx.finish()
    if moment <= ctx.now + timedelta(minutes=1):
        ctx.say("notice.queued", id=notice.id)
    else:
        ctx.say("notice.scheduled", id=notice.id, time=clock(ctx, moment))


def quiet(ctx: Context) -> None:
    if ctx.choice == "nc:cancel":
        return _cancel_draft(ctx)
    if ctx.choice not in ("quiet:morning", "quiet:anyway") or "at" not in ctx.data:
        return preview(ctx)
    key = "morning" if ctx.choice == "quiet:morning" else "at"
    _at(ctx, datetime.fromtimestamp(ctx.data[key], tz=ctx.now.tzinfo), night_ok=True)


STEPS = {
    "text": text,
    "english": english,
    "attachment": attachment,
    "area": area,
    "districts": districts,
    "audience": audience_step,
    "product": product,
    "groups": groups,
    "contact": contact,
    "preview": decide,
    "when": when,
    "quiet": quiet,
}
