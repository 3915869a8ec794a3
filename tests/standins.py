"""Local stand-ins for the Telegram Bot API and Twilio's Messages API, on pytest-httpserver.

They answer with realistic JSON so the real client libraries (python-telegram-bot, twilio)
run unchanged, and they record what arrived, parsed, for assertions.

    from tests.standins import telegram_standin, twilio_standin

    def test_reply(httpserver):
        tg = telegram_standin(httpserver)
        sender = TelegramSender(tg.token, base_url=tg.base_url)
        sender.send("1111111", Outgoing("hi", [Option("Onion", "price:onion")]))
        (call,) = tg.calls_to("sendMessage")
        assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "price:onion"

        tw = twilio_standin(httpserver)
        wa = WhatsAppSender(tw.account_sid, tw.auth_token, "whatsapp:+14155238886", api_base_url=tw.base_url)
        wa.send("whatsapp:+919812345678", Outgoing("hi"))
        assert tw.messages[0]["Body"] == "hi"

Both can be registered on the same `httpserver` (different paths). Handlers are permanent
until the `httpserver` fixture clears them after the test.
"""
from __future__ import annotations

import base64
import itertools
import json
import random
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

# ----------------------------------------------------------------------------- limits, latency


class MovingWindow:
    """At most `limit` events per `seconds` for each key, counted when a request arrives: how the
    stand-ins play a platform's rate limit. Written by hand on purpose: the bot paces itself with
    the `limits` library, and a stand-in built on the same code would share its mistakes."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self._events: dict[Any, deque[float]] = {}

    def admit(self, key: Any, now: float) -> bool:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.seconds:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True


@dataclass
class Behaviour:
    """What a stand-in adds to plain answers: limits enforced with 429s, latency per call, and
    chats (addresses) whose calls take much longer. Latency is spent after the limit is counted."""

    windows: list[tuple[MovingWindow, Any]] = field(default_factory=list)  # (window, key function)
    latency: tuple[float, float] | None = None
    slow: dict[str, float] = field(default_factory=dict)
    retry_after: int = 1
    http_429: int = 0

    def over_limit(self, address: str, lock: threading.Lock) -> bool:
        now = time.monotonic()
        with lock:
            for window, key in self.windows:
                k = key(address)
                if k is not None and not window.admit(k, now):
                    self.http_429 += 1
                    return True
        return False

    def wait(self, address: str) -> None:
        if self.latency and address not in self.slow:
            time.sleep(random.uniform(*self.latency))


# ----------------------------------------------------------------------------- Telegram

TELEGRAM_TOKEN = "7000000001:AAtestTOKENforSTANDINonly_0123456789"
BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "MandiBot",
    "username": "mandi_demo_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# PTB posts application/x-www-form-urlencoded (multipart when uploading); strings are sent
# as is and every other value JSON-encoded. These fields are decoded back for assertions.
JSON_FIELDS = {
    "reply_markup", "allowed_updates", "entities", "caption_entities",
    "link_preview_options", "reply_parameters", "media", "commands",
}


@dataclass
class TelegramCall:
    """One Bot API request as received.

    `params`: form (or JSON) fields; strings as PTB sent them (chat_id="1111111"), the
    JSON_FIELDS decoded (reply_markup is a dict). `files`: multipart uploads by field name."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    content_type: str = ""


