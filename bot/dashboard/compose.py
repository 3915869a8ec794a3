"""Composing a notice on the dashboard: the chat's rules, through the same functions.

A plain form (no JavaScript): text, optional English text, area, audience, product, groups, the
author's phone or not -> a draft notice -> its preview (as recipients see it, and how many it
reaches per channel, needing a template) -> send now or at a time (night times asked again, as in
the chat) -> the notice's report page. Every POST carries Flask-WTF's CSRF token, and the area is
checked with bot.notices.area.permitted when the draft is made and again when it is scheduled."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import abort, g, make_response, redirect, request, url_for
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from models import Notice, NoticeStatus, Role

from .. import catalog, places
from ..i18n import t
from ..notices import area as areas, audience, fanout, message, schedule
from ..runtime import runtime
from .web import bp, message as page_message, now, render, staff_page

MAX_TEXT = 1000  # as the chat (handlers/notice.py)
CHANNEL_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram", "simulator": "Simulator"}
AUDIENCES = ("didis", "buyers", "both")
MAX_AHEAD = timedelta(days=90)


class Refused(Exception):
    """A form value that cannot be used; the message is the catalog key shown above the form."""


def area_choices(user) -> list[tuple[str, str]]:
    """(value, label) of the areas this staff member may send to, as the chat offers them."""
    lang = g.viewer.lang
    own = areas.own_area(user)
    if own is not None:
        return [(f"block:{own[1][0]}", areas.describe(lang, *own))]
    if user.role == Role.ADMIN:
        found = sorted(places.districts(), key=lambda d: areas.district_name(lang, d.code))
        return [("bihar", t(lang, "notice.area_bihar")), ("districts", t(lang, "dashboard.compose.several_districts"))] + [
            (f"district:{d.code}", areas.district_name(lang, d.code)) for d in found]
    district = user.district_code
    return [(f"district:{district}", t(lang, "notice.area_whole_district", district=areas.district_name(lang, district)))] + [
        (f"block:{b.code}", areas.block_name(lang, b.code)) for b in places.blocks_of(district)]


def district_choices(user) -> list[tuple[int, str]]:
    """(code, name) of the districts an admin may tick for "several districts"; nobody else gets them."""
    if user.role != Role.ADMIN:
        return []
    lang = g.viewer.lang
    return sorted(((d.code, areas.district_name(lang, d.code)) for d in places.districts()), key=lambda c: c[1])


def _area(value: str, ticked: list[str]) -> tuple[str, list[int]]:
    if value == "bihar":
        return areas.BIHAR, []
    if value == "districts":  # the ticked districts; bot.notices.area.permitted decides who may
        if not ticked or len(ticked) > 38 or not all(c.isascii() and c.isdigit() and len(c) <= 9 for c in ticked):
            raise Refused("compose.bad_area")
        return areas.DISTRICTS, [int(c) for c in ticked]
    kind, _, code = value.partition(":")
    if kind not in (areas.BLOCK, areas.DISTRICT) or not (code.isascii() and code.isdigit()) or len(code) > 9:
        raise Refused("compose.bad_area")
    return kind, [int(code)]


def _text(value: str, *, required: bool) -> str | None:
    value = value.strip()
    if not value and not required:
        return None
    if not (2 <= len(value) <= MAX_TEXT and any(c.isalpha() for c in value)):
        raise Refused("compose.bad_text")
    return value


def check_csrf() -> None:
    """Every POST of the dashboard carries the session's form token; without it, a polite 400."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        abort(make_response(page_message("form_expired", 400)))


def read_form(form, user) -> dict:
    """The form's values, checked; Refused names what is wrong. The area is checked on the server:
    a value the page never offered (another block, a forged code) is refused here."""
    kind, codes = _area(form.get("area", ""), form.getlist("districts"))
    if not areas.permitted(user, kind, codes):
        raise Refused("compose.not_your_area")
    chosen = form.get("audience", "")
    if chosen not in AUDIENCES:
        raise Refused("compose.bad_audience")
    product = form.get("product", "").strip() or None
    if product is not None and catalog.product(product) is None:
        raise Refused("compose.bad_product")
    return dict(text_hi=_text(form.get("text_hi", ""), required=True), text_en=_text(form.get("text_en", ""), required=False),
                area=kind, area_codes=codes, audience=chosen, product=product, include_groups=form.get("groups") == "1",
                share_contact=form.get("share") == "1" and bool(user.phone))


