"""A malformed chunked body reaching gunicorn (the production server) is a 400, never a 500."""
from __future__ import annotations

import socket

import pytest

from tests.gunicorn_app import gunicorn
from tests.live import FROM, PUBLIC, SECRET, TW_SID, TW_TOKEN

BROKEN = [b"zz\r\nabc\r\n0\r\n\r\n",      # not a hex size
          b"3\r\nabcX\r\n0\r\n\r\n",      # chunk not ended by CRLF
          b"-1\r\nabc\r\n0\r\n\r\n"]      # negative size
PATHS = {"/webhook/whatsapp": "Content-Type: application/x-www-form-urlencoded\r\n",
         "/webhook/telegram": f"Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'chunked.db'}"
    from bot.db import migrate

    migrate(url)
    env = {"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TWILIO_ACCOUNT_SID": TW_SID, "TWILIO_AUTH_TOKEN": TW_TOKEN, "TWILIO_WHATSAPP_FROM": FROM,
           "PUBLIC_BASE_URL": PUBLIC, "SECRET_KEY": "test"}
    with gunicorn(env) as base:
        yield int(base.rsplit(":", 1)[1])


def status_of(port: int, path: str, body: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{PATHS[path]}Transfer-Encoding: chunked\r\n\r\n"
                     .encode() + body)
        return int(conn.recv(64).split(b" ")[1])


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("body", BROKEN, ids=["size", "terminator", "negative"])
def test_malformed_chunked_body_is_400(server, path, body):
    assert status_of(server, path, body) == 400