@dataclass
class TelegramStandin:
    """A Bot API stand-in. Use `base_url` as TelegramSender/Bot `base_url`
    (`file_base_url` is what TelegramSender derives from it)."""

    server: HTTPServer
    token: str
    calls: list[TelegramCall] = field(default_factory=list)
    _failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    _files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(5001))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: list[TelegramCall] = field(default_factory=list)  # sends answered ok, in arrival order
    behaviour: Behaviour = field(default_factory=Behaviour)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/bot")

    def enforce(self, per_second: int | None = 30, per_chat: int | None = None, per_group_minute: int | None = None,
                retry_after: int = 1) -> None:
        """Answer 429 (with `retry_after`) to sends beyond Telegram's limits: `per_second` over the
        bot, `per_chat` per private chat per second, `per_group_minute` per group (negative id)."""
        windows = self.behaviour.windows
        if per_second:
            windows.append((MovingWindow(per_second, 1.0), lambda chat: "bot"))
        if per_chat:
            windows.append((MovingWindow(per_chat, 1.0), lambda chat: None if chat.startswith("-") else chat))
        if per_group_minute:
            windows.append((MovingWindow(per_group_minute, 60.0), lambda chat: chat if chat.startswith("-") else None))
        self.behaviour.retry_after = retry_after

    @property
    def http_429(self) -> int:
        return self.behaviour.http_429

    def delivered_to(self) -> list[str]:
        """chat_id of every accepted send, in arrival order (a chat twice = delivered twice)."""
        return [str(c.params.get("chat_id")) for c in self.accepted]

    @property
    def file_base_url(self) -> str:
        return self.server.url_for("/file/bot")

    def calls_to(self, method: str) -> list[TelegramCall]:
        """Recorded requests to one Bot API method (e.g. "sendMessage"), oldest first."""
        return [c for c in self.calls if c.method == method]

    def params(self, method: str) -> list[dict[str, Any]]:
        """Just the parsed params of each request to `method`."""
        return [c.params for c in self.calls_to(method)]

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls to `method` with a Bot API error, e.g.
        fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7) or
        fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        with self._lock:
            self._failures.setdefault(method, []).extend([(status, body)] * times)

    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> str:
        """Make getFile(file_id) answer and its download serve `content`; returns file_path."""
        path = file_path or f"photos/file_{len(self._files)}.jpg"
        self._files[file_id] = (path, content)
        return path

    # -- request handling

    def _record(self, method: str, request: Request) -> TelegramCall:
        if request.is_json:
            params = dict(request.get_json() or {})
        else:
            params = {k: (json.loads(v) if k in JSON_FIELDS else v) for k, v in request.form.items()}
        files = {name: storage.read() for name, storage in request.files.items()}
        call = TelegramCall(method, params, files, request.content_type or "")
        with self._lock:
            self.calls.append(call)
        return call

    def handle(self, request: Request) -> Response:
        match = re.fullmatch(rf"/bot{re.escape(self.token)}/(\w+)", request.path)
        if not match:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = match.group(1)
        call = self._record(method, request)
        sending = method.startswith("send")
        chat = str(call.params.get("chat_id", ""))
        if sending and chat in self.behaviour.slow:  # a slow chat is slow whatever it answers
            time.sleep(self.behaviour.slow[chat])
        with self._lock:
            queued = self._failures.get(method)
            failure = queued.pop(0) if queued else None
        if failure:
            return _json(failure[1], failure[0])
        if sending and self.behaviour.over_limit(chat, self._lock):
            after = self.behaviour.retry_after
            return _json({"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {after}",
                          "parameters": {"retry_after": after}}, 429)
        if sending:
            self.behaviour.wait(chat)
        answer = getattr(self, f"_answer_{method}", None)
        if answer is None:
            return _json({"ok": False, "error_code": 404, "description": "Not Found: method not found"}, 404)
        result = answer(call.params)
        if sending:
            with self._lock:
                self.accepted.append(call)
        return _json({"ok": True, "result": result})

    def handle_file(self, request: Request) -> Response:
        prefix = f"/file/bot{self.token}/"
        wanted = request.path[len(prefix):] if request.path.startswith(prefix) else None
        for path, content in self._files.values():
            if path == wanted:
                return Response(content, 200, content_type="image/jpeg")
        return _json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = (
            {"id": chat_id, "type": "supergroup", "title": "Group"}
            if chat_id < 0
            else {"id": chat_id, "type": "private", "first_name": "Test"}
        )
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "from": {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": chat,
            "date": int(time.time()),
        }
        if (params.get("reply_markup") or {}).get("inline_keyboard"):
            # Telegram echoes inline keyboards only; reply keyboards are not part of the Message
            message["reply_markup"] = params["reply_markup"]
        return message

    def _answer_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _answer_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self._message(params), "text": params.get("text", "")}

    def _answer_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        unique = uuid.uuid4().hex[:12]
        sizes = [(90, 51, 1140), (800, 450, 57833), (1280, 720, 104737)]
        photo = [
            {"file_id": f"AgAC{unique}{w}", "file_unique_id": f"AQAD{unique}{w}", "width": w, "height": h, "file_size": s}
            for w, h, s in sizes
        ]
        message = {**self._message(params), "photo": photo}
        if params.get("caption"):
            message["caption"] = params["caption"]
        return message

    def _answer_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = {"file_id": "BQAC" + uuid.uuid4().hex[:12], "file_unique_id": "AgAD" + uuid.uuid4().hex[:8],
                    "file_name": "form.pdf", "mime_type": "application/pdf", "file_size": 1234}
        message = {**self._message(params), "document": document}
        if params.get("caption"):
            message["caption"] = params["caption"]
        return message

    def _answer_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    def _answer_setWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _answer_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _answer_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        path, content = self._files.get(file_id, (f"photos/{file_id}.jpg", b""))
        return {"file_id": file_id, "file_unique_id": "AQAD" + file_id[-8:], "file_size": len(content), "file_path": path}


