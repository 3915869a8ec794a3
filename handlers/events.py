"""Events in the chat. Everyone: "कार्यक्रम / events" lists upcoming events near her (and those for
all Bihar), a tap opens one, "आऊँगी / नहीं" answers (and can be changed), on the list or on the
invitation. Staff create one step by step ("event add" alone, handlers/event_create.py) or with a
one-line command in their area, see the invitation's preview with its counts, send it now or at a
time (it goes as a notice: "My notices" has its report and its stop), and see the yes counts:

    event add meet | ODOP क्रेता-विक्रेता सम्मेलन | 15/12/2026 10:00 | 15/12/2026 17:00 | प्रखंड सभागार | Bihta | didis | makhana | yes
    event change 4 start 16/12/2026 11:00     (fields: title, start, end, venue, details, photo, document)
    event cancel 4
    events                                    (their events with yes / no / invited counts)
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from bot import schemes
from bot.area_staff import is_staff
from bot.conversation import Context
from bot.events import build, card, invite, when
from bot.i18n import words
from bot.market import format as fmt
from bot.messages import Option, Outgoing
from bot.notices import area as areas, audience as notice_audience, fanout, message, schedule
from models import Event, EventInvite, EventStatus, Role
from handlers import menu

PREFIX = "event:"
SHOW, INVITE, LATER, GO, WHEN, AT, NEW = ("event:show:", "event:invite:", "event:later:", "event:go:", "event:when:",
                                          "event:at:", "event:new")
LIST_LIMIT = 5
STAFF_LIMIT = 9  # with "new event", ten options: WhatsApp's list limit
FLOW = "event_invite"
CHANNEL_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram", "simulator": "Simulator"}
CHANGEABLE = ("title", "start", "end", "venue", "details", "photo", "document")


# --- everyone --------------------------------------------------------------------------------
ASK_WORDS = 6  # "mela kab hai", "koi karyakram hai?": a short question with an event word


def asked(ctx: Context) -> bool:
    typed = ctx.text.lower()
    said = [w.strip("?!.,।") for w in typed.split()]
    if typed not in words("keywords.events") and not (
            len(said) <= ASK_WORDS and any(w in words("keywords.events") for w in said)
            and not schemes.find(ctx.text)):  # "रोजगार सृजन कार्यक्रम" is a scheme (PMEGP)
        return False
    if is_staff(ctx.user):
        staff_list(ctx)
    else:
        show_list(ctx)
    return True


def upcoming(ctx: Context) -> list[Event]:
    """Planned events not over yet: her district's first; buyers then see the rest of Bihar."""
    not_over = or_(Event.ends_at > ctx.now, Event.ends_at.is_(None) & (Event.starts_at > ctx.now))
    query = select(Event).where(Event.status == EventStatus.PLANNED, not_over).order_by(Event.starts_at)
    found = list(ctx.session.scalars(query.limit(500)))
    if ctx.user.role != Role.BUYER:
        found = [e for e in found if _near(e, ctx.user)]
    found.sort(key=lambda e: (e.district_code != ctx.user.district_code, e.starts_at))
    return found[:LIST_LIMIT]


def _near(event: Event, user) -> bool:
    """Held in her district, or inviting her area: her block, her district among several, all Bihar."""
    codes = list(event.area_codes or [])
    return (event.district_code == user.district_code or event.area == areas.BIHAR
            or (event.area == areas.BLOCK and user.block_code in codes)
            or (event.area in (areas.DISTRICT, areas.DISTRICTS) and user.district_code in codes))


def show_list(ctx: Context) -> None:
    found = upcoming(ctx)
    if not found:
        ctx.say("events.none")
        return menu.show(ctx)
    mine = _answers(ctx, [e.id for e in found])
    lines = [ctx.t("events.list_title")]
    for n, event in enumerate(found, 1):
        mark = ctx.t("events.coming_mark") if mine.get(event.id) == "yes" else ""
        lines.append(ctx.t("events.list_line", n=n, title=event.title, dates=card.dates(event, ctx.settings.timezone),
                           venue=event.venue, place=fmt.place(ctx.lang, event.district_code, event.block_code), mark=mark))
    ctx.say_text("\n".join(lines), options=[Option(e.title[:40], f"{SHOW}{e.id}") for e in found])


def _answers(ctx: Context, event_ids: list[int]) -> dict[int, str | None]:
    return dict(ctx.session.execute(select(EventInvite.event_id, EventInvite.answer).where(
        EventInvite.user_id == ctx.user.id, EventInvite.event_id.in_(event_ids))).all())


