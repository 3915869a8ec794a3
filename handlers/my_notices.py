"""After a notice is sent: "My notices" (each one's report in words; stop or cancel it) for its
author, "और जानकारी" for its recipients, and a didi's "सूचनाएं": the recent notices of her area."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.conversation import Context
from bot.messages import Option
from bot.notices import area as areas, audience, fanout, message, report
from models import Notice, NoticeStatus, User

from . import menu, notice as compose
from .notice import clock

SHOWN = 5
RECENT_DAYS = 30


def _snippet(notice: Notice, lang: str, size: int = 60) -> str:
    body = " ".join(message.text_for(notice, lang).split())
    return body if len(body) <= size else body[:size - 1] + "…"


def _when(ctx: Context, notice: Notice) -> str:
    if notice.started_at:
        return ctx.t("notice.when_sent", time=clock(ctx, notice.started_at))
    if notice.scheduled_at:
        return ctx.t("notice.when_scheduled", time=clock(ctx, notice.scheduled_at))
    return ctx.t("notice.when_created", time=clock(ctx, notice.created_at))


def show_mine(ctx: Context) -> None:
    if not areas.is_staff(ctx.user):
        return recent(ctx)
    found = list(ctx.session.scalars(select(Notice).where(Notice.author_id == ctx.user.id,
                                                          Notice.status != NoticeStatus.DRAFT)
                                     .order_by(Notice.id.desc()).limit(SHOWN)))
    if not found:
        ctx.say("notice.mine_none")
        return menu.show(ctx)
    lines = [ctx.t("notice.mine_title")]
    for n in found:
        lines.append(ctx.t("notice.mine_line", id=n.id, when=_when(ctx, n), status=ctx.t(f"notice.status.{n.status}"),
                           area=areas.describe(ctx.lang, n.area, list(n.area_codes)), snippet=_snippet(n, ctx.lang)))
    ctx.say_text("\n".join(lines), options=[Option(ctx.t("notice.mine_open", id=n.id), f"notice:view:{n.id}") for n in found])


def view(ctx: Context, notice: Notice) -> None:
    summary = report.summarise(ctx.session, notice)
    options = []
    if notice.status == NoticeStatus.SENDING:
        options.append(Option(ctx.t("notice.stop"), f"notice:stop:{notice.id}"))
    elif notice.status == NoticeStatus.SCHEDULED:
        options.append(Option(ctx.t("notice.cancel_scheduled"), f"notice:stop:{notice.id}"))
    options.append(Option(ctx.t("notice.back"), "notice:list"))
    ctx.say_text(ctx.t("notice.view", id=notice.id, status=ctx.t(f"notice.status.{notice.status}"),
                       area=areas.describe(ctx.lang, notice.area, list(notice.area_codes)), when=_when(ctx, notice),
                       snippet=_snippet(notice, ctx.lang, 200), report="\n".join([report.in_words(ctx.lang, summary), *report.extra_lines(notice, ctx.lang)])),
                 options=options)


def more(ctx: Context, notice: Notice) -> None:
    """ "और जानकारी" under a notice: the author's number if they chose to share it, else the
    office's phone when the author set one (`staff add --office-phone`), else the office's name."""
    author = ctx.session.get(User, notice.author_id) if notice.author_id else None
    sender = areas.sender(ctx.lang, author)
    if notice.share_contact and author is not None and author.phone:
        ctx.say("notice.more_contact", sender=sender, phone=author.phone)
    elif author is not None and author.office_phone:
        ctx.say("notice.more_office_phone", sender=sender, phone=author.office_phone)
    else:
        ctx.say("notice.more_office", sender=sender)


def on_button(ctx: Context, value: str) -> None:
    """ "notice:more:N" for anyone who got notice N; view/stop/list for its author only."""
    parts = value.split(":")
    action = parts[1] if len(parts) > 1 else ""
    if ctx.convo.flow == compose.FLOW:
        ctx.finish()
    if action == "list":
        return show_mine(ctx)
    ident = parts[2] if len(parts) == 3 and parts[2].isascii() and parts[2].isdigit() and len(parts[2]) < 10 else None
    notice = ctx.session.get(Notice, int(ident)) if ident else None
    if notice is not None and action == "more" and notice.status != NoticeStatus.DRAFT:
        return more(ctx, notice)
    if notice is None or notice.author_id != ctx.user.id or action not in ("view", "stop"):
        ctx.say("notice.not_found")
        return menu.show(ctx)
    if action == "stop":
        before = notice.status
        after = fanout.stop(ctx.session, notice, ctx.now)
        if after == before:
            ctx.say("notice.cannot_stop", id=notice.id, status=ctx.t(f"notice.status.{after}"))
        else:
            ctx.say("notice.stopped" if after == NoticeStatus.STOPPED else "notice.cancelled", id=notice.id)
    view(ctx, notice)


# --- what a didi or buyer sees ---------------------------------------------------------------
def _covers(notice: Notice, user: User) -> bool:
    codes = list(notice.area_codes or [])
    if notice.area == areas.BLOCK:
        return user.block_code in codes
    if notice.area in (areas.DISTRICT, areas.DISTRICTS):
        return user.district_code in codes
    return True


def recent(ctx: Context) -> None:
    """The last few notices sent to her area and kind (didis or buyers), newest first."""
    since = ctx.now - timedelta(days=RECENT_DAYS)
    wanted = [a for a, roles in audience.ROLES.items() if ctx.user.role in roles]
    candidates = ctx.session.scalars(select(Notice).where(
        Notice.status.in_([NoticeStatus.SENDING, NoticeStatus.DONE]), Notice.started_at >= since,
        Notice.audience.in_(wanted), Notice.product.is_(None)).order_by(Notice.started_at.desc()).limit(100))
    found = [n for n in candidates if _covers(n, ctx.user)][:SHOWN]
    if not found:
        ctx.say("notice.recent_none")
        return menu.show(ctx)
    authors = {n.author_id: ctx.session.get(User, n.author_id) for n in found if n.author_id}
    lines = [ctx.t("notice.recent_title")] + [
        ctx.t("notice.recent_line", date=ctx.local(n.started_at).strftime("%d/%m"),
              sender=areas.sender(ctx.lang, authors.get(n.author_id)), snippet=_snippet(n, ctx.lang, 120))
        for n in found]
    ctx.say_text("\n".join(lines))


def keyword(ctx: Context) -> None:
    """ "notice", "सूचना", "broadcast" typed: staff start one, everyone else sees the recent ones."""
    return compose.start(ctx) if areas.is_staff(ctx.user) else recent(ctx)
