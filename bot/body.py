"""A request body the server cannot read (a malformed chunked encoding) is the client's error:
400, not the 500 of an unexpected exception. gunicorn raises its parse errors from
`wsgi.input` in the middle of our form or JSON parsing; this turns them into BadRequest."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest

try:  # gunicorn's body errors are its ParseException (InvalidChunkSize...) or OSError (NoMoreData)
    from gunicorn.http.errors import ParseException as _ParseException
except ImportError:  # another server: only OSError
    _ParseException = OSError
UNREADABLE = (OSError, _ParseException)


class _CheckedInput:
    def __init__(self, stream) -> None:
        self._stream = stream

    def _call(self, name: str, *args):
        try:
            return getattr(self._stream, name)(*args)
        except UNREADABLE as exc:
            raise BadRequest(f"unreadable request body: {type(exc).__name__}") from exc

    def read(self, *args):
        return self._call("read", *args)

    def readline(self, *args):
        return self._call("readline", *args)

    def readlines(self, *args):
        return self._call("readlines", *args)

    def __iter__(self):
        return iter(self.readline, b"")


class CheckedBody:
    """WSGI middleware: the app reads its body through `_CheckedInput`."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        if "wsgi.input" in environ:
            environ["wsgi.input"] = _CheckedInput(environ["wsgi.input"])
        return self.app(environ, start_response)