def _event(ctx: Context, value: str) -> Event | None:
    rest = value.rsplit(":", 1)[-1]
    return ctx.session.get(Event, int(rest)) if rest.isascii() and rest.isdigit() else None


def on_button(ctx: Context, value: str) -> None:
    if value == NEW:
        from handlers import event_create

        return event_create.start(ctx)
    event = _event(ctx, value)
    if event is None:
        return menu.not_understood(ctx)
    if value.startswith((INVITE, LATER, GO, WHEN, AT)):
        return staff_invite(ctx, event, value)
    if event.status != EventStatus.PLANNED or (event.ends_at or event.starts_at) <= ctx.now:
        ctx.say("events.gone")
        return menu.show(ctx)
    if value.startswith(SHOW):
        return show_one(ctx, event)
    if value.startswith((invite.YES, invite.NO)):
        return answer(ctx, event, "yes" if value.startswith(invite.YES) else "no")
    menu.not_understood(ctx)


def show_one(ctx: Context, event: Event) -> None:
    text = card.text(ctx.lang, event, ctx.settings.timezone)
    if ctx.user.role == Role.BUYER and (coming := card.coming_lines(ctx.session, ctx.lang, event, ctx.user, ctx.now)):
        text += "\n" + coming
    said = _answers(ctx, [event.id]).get(event.id)
    options = []
    if event.registration:
        if said == "yes":
            text += "\n" + ctx.t("events.you_come")
            options = [Option(ctx.t("events.cancel_coming"), f"{invite.NO}{event.id}")]
        else:
            text += "\n" + ctx.t("events.ask_come")
            options = invite.answer_options(ctx.lang, event)
    ctx.say_text(text, options=options, photo=event.photo)
    ctx.replies[-1].document = event.document


def answer(ctx: Context, event: Event, said: str) -> None:
    row = ctx.session.scalar(select(EventInvite).where(EventInvite.event_id == event.id, EventInvite.user_id == ctx.user.id))
    if row is None:
        row = EventInvite(event_id=event.id, user_id=ctx.user.id)
        ctx.session.add(row)
    row.answer, row.answered_at = said, ctx.now
    if said == "yes":
        ctx.say_text(ctx.t("events.noted_yes", title=event.title, dates=card.dates(event, ctx.settings.timezone)),
                     options=[Option(ctx.t("events.cancel_coming"), f"{invite.NO}{event.id}")])
    else:
        ctx.say("events.noted_no", title=event.title)
        menu.show(ctx)


# --- staff ---------------------------------------------------------------------------------
def _command(text: str, key: str) -> str | None:
    lowered = text.lower()
    for word in sorted(words(key), key=len, reverse=True):
        if lowered.startswith(word + " ") or lowered == word:
            return text[len(word):].strip()
    return None


