"""The dashboard's blueprint, its page list and what every page shares: the signed-in staff
member (re-checked on each request), their area, the language, and polite error pages.

A new page is a module (notices.py, compose.py) that adds its routes to `bp` with `@staff_page`,
calls `nav(...)` once and is imported in `bot/dashboard/__init__.py`; or a Table (events.py,
prices.py) listed in table_pages.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Callable
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, g, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from models import utcnow

from .. import catalog
from ..i18n import LANGUAGES, t
from ..runtime import runtime
from . import names
from .area import OutsideArea
from .filters import BadFilter, place_arg
from .session import viewer

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates",
               static_folder="static", static_url_path="/static")


@dataclass(frozen=True)
class NavItem:
    order: int  # place in the menu
    key: str  # dashboard.nav.<key>
    endpoint: str


NAV: list[NavItem] = []


def nav(order: int, key: str, endpoint: str) -> None:
    NAV.append(NavItem(order, key, endpoint))
    NAV.sort(key=lambda item: item.order)


def page_lang() -> str:
    v = getattr(g, "viewer", None)
    if v is not None:
        return v.lang
    lang = getattr(g, "page_lang", None) or session.get("lang") or runtime().settings.default_language
    return lang if lang in LANGUAGES else "hi"


def now() -> datetime:
    return utcnow()


def today():
    return now().astimezone(ZoneInfo(runtime().settings.timezone)).date()


def link_with(**changes) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    args = {k: v for k, v in request.args.items()}
    args.update({k: str(v) for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        args.pop(k, None)
    return request.path + ("?" + urlencode(args) if args else "")


def render(template: str, status: int = 200, **values):
    lang = page_lang()
    body = render_template(template, lang=lang, ui=lambda key, **kw: t(lang, "dashboard." + key, **kw),
                           other=lambda key, **kw: t("en" if lang == "hi" else "hi", "dashboard." + key, **kw),
                           t=lambda key, **kw: t(lang, key, **kw), names=names, nav=NAV,
                           viewer=getattr(g, "viewer", None), link_with=link_with, timedelta=timedelta,
                           csrf=generate_csrf, tz=runtime().settings.timezone,
                           products=catalog.products(), **values)
    return body, status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                          "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'",
                          "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def message(key: str, status: int, **values):
    """A page that only says something (not signed in, not your area, bad filter)."""
    return render("dashboard/message.html", status=status, message_key=key, message_values=values)


def staff_page(view: Callable) -> Callable:
    """Only for a signed-in staff member; `g.viewer` and `g.db` are theirs for the request."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with runtime().db.sessions() as db:
            g.db = db
            g.viewer = viewer(db)
            if g.viewer is None:
                return message("no_longer_staff" if getattr(g, "no_longer_staff", False) else "sign_in_first", 401)
            try:
                g.viewer.area.narrow(place_arg("district"), place_arg("block"))  # every page, new ones too
                return view(*args, **kwargs)
            except BadFilter as exc:
                return message("bad_filter", 400, field=str(exc))
            except OutsideArea:
                return message("outside_area", 403)

    return wrapper


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return message("http_error", exc.code or 500, code=exc.code)
