"""The table pages (listings, demand, groups) and their CSV exports, in the filters shown."""
from __future__ import annotations

from flask import g, request

from ..i18n import t
from ..runtime import runtime
from . import demand, events, groups, listings, prices
from .csv_out import csv_response
from .filters import read
from .tables import Table, pages
from .web import bp, nav, render, staff_page, today

TABLES: dict[str, Table] = {table.name: table for table in (listings.TABLE, demand.TABLE, groups.TABLE,
                                                              prices.TABLE, events.TABLE)}
for _order, _name in ((20, "listings"), (30, "demand"), (40, "groups"), (60, "prices"), (70, "events")):
    nav(_order, _name, f"dashboard.table_{_name}")


def _filters(table: Table):
    return read(request.args, g.viewer.area, today(), runtime().settings.timezone, statuses=table.statuses,
                sorts=table.sorts)


def _page(table: Table):
    f = _filters(table)
    total, rows = table.page(g.db, f, g.viewer.lang, runtime().settings.timezone)
    return render("dashboard/table.html", table=table, f=f, total=total, rows=rows, pages=pages(total),
                  own=g.viewer.area)


def _csv(table: Table):
    f = _filters(table)  # checked here, in the request, before anything is streamed
    lang, tz = g.viewer.lang, runtime().settings.timezone
    headings = [t(lang, f"dashboard.col.{c.key}") for c in table.columns]
    return csv_response(table.name, headings, lambda db: table.csv_rows(db, f, lang, tz))


def _route(name: str) -> None:
    table = TABLES[name]
    bp.add_url_rule(f"/{name}", f"table_{name}", staff_page(lambda: _page(table)))
    bp.add_url_rule(f"/{name}.csv", f"csv_{name}", staff_page(lambda: _csv(table)))


for _name in TABLES:
    _route(_name)
bp.add_url_rule("/prices/<int:report_id>/decide", "decide_price", staff_page(prices.decide_route), methods=["POST"])