def command(ctx: Context) -> bool:
    if not is_staff(ctx.user) or not ctx.text:
        return False
    if (rest := _command(ctx.text, "keywords.event_add")) is not None:
        if not rest:  # "event add" alone: step by step
            from handlers import event_create

            event_create.start(ctx)
        else:
            add(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.event_change")) is not None:
        change(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.event_cancel")) is not None:
        cancel(ctx, rest)
    else:
        return False
    return True


def add(ctx: Context, rest: str) -> None:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) != 9:
        return ctx.say("events.add_usage")
    kind, title, start, end, venue, where, who, product, registration = parts
    block, _, district = where.partition(",")
    fields = build.Fields(kind=kind, title=title, start=start, end=end, venue=venue, district=district, block=block,
                          audience=who, product=product, registration=registration)
    try:
        event = build.make(fields, ctx.user, ctx.now, ctx.settings.timezone)
    except build.Invalid as exc:
        return ctx.say(exc.key, **exc.values)
    ctx.session.add(event)
    ctx.session.flush()
    created(ctx, event)


def created(ctx: Context, event: Event) -> None:
    """A new event: its card, then the invitation's preview."""
    ctx.say_text(ctx.t("events.created", id=event.id) + "\n" + card.text(ctx.lang, event, ctx.settings.timezone))
    preview(ctx, event)


def _mine(ctx: Context, ident: str) -> Event | None:
    """The event with that id if it is in the staff member's area (admins: any)."""
    event = ctx.session.get(Event, int(ident)) if ident.isascii() and ident.isdigit() and len(ident) < 10 else None
    if event is None or ctx.user.role == Role.ADMIN:
        return event
    if event.district_code != ctx.user.district_code:
        return None
    if ctx.user.block_code and event.block_code != ctx.user.block_code:
        return None
    return event


# --- the invitation: preview, then now or at a time (a notice) ---------------------------------
def _count_lines(ctx: Context, notice) -> list[str]:
    count = notice_audience.count(ctx.session, notice, ctx.now, ctx.settings.whatsapp_window.hours)
    if not count.people:
        return [ctx.t("events.preview_nobody")]
    channels = ", ".join(ctx.t("notice.preview_channel", channel=CHANNEL_NAMES.get(c, c), count=f"{n:,}")
                         for c, n in sorted(count.by_channel.items(), key=lambda kv: -kv[1]))
    lines = [ctx.t("events.preview_count", people=f"{count.people:,}", channels=channels)]
    if count.outside_window:
        key = "notice.preview_window" if ctx.settings.notices.template else "notice.preview_window_no_template"
        lines.append(ctx.t(key, count=f"{count.outside_window:,}"))
    if count.opted_out or count.unreachable:
        lines.append(ctx.t("notice.preview_excluded", opted_out=count.opted_out, unreachable=count.unreachable))
    return lines


def preview(ctx: Context, event: Event) -> None:
    """The invitation as recipients will see it, who it reaches by channel, and when to send it."""
    if (sent := invite.already_sent(ctx.session, event)) is not None:
        return ctx.say("events.already_invited", id=event.id, notice=sent.id,
                       options=[("events.report", f"notice:view:{sent.id}")] if sent.author_id == ctx.user.id else [])
    notice = invite.draft(ctx.session, event, ctx.user, ctx.settings.timezone)
    if notice is None:
        return ctx.say("events.invite_not_your_area", id=event.id)
    shown = message.outgoing(notice, ctx.user, ctx.lang)
    ctx.replies.append(Outgoing(text=ctx.t("events.preview_title") + "\n\n" + shown.text, photo=notice.photo,
                                document=notice.document))
    ctx.say_text("\n".join(_count_lines(ctx, notice)), options=[
        Option(ctx.t("events.send_invitations"), f"{GO}{event.id}"), Option(ctx.t("events.send_later"), f"{WHEN}{event.id}"),
        Option(ctx.t("events.not_now"), f"{LATER}{event.id}")])


def staff_invite(ctx: Context, event: Event, value: str) -> None:
    if not is_staff(ctx.user) or _mine(ctx, str(event.id)) is None:
        return menu.not_understood(ctx)
    if ctx.convo.flow == FLOW:
        ctx.finish()
    if value.startswith(LATER):
        return ctx.say("events.invite_later", id=event.id)
    if event.status != EventStatus.PLANNED or event.starts_at <= ctx.now:
        return ctx.say("events.gone")
    if value.startswith(INVITE):
        return preview(ctx, event)
    if value.startswith(WHEN):
        return ask_when(ctx, event)
    if value.startswith(GO):
        return _send(ctx, event, ctx.now)
    stamp = value.removeprefix(AT).split(":")[0]
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 10):  # beyond 2286 is a forged value
        return menu.not_understood(ctx)
    _send(ctx, event, datetime.fromtimestamp(int(stamp), tz=ctx.now.tzinfo))


def ask_when(ctx: Context, event: Event) -> None:
    ctx.goto(FLOW, "when")
    ctx.remember(event=event.id)
    times = [m for m in schedule.common_times(ctx.now, ctx.settings.timezone) if m < event.starts_at]
    ctx.say_text(ctx.t("events.ask_when"), options=[
        Option(ctx.local(m).strftime("%d/%m %H:%M"), f"{AT}{int(m.timestamp())}:{event.id}") for m in times])


def typed_when(ctx: Context) -> None:
    event = _mine(ctx, str(ctx.data.get("event") or ""))
    if event is None:
        ctx.finish()
        return menu.not_understood(ctx)
    moment = schedule.parse_when(ctx.text, ctx.now, ctx.settings.timezone) if ctx.text else None
    if moment is None:
        ctx.say("events.when_again")
        return ask_when(ctx, event)
    ctx.finish()
    _send(ctx, event, moment)


