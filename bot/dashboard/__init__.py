"""The staff dashboard on the web (/dashboard): overview, listings, demand, groups, prices, events
and notices (and composing one) of the staff member's area, with CSV exports; signed in from a
one-time link sent in the chat."""
from __future__ import annotations

from flask import Flask

from . import access, compose, notices, overview, table_pages  # noqa: F401  (each adds its routes to bp)
from .session import configure
from .web import bp


def register(app: Flask) -> None:
    configure(app)
    app.register_blueprint(bp)
