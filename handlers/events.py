"""Events in the chat. Everyone: "कार्यक्रम / events" lists upcoming events near her, a tap opens
one, "आऊँगी / नहीं" answers (and can be changed). Staff, with one-line commands in their area:

    event add meet | ODOP क्रेता-विक्रेता सम्मेलन | 15/12/2026 10:00 | 15/12/2026 17:00 | प्रखंड सभागार | Bihta | didis | makhana | yes
    event change 4 start 16/12/2026 11:00     (fields: title, start, end, venue, details, photo, document)
    event cancel 4
    events                                    (their events with yes / no / invited counts)
"""
from __future__ import annotations

from sqlalchemy import or_, select

from bot.area_staff import is_staff
from bot.conversation import Context
from bot.events import audience, build, card, invite, when
from bot.i18n import words
from bot.market import format as fmt
from bot.messages import Option
from models import Event, EventInvite, EventStatus, Role
from handlers import menu

PREFIX = "event:"
SHOW, INVITE, LATER = "event:show:", "event:invite:", "event:later:"
LIST_LIMIT = 5
CHANGEABLE = ("title", "start", "end", "venue", "details", "photo", "document")


# --- everyone --------------------------------------------------------------------------------
def asked(ctx: Context) -> bool:
    if ctx.text.lower() not in words("keywords.events"):
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
    if ctx.user.role != Role.BUYER:
        query = query.where(or_(Event.district_code == ctx.user.district_code, Event.area == "bihar"))
    found = list(ctx.session.scalars(query.limit(200)))
    found.sort(key=lambda e: (e.district_code != ctx.user.district_code, e.starts_at))
    return found[:LIST_LIMIT]


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
    event = _event(ctx, value)
    if event is None:
        return menu.not_understood(ctx)
    if value.startswith((INVITE, LATER)):
        return staff_invite(ctx, event, send=value.startswith(INVITE))
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
        add(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.event_change")) is not None:
        change(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.event_cancel")) is not None:
        cancel(ctx, rest)
    else:
        return False
    return True


def _say_invalid(ctx: Context, exc: build.Invalid) -> None:
    ctx.say(exc.key, **exc.values)


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
        return _say_invalid(ctx, exc)
    ctx.session.add(event)
    ctx.session.flush()
    count = len(audience.invited(ctx.session, event, ctx.now))
    ctx.say_text(ctx.t("events.created", id=event.id, count=count) + "\n" + card.text(ctx.lang, event, ctx.settings.timezone),
                 options=[Option(ctx.t("events.send_invitations"), f"{INVITE}{event.id}"),
                          Option(ctx.t("events.not_now"), f"{LATER}{event.id}")])


def _mine(ctx: Context, ident: str) -> Event | None:
    """The event with that id if it is in the staff member's area (admins: any)."""
    event = ctx.session.get(Event, int(ident)) if ident.isascii() and ident.isdigit() else None
    if event is None or ctx.user.role == Role.ADMIN:
        return event
    if event.district_code != ctx.user.district_code:
        return None
    if ctx.user.block_code and event.block_code != ctx.user.block_code:
        return None
    return event


def staff_invite(ctx: Context, event: Event, *, send: bool) -> None:
    if not is_staff(ctx.user) or _mine(ctx, str(event.id)) is None:
        return menu.not_understood(ctx)
    if not send:
        ctx.say("events.invite_later", id=event.id)
        return
    if event.status != EventStatus.PLANNED or event.starts_at <= ctx.now:
        return ctx.say("events.gone")
    sent = invite.invite(ctx.session, event, ctx.now, ctx.settings.timezone)
    held = when.not_before(ctx.now, ctx.settings.timezone)
    ctx.say("events.invited_night" if held else "events.invited", count=sent)


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
        moment = when.read(value, tz, ctx.now)
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
    told = invite.tell_yes(ctx.session, event, "events.changed_note", ctx.now, tz)
    ctx.say("events.changed", id=event.id, told=told)


def cancel(ctx: Context, rest: str) -> None:
    event = _mine(ctx, rest.strip())
    if event is None or event.status != EventStatus.PLANNED:
        return ctx.say("events.not_yours")
    event.status = EventStatus.CANCELLED
    told = invite.tell_yes(ctx.session, event, "events.cancelled_note", ctx.now, ctx.settings.timezone)
    ctx.say("events.cancelled", id=event.id, told=told)


def staff_list(ctx: Context) -> None:
    query = select(Event).where(Event.status == EventStatus.PLANNED, Event.starts_at > ctx.now).order_by(Event.starts_at)
    if ctx.user.role != Role.ADMIN:
        query = query.where(Event.district_code == ctx.user.district_code)
        if ctx.user.block_code:
            query = query.where(Event.block_code == ctx.user.block_code)
    found = ctx.session.scalars(query.limit(20)).all()
    if not found:
        return ctx.say("events.none_yours")
    lines = [ctx.t("events.yours_title")]
    for event in found:
        yes, no, invited = card.yes_count(ctx.session, event.id)
        lines.append(ctx.t("events.staff_line", id=event.id, title=event.title,
                           dates=card.dates(event, ctx.settings.timezone), yes=yes, no=no, invited=invited))
    ctx.say_text("\n".join(lines), options=[Option(ctx.t("events.invite_option", id=e.id, title=e.title[:30]), f"{INVITE}{e.id}")
                                           for e in found if e.invited_at is None])


def show_menu(ctx: Context) -> None:
    """The menu's "कार्यक्रम": staff see their area's events with counts, others the list near them."""
    return staff_list(ctx) if is_staff(ctx.user) else show_list(ctx)


