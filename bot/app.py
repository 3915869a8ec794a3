"""The Flask application factory: settings, database, senders, blueprints."""
from __future__ import annotations

import logging
import mimetypes

from flask import Flask, Response, abort, jsonify, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException

from .body import CheckedBody
from .config import Settings, load_settings
from .media_store import store_for
from .runtime import Runtime, install


class _Sessions(SecureCookieSessionInterface):
    """No cookie session on the webhooks: platforms send none, and opening one costs every request."""

    def open_session(self, app, request):
        if request.path.startswith("/webhook/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def create_app(settings: Settings | None = None, rt: Runtime | None = None) -> Flask:
    settings = settings or (rt.settings if rt else load_settings())
    rt = rt or Runtime.build(settings)
    app = Flask(__name__)
    app.wsgi_app = CheckedBody(app.wsgi_app)  # a malformed chunked body is a 400
    app.config.update(SECRET_KEY=settings.secret_key or None, MAX_CONTENT_LENGTH=settings.max_body_bytes,
                      JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    app.session_interface = _Sessions()
    install(app, rt)

    from . import dashboard, webhooks

    app.register_blueprint(webhooks.bp)
    from . import metrics
    from .ops import health

    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    dashboard.register(app)
    if settings.simulator_enabled:
        from . import simulator

        app.register_blueprint(simulator.bp)

    @app.get("/media/<name>")
    def media(name: str):
        """Product photos, public by design: buyers on any channel see them."""
        store = store_for(settings)
        if store.local_path(name) is not None:
            return send_from_directory(settings.media_dir, name, max_age=86400)
        data = store.get(name) if "/" not in name and not name.startswith(".") else None
        if data is None:
            abort(404)
        return Response(data, mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return jsonify(error=exc.name), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # last resort: logged, answered politely, and not retried forever
        logging.getLogger(__name__).exception("unhandled error")
        return jsonify(error="internal error"), 500

    return app