def telegram_standin(httpserver: HTTPServer, token: str = TELEGRAM_TOKEN) -> TelegramStandin:
    """Register a Bot API stand-in on `httpserver`: POST /bot<token>/<method> answers
    getMe, sendMessage, sendPhoto, sendDocument, answerCallbackQuery, setWebhook, deleteWebhook and getFile
    (others: 404), GET /file/bot<token>/<path> serves files added with `add_file`."""
    standin = TelegramStandin(httpserver, token)
    httpserver.expect_request(re.compile(r"^/bot[^/]+/\w+$")).respond_with_handler(standin.handle)
    httpserver.expect_request(re.compile(r"^/file/bot[^/]+/.+$"), method="GET").respond_with_handler(
        standin.handle_file
    )
    return standin


# ----------------------------------------------------------------------------- Twilio

TWILIO_SID = "AC00000000000000000000000000000001"
TWILIO_TOKEN = "test_auth_token_123"


@dataclass
class TwilioStandin:
    """A Twilio Messages API stand-in. Use `base_url` as WhatsAppSender `api_base_url`.

    `messages`: form params of each accepted or refused POST to Messages.json, a str per
    field, a list for a repeated field (two MediaUrl). `media_fetches`: {"path", "auth"}
    per media GET, auth being the (user, password) of the Basic header or None."""

    server: HTTPServer
    account_sid: str
    auth_token: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    media_fetches: list[dict[str, Any]] = field(default_factory=list)
    _failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    _media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: list[dict[str, Any]] = field(default_factory=list)  # sends answered 201, in arrival order
    behaviour: Behaviour = field(default_factory=Behaviour)

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def enforce(self, per_second: int = 80) -> None:
        """Answer 429 (code 20429) to sends beyond `per_second` for the sender."""
        self.behaviour.windows.append((MovingWindow(per_second, 1.0), lambda to: "sender"))

    @property
    def http_429(self) -> int:
        return self.behaviour.http_429

    def delivered_to(self) -> list[str]:
        return [str(m.get("To")) for m in self.accepted]

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def fail_next(self, status: int, code: int, message: str = "", *, times: int = 1) -> None:
        """Refuse the next `times` sends with Twilio's error JSON, e.g. fail_next(400, 63016)."""
        body = {
            "code": code,
            "message": message or f"Error {code}",
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        with self._lock:
            self._failures.extend([(status, body)] * times)

    def add_media(self, content: bytes, content_type: str = "image/jpeg") -> str:
        """Store an inbound attachment; returns its Twilio-style MediaUrl (https://api.twilio.com/...),
        which WhatsAppSender rewrites to this server. Fetching it needs Basic auth and answers
        with a 307 to an unauthenticated store, like Twilio does."""
        message_sid = "MM" + uuid.uuid4().hex
        media_sid = "ME" + uuid.uuid4().hex
        self._media[media_sid] = (content, content_type)
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"

    # -- request handling

    def _auth(self, request: Request) -> tuple[str, str] | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user, password

    def _authorised(self, request: Request) -> bool:
        return self._auth(request) == (self.account_sid, self.auth_token)

    def handle_messages(self, request: Request) -> Response:
        if not self._authorised(request):
            return _json({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}, 401)
        form = {k: (v[0] if len(v) == 1 else v) for k, v in request.form.to_dict(flat=False).items()}
        if form.get("To") in self.behaviour.slow:
            time.sleep(self.behaviour.slow[form["To"]])
        with self._lock:
            self.messages.append(form)
            failure = self._failures.pop(0) if self._failures else None
        if failure:
            return _json(failure[1], failure[0])
        to = str(form.get("To", ""))
        if self.behaviour.over_limit(to, self._lock):
            return _json({"code": 20429, "message": "Too Many Requests", "status": 429,
                          "more_info": "https://www.twilio.com/docs/errors/20429"}, 429)
        self.behaviour.wait(to)
        with self._lock:
            self.accepted.append(form)
        sid = "SM" + uuid.uuid4().hex
        now = formatdate(usegmt=True).replace("GMT", "+0000")
        media = form.get("MediaUrl")
        return _json(
            {
                "account_sid": self.account_sid,
                "api_version": "2010-04-01",
                "body": form.get("Body", ""),
                "date_created": now,
                "date_sent": None,
                "date_updated": now,
                "direction": "outbound-api",
                "error_code": None,
                "error_message": None,
                "from": form.get("From"),
                "messaging_service_sid": None,
                "num_media": str(len(media) if isinstance(media, list) else int(bool(media))),
                "num_segments": "1",
                "price": None,
                "price_unit": None,
                "sid": sid,
                "status": "queued",
                "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
                "to": form.get("To"),
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            },
            201,
        )

    def handle_media(self, request: Request) -> Response:
        media_sid = request.path.rsplit("/", 1)[-1]
        with self._lock:
            self.media_fetches.append({"path": request.path, "auth": self._auth(request)})
        if not self._authorised(request):
            return _json({"code": 20003, "message": "Authenticate", "status": 401}, 401)
        if media_sid not in self._media:
            return _json({"code": 20404, "message": "The requested resource was not found", "status": 404}, 404)
        return Response(status=307, headers={"Location": self.server.url_for(f"/media-store/{media_sid}")})

    def handle_store(self, request: Request) -> Response:
        media_sid = request.path.rsplit("/", 1)[-1]
        if media_sid not in self._media:
            return Response("NoSuchKey", 404)
        content, content_type = self._media[media_sid]
        return Response(content, 200, content_type=content_type)


def twilio_standin(
    httpserver: HTTPServer, account_sid: str = TWILIO_SID, auth_token: str = TWILIO_TOKEN
) -> TwilioStandin:
    """Register a Twilio stand-in on `httpserver`: POST /2010-04-01/Accounts/<sid>/Messages.json
    (Basic auth checked, 201 with a Message resource, or a queued `fail_next` error) and
    GET .../Messages/<MM>/Media/<ME> for media added with `add_media`."""
    standin = TwilioStandin(httpserver, account_sid, auth_token)
    httpserver.expect_request(standin.messages_path, method="POST").respond_with_handler(standin.handle_messages)
    httpserver.expect_request(
        re.compile(r"^/2010-04-01/Accounts/[^/]+/Messages/[^/]+/Media/[^/]+$"), method="GET"
    ).respond_with_handler(standin.handle_media)
    httpserver.expect_request(re.compile(r"^/media-store/[^/]+$"), method="GET").respond_with_handler(
        standin.handle_store
    )
    return standin


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status, content_type="application/json")