def _send(ctx: Context, event: Event, moment: datetime) -> None:
    if moment < ctx.now - timedelta(minutes=1) or moment >= event.starts_at:
        ctx.say("events.when_not_before_start")
        return ask_when(ctx, event)
    if invite.already_sent(ctx.session, event) is not None:
        return preview(ctx, event)  # a second tap: says it went, with its report
    notice = invite.draft(ctx.session, event, ctx.user, ctx.settings.timezone)
    if notice is None:
        return ctx.say("events.invite_not_your_area", id=event.id)
    at = invite.send(ctx.session, event, notice, max(moment, ctx.now), ctx.settings)
    report = [("events.report", f"notice:view:{notice.id}")]
    if at <= ctx.now + timedelta(minutes=1):
        ctx.say("events.invite_queued", notice=notice.id, options=report)
    else:
        key = "events.invite_morning" if at > moment + timedelta(minutes=1) else "events.invite_scheduled"
        ctx.say(key, notice=notice.id, time=ctx.local(at).strftime("%d/%m %H:%M"), options=report)


# --- changes --------------------------------------------------------------------------------
def change(ctx: Context, rest: str) -> None:
    ident, _, rest = rest.partition(" ")
    field, _, value = rest.strip().partition(" ")
    event, field, value = _mine(ctx, ident), field.lower(), value.strip()
    if event is None or event.status != EventStatus.PLANNED:
        return ctx.say("events.not_yours")
    if field not in CHANGEABLE or not value:
        return ctx.say("events.change_usage", fields=", ".join(CHANGEABLE))
    tz = ctx.settings.timezone
    if field in ("start", "end"):
        moment = when.read(value, tz, ctx.now) or schedule.parse_when(value, ctx.now, tz)
        if moment is None:
            return ctx.say("events.bad_date")
        if field == "start":
            if moment <= ctx.now:
                return ctx.say("events.in_the_past")
            event.starts_at = moment
            for row in ctx.session.scalars(select(EventInvite).where(EventInvite.event_id == event.id)):
                row.eve_reminded_at = row.morning_reminded_at = None  # remind again for the new day
        else:
            if moment <= event.starts_at:
                return ctx.say("events.bad_end")
            event.ends_at = moment
    elif field in ("photo", "document"):
        if not value.startswith(("https://", "http://")):
            return ctx.say("events.bad_link")
        setattr(event, field, value[:300])
    else:
        setattr(event, field, value[:1000 if field == "details" else 200])
    invite.refresh(ctx.session, event, tz)  # an invitation not gone yet carries the change
    told = invite.tell_yes(ctx.session, event, "events.changed_note", ctx.now, ctx.settings)
    ctx.say("events.changed", id=event.id, told=told)


def cancel(ctx: Context, rest: str) -> None:
    event = _mine(ctx, rest.strip())
    if event is None or event.status != EventStatus.PLANNED:
        return ctx.say("events.not_yours")
    event.status = EventStatus.CANCELLED
    if (notice := invite.notice_of(ctx.session, event)) is not None:
        fanout.stop(ctx.session, notice, ctx.now)  # invitations not gone yet do not go
    told = invite.tell_yes(ctx.session, event, "events.cancelled_note", ctx.now, ctx.settings)
    ctx.say("events.cancelled", id=event.id, told=told)


def staff_list(ctx: Context) -> None:
    query = select(Event).where(Event.status == EventStatus.PLANNED, Event.starts_at > ctx.now).order_by(Event.starts_at)
    if ctx.user.role != Role.ADMIN:
        query = query.where(Event.district_code == ctx.user.district_code)
        if ctx.user.block_code:
            query = query.where(Event.block_code == ctx.user.block_code)
    found = ctx.session.scalars(query.limit(STAFF_LIMIT)).all()
    new = Option(ctx.t("events.new_event"), NEW)
    if not found:
        return ctx.say_text(ctx.t("events.none_yours"), options=[new])
    lines, options = [ctx.t("events.yours_title")], []
    for event in found:
        yes, no, invited = invite.counts(ctx.session, event)
        lines.append(ctx.t("events.staff_line", id=event.id, title=event.title,
                           dates=card.dates(event, ctx.settings.timezone), yes=yes, no=no, invited=invited))
        sent = invite.already_sent(ctx.session, event)
        if sent is None:
            options.append(Option(ctx.t("events.invite_option", id=event.id, title=event.title[:30]), f"{INVITE}{event.id}"))
        elif sent.author_id == ctx.user.id:
            options.append(Option(ctx.t("events.report_option", id=event.id), f"notice:view:{sent.id}"))
    ctx.say_text("\n".join(lines), options=options + [new])


def show_menu(ctx: Context) -> None:
    """The menu's "कार्यक्रम": staff see their area's events with counts, others the list near them."""
    return staff_list(ctx) if is_staff(ctx.user) else show_list(ctx)


STEPS = {"when": typed_when}
