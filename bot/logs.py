"""Logging: one JSON object a line (python-json-logger), with the message and user being handled,
level from LOG_LEVEL; httpx's line per Bot API call quieted. Phone numbers are masked in every
line at INFO and above, and handlers never log what a user typed above DEBUG."""
from __future__ import annotations

import contextvars
import functools
import logging
import os
import re
import sys
from typing import Any, Callable

from pythonjsonlogger.json import JsonFormatter

_context: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("didihaat_log_context", default={})
_PHONE = re.compile(r"(?<!\d)(?:\+?91[\s-]?)?([6-9]\d{9})(?!\d)")
QUIET = ("httpx", "httpcore", "apscheduler.executors.default", "twilio.http_client", "alembic")


def bind(**values: Any) -> None:
    """Add fields (e.g. user_id) to every log line of the message being handled."""
    _context.set({**_context.get(), **values})


def with_message_context(receive: Callable[..., bool]) -> Callable[..., bool]:
    """Decorates `inbound.receive(db, settings, msg)`: its log lines carry channel and message id."""

    @functools.wraps(receive)
    def wrapper(db, settings, msg, *args, **kwargs):
        token = _context.set({"channel": msg.channel, "message_id": msg.provider_id})
        try:
            return receive(db, settings, msg, *args, **kwargs)
        finally:
            _context.reset(token)

    return wrapper


def mask_phones(text: str) -> str:
    return _PHONE.sub(lambda m: "…" + m.group(1)[-2:], text)


class ContextFilter(logging.Filter):
    """Puts the bound fields on each record and masks phone numbers at INFO and above."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get().items():
            setattr(record, key, value)
        if record.levelno >= logging.INFO:
            message = record.getMessage()
            masked = mask_phones(message)
            if masked != message:
                record.msg, record.args = masked, None
        return True


def formatter() -> logging.Formatter:
    return JsonFormatter("{asctime}{levelname}{name}{message}", style="{",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})


def configure(level: str | None = None, stream=None) -> None:
    """Set up the root logger once per process (CLI, gunicorn's app import)."""
    name = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    if not isinstance(logging.getLevelName(name), int):
        sys.exit(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {name!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(name)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
