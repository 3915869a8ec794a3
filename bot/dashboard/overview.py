"""The overview page: the area's people, listings, demand, matches and deals in a period."""
from __future__ import annotations

from flask import g, request

from ..i18n import t
from ..runtime import runtime
from . import charts, names, stats
from .filters import read
from .web import bp, nav, render, staff_page, today

nav(10, "overview", "dashboard.overview")


@bp.get("/")
@staff_page
def overview():
    v = g.viewer
    f = read(request.args, v.area, today(), runtime().settings.timezone)
    data = stats.overview(g.db, f.area, f.period)
    if data.grouped_by == "block":
        label = lambda code: names.block(code, v.lang)  # noqa: E731
    else:
        label = lambda code: names.district(code, v.lang)  # noqa: E731
    return render("dashboard/overview.html", f=f, data=data, place_name=label, own=v.area,
                  bars=charts.bars([(label(r.code), r.counts["listings_new"]) for r in data.by_place]),
                  didi_bars=charts.bars([(label(r.code), r.counts["didis"]) for r in data.by_place]),
                  trend=charts.trend(data.weeks, t(v.lang, "dashboard.listings"), t(v.lang, "dashboard.demand")))