def _draft(notice_id: int) -> Notice:
    notice = g.db.get(Notice, notice_id)
    if notice is None or notice.author_id != g.viewer.user.id or notice.status != NoticeStatus.DRAFT:
        abort(404)
    return notice


def _form_page(values: dict, error: str | None = None, status: int = 200):
    return render("dashboard/compose.html", status=status, values=values, error=error, csrf_token=generate_csrf(),
                  area_choices=area_choices(g.viewer.user), district_choices=district_choices(g.viewer.user),
                  audiences=AUDIENCES)


def _values_of(notice: Notice) -> dict:
    codes = list(notice.area_codes or [])
    return dict(text_hi=notice.text_hi, text_en=notice.text_en or "", audience=notice.audience,
                area="bihar" if notice.area == areas.BIHAR else "districts" if notice.area == areas.DISTRICTS
                else f"{notice.area}:{codes[0] if codes else ''}", districts=[str(c) for c in codes],
                product=notice.product or "", groups=notice.include_groups, share=notice.share_contact, draft=notice.id)


@bp.get("/notices/new")
@staff_page
def compose():
    draft = request.args.get("draft", "")
    if draft:
        if not (draft.isascii() and draft.isdigit()) or len(draft) > 9:
            abort(404)
        return _form_page(_values_of(_draft(int(draft))))
    return _form_page(dict(audience="didis", area=area_choices(g.viewer.user)[0][0]))


@bp.post("/notices/new")
@staff_page
def compose_post():
    check_csrf()
    user = g.viewer.user
    values = {k: request.form.get(k, "") for k in ("text_hi", "text_en", "area", "audience", "product", "groups",
                                                   "share", "draft")}
    values["districts"] = request.form.getlist("districts")
    try:
        checked = read_form(request.form, user)
    except Refused as refused:
        return _form_page(values, error=str(refused), status=403 if str(refused) == "compose.not_your_area" else 400)
    db = g.db  # the request's session: on SQLite a second one could not write while it reads
    draft = values["draft"]
    notice = db.get(Notice, int(draft)) if draft.isascii() and draft.isdigit() and len(draft) <= 9 else None
    if notice is None or notice.author_id != user.id or notice.status != NoticeStatus.DRAFT:
        notice = Notice(author_id=user.id, status=NoticeStatus.DRAFT)
        db.add(notice)
    for key, value in checked.items():
        setattr(notice, key, value)
    db.commit()
    notice_id = notice.id
    return redirect(url_for("dashboard.preview", notice_id=notice_id), 303)


def count_lines(lang: str, notice: Notice) -> list[str]:
    """What the chat's preview says: people per channel, groups, the 24-hour window, who is excluded."""
    s = runtime().settings
    count = audience.count(g.db, notice, now(), s.whatsapp_window.hours)
    lines = []
    if count.people or count.groups:
        channels = ", ".join(t(lang, "notice.preview_channel", channel=CHANNEL_NAMES.get(c, c), count=f"{n:,}")
                             for c, n in sorted(count.by_channel.items(), key=lambda kv: -kv[1]))
        groups = t(lang, "notice.preview_groups", count=count.groups) if count.groups else ""
        lines.append(t(lang, "notice.preview_count", people=f"{count.people:,}", channels=channels or "-", groups=groups))
    else:
        lines.append(t(lang, "notice.preview_nobody"))
    if count.outside_window:
        key = "notice.preview_window" if s.notices.template else "notice.preview_window_no_template"
        lines.append(t(lang, key, count=f"{count.outside_window:,}"))
    if count.opted_out or count.unreachable:
        lines.append(t(lang, "notice.preview_excluded", opted_out=count.opted_out, unreachable=count.unreachable))
    return lines


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(runtime().settings.timezone))


