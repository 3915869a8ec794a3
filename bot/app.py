"""The Flask application factory: settings, database, senders, blueprints."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, send_from_directory
from werkzeug.exceptions import HTTPException

from .body import CheckedBody
from .config import Settings, load_settings
from .runtime import Runtime, install


def create_app(settings: Settings | None = None, rt: Runtime | None = None) -> Flask:
    settings = settings or (rt.settings if rt else load_settings())
    rt = rt or Runtime.build(settings)
    app = Flask(__name__)
    app.wsgi_app = CheckedBody(app.wsgi_app)  # a malformed chunked body is a 400
    app.config.update(SECRET_KEY=settings.secret_key or None, MAX_CONTENT_LENGTH=settings.max_body_bytes,
                      JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    install(app, rt)

    from . import webhooks

    app.register_blueprint(webhooks.bp)
    if settings.simulator_enabled:
        from . import simulator

        app.register_blueprint(simulator.bp)

    @app.get("/media/<name>")
    def media(name: str):
        """Product photos, public by design: buyers on any channel see them."""
        return send_from_directory(settings.media_dir, name, max_age=86400)

    @app.get("/healthz")
    def healthz():
        return jsonify(ok=True)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return jsonify(error=exc.name), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # last resort: logged, answered politely, and not retried forever
        logging.getLogger(__name__).exception("unhandled error")
        return jsonify(error="internal error"), 500

    return app
