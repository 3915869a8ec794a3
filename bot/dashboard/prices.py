"""The prices page: reports of the area (AGMARKNET mandis and haat reports) by arrival date, and
didis' haat reports waiting for approval, approved or rejected in one click by staff who may decide
them (bot.prices.haat.may_decide, and the area checked again on the server)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, redirect, request, url_for
from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import aliased

from models import PriceReport, PriceSource, ReportStatus, Role, User

from ..i18n import t
from ..prices import approval, haat
from ..runtime import runtime
from . import names
from .area import Area
from .compose import check_csrf
from .filters import Filters
from .tables import Column, Table
from .web import now

Reporter = aliased(User)


def in_area(area: Area):
    """Block staff see their block's reports and their district's mandis (which have no block)."""
    if area.district_code is None:
        return true()
    if area.block_code is None:
        return PriceReport.district_code == area.district_code
    return and_(PriceReport.district_code == area.district_code,
                or_(PriceReport.block_code.is_(None), PriceReport.block_code == area.block_code))


def _query(f: Filters):
    query = (select(PriceReport, Reporter.name).outerjoin(Reporter, Reporter.id == PriceReport.reporter_id)
             .where(in_area(f.area), PriceReport.arrival_date >= f.period.first,
                    PriceReport.arrival_date <= f.period.last))
    if f.product:
        query = query.where(PriceReport.product == f.product)
    if f.status:
        query = query.where(PriceReport.status == f.status)
    return query


def _cells(row, lang: str, tz: str) -> list[str]:
    report, reporter = row
    return [f"P-{report.id}", names.product(report.product, lang),
            t(lang, "dashboard.per_unit", price=names.rupees(report.modal_price), unit=t(lang, f"units.{report.unit}")),
            report.market, names.block(report.block_code, lang) if report.block_code else "",
            names.district(report.district_code, lang) if report.district_code else report.district_name,
            report.arrival_date.isoformat(), t(lang, f"dashboard.price_source.{report.source}"),
            t(lang, f"dashboard.price_status.{report.status}"), reporter or ""]


def may_decide(user: User, area: Area, report: PriceReport) -> bool:
    """A pending haat report of the viewer's area that they may approve (admins any)."""
    if report.source != PriceSource.HAAT or report.status != ReportStatus.PENDING:
        return False
    if user.role == Role.ADMIN:
        return True
    return haat.may_decide(user, report) and area.district_code == report.district_code


@dataclass(frozen=True)
class Approve:
    report_id: int
    template: str = "dashboard/approve.html"


def _action(row):
    report = row[0]
    return Approve(report.id) if may_decide(g.viewer.user, g.viewer.area, report) else None


TABLE = Table(
    name="prices",
    columns=(Column("code", PriceReport.id), Column("product", PriceReport.product),
             Column("modal", PriceReport.modal_price), Column("market", PriceReport.market),
             Column("block", PriceReport.block_code), Column("district"), Column("created", PriceReport.arrival_date),
             Column("source", PriceReport.source), Column("status", PriceReport.status), Column("reporter")),
    query=_query, default_sort=PriceReport.arrival_date, tiebreak=PriceReport.id, cells=_cells,
    statuses=tuple(s.value for s in ReportStatus), action=_action,
)


def decide_route(report_id: int):
    """POST /dashboard/prices/<id>/decide, decision=approve|reject: one click, CSRF-checked."""
    check_csrf()
    decision = request.form.get("decision", "")
    if decision not in ("approve", "reject"):
        abort(400)
    db = g.db
    report = db.scalar(select(PriceReport).where(PriceReport.id == report_id, in_area(g.viewer.area)))
    if report is None or not may_decide(g.viewer.user, g.viewer.area, report):
        abort(404)  # another area's report, or one already decided
    approval.decide(db, runtime().settings, g.viewer.user, report, decision == "approve", now())
    db.commit()
    back = {k: v for k, v in request.args.items() if k in ("status", "product", "from", "to", "block", "district")}
    return redirect(url_for("dashboard.table_prices", **back), 303)