def _preview_page(notice: Notice, *, error: str | None = None, quiet: dict | None = None, status: int = 200):
    lang = g.viewer.lang
    shown = [message.outgoing(notice, g.viewer.user, "hi").text]  # as Hindi users see it, and English users
    if notice.text_en:
        shown.append(message.outgoing(notice, g.viewer.user, "en").text)
    times = [(str(int(m.timestamp())), _local(m).strftime("%d/%m %H:%M"))
             for m in schedule.common_times(now(), runtime().settings.timezone)]
    return render("dashboard/preview.html", status=status, notice=notice, shown=shown,
                  lines=count_lines(lang, notice), times=times, error=error, quiet=quiet, csrf_token=generate_csrf(),
                  area_text=areas.describe(lang, notice.area, list(notice.area_codes or [])),
                  min_local=_local(now()).strftime("%Y-%m-%dT%H:%M"))


@bp.get("/notices/<int:notice_id>/preview")
@staff_page
def preview(notice_id: int):
    return _preview_page(_draft(notice_id))


def _moment(form) -> datetime:
    """When the form says to send: now, one of the offered times, or a date and time typed in
    Bihar time (the datetime-local field, or words the chat understands, e.g. "kal subah 9 baje")."""
    chosen = form.get("when", "now")
    current = now()
    if chosen == "now":
        return current
    if chosen.isascii() and chosen.isdigit() and len(chosen) <= 12:
        return datetime.fromtimestamp(int(chosen), tz=timezone.utc)
    if chosen != "at":
        raise Refused("compose.bad_time")
    typed = form.get("at", "").strip()
    tz = runtime().settings.timezone
    try:
        return datetime.fromisoformat(typed).replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)
    except ValueError:
        moment = schedule.parse_when(typed, current, tz) if typed else None
    if moment is None:
        raise Refused("compose.bad_time")
    return moment


@bp.post("/notices/<int:notice_id>/schedule")
@staff_page
def schedule_post(notice_id: int):
    check_csrf()
    s = runtime().settings
    current = now()
    db = g.db
    notice = db.get(Notice, notice_id)
    user = g.viewer.user
    if notice is None or notice.author_id != user.id or notice.status != NoticeStatus.DRAFT:
        abort(404)
    if not areas.permitted(user, notice.area, list(notice.area_codes or [])):  # the last word, before any row
        return page_message("outside_area", 403)
    try:
        moment = _moment(request.form)
    except Refused as refused:
        return _preview_page(notice, error=str(refused), status=400)
    if moment < current - timedelta(minutes=1) or moment > current + MAX_AHEAD:
        return _preview_page(notice, error="compose.time_past", status=400)
    night = request.form.get("night", "")
    if schedule.in_quiet_hours(moment, s.timezone, s.quiet_start_hour, s.quiet_end_hour) and night != "anyway":
        morning = schedule.morning_after(moment, s.timezone, s.quiet_end_hour)
        if night != "morning":
            return _preview_page(notice, quiet=dict(
                at=str(int(moment.timestamp())), morning=str(int(morning.timestamp())),
                time=_local(moment).strftime("%d/%m %H:%M"), dawn=_local(morning).strftime("%H:%M")))
        moment = morning
    notice.status, notice.scheduled_at = NoticeStatus.SCHEDULED, max(moment, current)
    db.commit()
    return redirect(url_for("dashboard.notice", notice_id=notice_id), 303)


@bp.post("/notices/<int:notice_id>/stop")
@staff_page
def stop_post(notice_id: int):
    """Cancel a draft or a scheduled notice, or stop one being sent: the author only, as in the chat."""
    check_csrf()
    db = g.db
    notice = db.get(Notice, notice_id)
    if notice is None or notice.author_id != g.viewer.user.id:
        abort(404)
    fanout.stop(db, notice, now())
    status = notice.status
    db.commit()
    if status == NoticeStatus.CANCELLED:
        return redirect(url_for("dashboard.notices"), 303)
    return redirect(url_for("dashboard.notice", notice_id=notice_id), 303)
