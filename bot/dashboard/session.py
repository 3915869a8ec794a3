"""Who is signed in: a Flask session cookie (signed with SECRET_KEY; secure, HTTP-only,
SameSite=Lax) holding the staff member's id, refused as soon as they are no longer staff."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, abort, g, session

from models import User

from ..i18n import LANGUAGES
from ..runtime import runtime
from .area import Area
from .links import is_staff

WORKING_DAY = timedelta(hours=10)
log = logging.getLogger(__name__)


def configure(app: Flask) -> None:
    """Cookie settings. Without SECRET_KEY, `serve` (the simulator on) gets a random key for this
    process only: sessions end at restart and the cookie is not marked Secure, so sign-in works on
    http://127.0.0.1. Without SECRET_KEY and without the simulator the dashboard refuses to sign
    anyone in (see `signing_ready`)."""
    settings = app.extensions["didi_haat"].settings
    development = not settings.secret_key
    if development and settings.simulator_enabled:
        app.secret_key = secrets.token_hex(32)
        log.warning("SECRET_KEY is not set: dashboard sessions use a random key and end when this process stops")
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=not development, PERMANENT_SESSION_LIFETIME=WORKING_DAY,
                      SESSION_COOKIE_NAME="didihaat_dashboard",
                      # Flask-WTF's form tokens (dashboard forms) last as long as the session
                      WTF_CSRF_TIME_LIMIT=int(WORKING_DAY.total_seconds()))


def signing_ready(app: Flask) -> bool:
    return bool(app.secret_key)


def sign_in(user: User) -> None:
    session.clear()
    session.permanent = True  # PERMANENT_SESSION_LIFETIME: a working day, then sign in again
    session["staff_id"] = user.id
    session["lang"] = user.language if user.language in LANGUAGES else None


def sign_out() -> None:
    session.clear()


@dataclass(frozen=True)
class Viewer:
    user: User
    area: Area
    lang: str


def viewer(db_session) -> Viewer | None:
    """The signed-in staff member, re-read from the database on every request: a user whose role
    was taken away, or whose area is gone, is signed out at once."""
    staff_id = session.get("staff_id")
    if not isinstance(staff_id, int):
        return None
    user = db_session.get(User, staff_id)
    area = Area.of(user) if user is not None else None
    if not is_staff(user) or area is None:
        session.clear()
        g.no_longer_staff = True
        return None
    lang = session.get("lang") or user.language or runtime().settings.default_language
    return Viewer(user=user, area=area, lang=lang if lang in LANGUAGES else "hi")


def choose_language(lang: str) -> None:
    if lang not in LANGUAGES:
        abort(400)
    session["lang"] = lang
