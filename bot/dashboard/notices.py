"""The notices page: each notice sent to the staff member's area with its delivery report
(bot.notices.report: queued, sent, delivered, read, failed by reason), one notice's failed
recipients (phones masked), and CSV of both. Composing is in compose.py."""
from __future__ import annotations

from flask import abort, g, request
from sqlalchemy import select

from models import Notice, NoticeStatus, OutboxMessage, OutboxStatus, User

from .. import places
from ..i18n import t
from ..notices import area as areas, report
from ..runtime import runtime
from . import names
from .area import Area
from .csv_out import csv_response
from .filters import BadFilter
from .privacy import shown_phone
from .web import bp, nav, render, staff_page

PAGE_SIZE = 25
FAILED_SHOWN = 200  # failed recipients listed on the page; the CSV has them all
FAILED = (OutboxStatus.FAILED, OutboxStatus.SKIPPED)


def t_ui(lang: str, key: str) -> str:
    return t(lang, "dashboard." + key)


nav(50, "notices", "dashboard.notices")


def visible(area: Area, notice: Notice) -> bool:
    """A notice is shown to staff whose area holds all of its recipients: block staff see notices to
    their block, district staff those to their district or one of its blocks, admins all."""
    if area.district_code is None:
        return True
    codes = list(notice.area_codes or [])
    if notice.area == areas.BLOCK and len(codes) == 1:
        block = places.block_by_code(codes[0])
        return block is not None and block.district_code == area.district_code and area.block_code in (None, codes[0])
    return area.block_code is None and notice.area == areas.DISTRICT and codes == [area.district_code]


def _kinds(area: Area) -> list[str]:
    if area.district_code is None:
        return [areas.BLOCK, areas.DISTRICT, areas.DISTRICTS, areas.BIHAR]
    return [areas.BLOCK] if area.block_code is not None else [areas.BLOCK, areas.DISTRICT]


def of_area(session, area: Area) -> list[Notice]:
    """The area's notices (not drafts), newest first. The database narrows by kind of area; the
    codes (a JSON list) are compared here, over a staff member's few hundred notices."""
    found = session.scalars(select(Notice).where(Notice.status != NoticeStatus.DRAFT, Notice.area.in_(_kinds(area)))
                            .order_by(Notice.id.desc()))
    return [n for n in found if visible(area, n)]


def _page_number() -> int:
    raw = request.args.get("page", "1").strip() or "1"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadFilter("page")
    return max(int(raw), 1)


def _one(notice_id: int) -> Notice:
    notice = g.db.get(Notice, notice_id)
    if notice is None or notice.status == NoticeStatus.DRAFT and notice.author_id != g.viewer.user.id \
            or not visible(g.viewer.area, notice):
        abort(404)  # another area's notice is "not found", as if it did not exist
    return notice


def snippet(notice: Notice, size: int = 80) -> str:
    text = " ".join(notice.text_hi.split())
    return text if len(text) <= size else text[:size - 1] + "…"


def when(notice: Notice, tz: str) -> str:
    moment = notice.started_at or notice.scheduled_at or notice.created_at
    return names.moment(moment, tz)


@bp.get("/notices")
@staff_page
def notices():
    page = _page_number()
    found = of_area(g.db, g.viewer.area)
    shown = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    summaries = {n.id: report.summarise(g.db, n) for n in shown}
    return render("dashboard/notices.html", notices=shown, summaries=summaries, total=len(found), page=page,
                  pages=max(1, -(-len(found) // PAGE_SIZE)), areas=areas, snippet=snippet,
                  when=lambda n: when(n, runtime().settings.timezone))


@bp.get("/notices/<int:notice_id>")
@staff_page
def notice(notice_id: int):
    found = _one(notice_id)
    failed = g.db.execute(select(OutboxMessage, User).outerjoin(User, User.id == OutboxMessage.user_id)
                          .where(OutboxMessage.notice_id == found.id, OutboxMessage.status.in_(FAILED))
                          .order_by(OutboxMessage.id).limit(FAILED_SHOWN)).all()
    return render("dashboard/notice.html", notice=found, s=report.summarise(g.db, found), failed=failed,
                  areas=areas, reason=report.reason, shown_phone=shown_phone, limit=FAILED_SHOWN,
                  when=when(found, runtime().settings.timezone),
                  may_stop=found.author_id == g.viewer.user.id and found.status in (
                      NoticeStatus.SCHEDULED, NoticeStatus.SENDING))


@bp.get("/notices.csv")
@staff_page
def notices_csv():
    lang, tz = g.viewer.lang, runtime().settings.timezone
    headings = [t_ui(lang, k) for k in ("col.code", "col.created", "col.status", "col.area", "col.audience",
                                       "col.text", "col.total", "col.queued", "col.sent", "col.delivered",
                                       "col.read", "col.failed")]
    found = of_area(g.db, g.viewer.area)

    def lines(db):
        for n in found:
            s = report.summarise(db, n)
            yield [f"N-{n.id}", when(n, tz), t_ui(lang, f"notice_status.{n.status}"),
                   areas.describe(lang, n.area, list(n.area_codes or [])), t_ui(lang, f"audience.{n.audience}"),
                   snippet(n, 200), s.total, s.queued, s.sent, s.delivered, s.read, sum(s.failed.values())]

    return csv_response("notices", headings, lines)


@bp.get("/notices/<int:notice_id>.csv")
@staff_page
def notice_csv(notice_id: int):
    """One line per recipient, as `notice report N --csv` writes it (bot.notices.report)."""
    found = _one(notice_id)
    lang = g.viewer.lang
    headings = [t_ui(lang, f"report_col.{k}") for k in report.CSV_HEADER]
    return csv_response(f"notice-{found.id}", headings, lambda db: report.recipient_rows(db, found))
