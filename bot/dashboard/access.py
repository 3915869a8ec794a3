"""Signing in from a chat link, signing out, and the language switch.

Opening the link shows a page with one button; only pressing it uses the link, so the preview a
chat app fetches when the link arrives does not use it up."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, url_for

from ..runtime import runtime
from . import links
from .session import choose_language, sign_in, sign_out, signing_ready
from .web import bp, message, now, render


@bp.get("/signin/<token>")
def signin_page(token: str):
    with runtime().db.sessions() as db:
        user = links.peek(db, token, now())
    if user is None:
        return message("link_used_or_expired", 410)
    g.page_lang = user.language  # the page speaks her language before she is signed in
    return render("dashboard/signin.html", token=token)


@bp.post("/signin/<token>")
def signin(token: str):
    if not signing_ready(current_app):
        return message("not_configured", 503)
    with runtime().db.session() as db:
        user = links.redeem(db, token, now())
        if user is not None:
            sign_in(user)
    if user is None:
        return message("link_used_or_expired", 410)
    return redirect(url_for("dashboard.overview"), 303)


@bp.post("/signout")
def signout():
    sign_out()
    g.viewer = None
    return message("signed_out", 200)


@bp.get("/language/<lang>")
def language(lang: str):
    choose_language(lang)
    target = request.args.get("next") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/dashboard"):
        target = url_for("dashboard.overview")  # only back to a dashboard page, never elsewhere
    return redirect(target, 303)
