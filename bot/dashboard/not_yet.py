"""Pages whose data lives on other branches (notices with delivery reports, prices with haat
reports, events with registrations). Until each lands as its own module, its page says plainly
that it is not available yet; remove the entry here when the real module is added."""
from __future__ import annotations

from .web import bp, nav, render, staff_page

NOT_YET = ("notices", "prices", "events")


def _route(order: int, key: str) -> None:
    bp.add_url_rule(f"/{key}", f"not_yet_{key}",
                    staff_page(lambda: render("dashboard/not_yet.html", page_key=key)))
    nav(order, key, f"dashboard.not_yet_{key}")


for _order, _key in enumerate(NOT_YET, 5):
    _route(10 * _order, _key)
