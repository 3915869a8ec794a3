"""WhatsApp through Twilio: verify and parse webhooks, send through the REST API.

Replies go out through the REST client (the webhook answers an empty TwiML), so every send
can carry our outbox id in its status-callback URL and be retried on its own."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import math
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http import AsyncHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from werkzeug.datastructures import MultiDict

from bot.channels.base import MediaError, render_numbered
from bot.channels.loop import Gate, LoopThread, through
from bot.messages import Incoming, Media, Outgoing, SendResult

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
BODY_LIMIT = 1600  # Twilio WhatsApp body (and caption), UTF-16 units
MEDIA_MAX_BYTES = 16 * 1024 * 1024  # WhatsApp's own cap for any media
STATUS_PATH = "/webhook/whatsapp/status"

OPTED_OUT = 21610  # user sent STOP to the number: Twilio refuses until they send START
OUTSIDE_WINDOW = 63016  # free-form message outside the 24-hour session
RATE_LIMITED_CODES = {63018, 20429}  # Meta's rate limit, Twilio's too many requests
TEMPORARY_CODES = {30001}  # queue overflow
OUR_CREDENTIALS = {20003}  # authentication failed: our account SID / auth token
RATE_LIMIT_PAUSE = 2.0  # seconds; Twilio's 429 carries no Retry-After we can read

_TWILIO_HOST = re.compile(r"^https://([A-Za-z0-9-]+\.)*twilio\.com(:\d+)?(?=/|$)")


# --------------------------------------------------------------------------- webhooks


def verify_signature(
    auth_token: str,
    url: str,
    params: Mapping[str, Any] | MultiDict | Iterable[tuple[str, str]] | str | None,
    signature: str | None,
) -> bool:
    """Check `X-Twilio-Signature` over the exact public `url` and ALL received form params.

    Pass Flask's `request.form` as is: it is a MultiDict, and Twilio signs every value of a
    repeated key (sorted, de-duplicated), which a plain dict would lose. A list of pairs is
    accepted too. A str is a JSON body whose hash is in the URL's `bodySHA256`."""
    if not signature or not auth_token:
        return False
    if params is not None and not isinstance(params, (str, Mapping)):
        params = MultiDict(list(params))
    try:
        return RequestValidator(auth_token).validate(url, params or {}, signature)
    except (TypeError, ValueError, UnicodeError):
        return False


# What we take from a webhook must fit where it is stored (models/): From goes to users.address and
# outbox.address, MessageSid to processed_updates.provider_id (all String(64)), a MediaUrl to
# media.source_ref (String(500)). Longer values are refused (400) rather than failing the insert.
ADDRESS_LIMIT = 64  # "whatsapp:+<E.164>" is at most 25; newer non-phone ids are short too
MEDIA_URL_LIMIT = 500  # Twilio's media URLs are about 150
MAX_MEDIA = 10  # Twilio delivers at most 10 media per message
_SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")  # Twilio SIDs: two letters and 32 hex digits (34)
_ERROR_CODE = re.compile(r"[0-9]{1,9}")


def _sid(value: str | None, what: str) -> str:
    sid = (value or "").strip()
    if not _SID.fullmatch(sid):
        raise ValueError(f"{what} is not a Twilio SID")
    return sid


def _phone(wa_id: str, address: str) -> str | None:
    if re.fullmatch(r"[0-9]{8,15}", wa_id):
        return "+" + wa_id
    match = re.fullmatch(r"whatsapp:(\+[0-9]{8,15})", address)
    return match.group(1) if match else None  # newer payloads may carry non-phone ids


def _coordinate(value: str | None, bound: float) -> float | None:
    """A latitude (bound 90) or longitude (180); None when absent or not a real coordinate."""
    if value is None or value == "" or len(value) > 32:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def _media_count(value: str | None) -> int:
    """NumMedia, capped at Twilio's maximum: it only sizes a loop over MediaUrl0..N-1."""
    text = (value or "").strip()
    if not re.fullmatch(r"[0-9]+", text):
        return 0
    return MAX_MEDIA if len(text) > 2 else min(int(text), MAX_MEDIA)


def parse_inbound(form: Mapping[str, str]) -> Incoming:
    """An inbound-message webhook -> `Incoming`. Raises ValueError without a usable From or
    MessageSid (missing, too long, not a SID) or with a MediaUrl too long to be Twilio's.

    A tapped quick reply arrives as ButtonPayload (-> button) with ButtonText (-> text);
    a list-picker choice as ListId/ListTitle, mapped the same way."""
    address = (form.get("From") or "").strip()
    if not address:
        raise ValueError("Twilio inbound webhook without From")
    if len(address) > ADDRESS_LIMIT:
        raise ValueError(f"From is longer than {ADDRESS_LIMIT} characters")
    sid = _sid(form.get("MessageSid"), "MessageSid")
    incoming = Incoming(
        channel=CHANNEL,
        address=address,
        provider_id=sid,
        text=form.get("Body") or "",
        name=form.get("ProfileName") or None,
        phone=_phone((form.get("WaId") or "").strip(), address),
    )
    button = form.get("ButtonPayload") or form.get("ListId")
    if button:
        incoming.button = button
        incoming.text = form.get("ButtonText") or form.get("ListTitle") or incoming.text
    for i in range(_media_count(form.get("NumMedia"))):
        url = (form.get(f"MediaUrl{i}") or "").strip()
        if not url:
            continue
        if len(url) > MEDIA_URL_LIMIT:
            raise ValueError(f"MediaUrl{i} is longer than {MEDIA_URL_LIMIT} characters")
        incoming.media.append(Media(ref=url, content_type=form.get(f"MediaContentType{i}") or None))
    lat, lon = _coordinate(form.get("Latitude"), 90), _coordinate(form.get("Longitude"), 180)
    if lat is not None and lon is not None:
        incoming.location = (lat, lon)
    return incoming


def classify(code: int | None, http_status: int | None = None, error: str | None = None) -> SendResult:
    """A Twilio error code (and HTTP status, for API errors) -> a failed SendResult.

    Only rate limits and server errors are retried: Twilio's 4xx are final (RapidPro does
    the same). 21610 means the user opted out at Twilio (the same rule as its status callback);
    429s pause, and 401/20003 (our credentials) hold the channel: neither uses up an attempt."""
    text = f"twilio {code}" + (f" (HTTP {http_status})" if http_status else "")
    if code == OUTSIDE_WINDOW:
        text += " outside the 24-hour window: template required"
    if error:
        text += f": {error}"
    text = text[:300]
    if code == OPTED_OUT:
        return SendResult(ok=False, error=text, permanent=True, opted_out=True)
    if code == OUTSIDE_WINDOW:
        return SendResult(ok=False, error=text, permanent=True, window_closed=True)
    if code in RATE_LIMITED_CODES or http_status == 429:
        return SendResult(ok=False, error=text, rate_limited=True, retry_after=RATE_LIMIT_PAUSE)
    if code in OUR_CREDENTIALS or http_status == 401:
        return SendResult(ok=False, error=text, credentials=True)
    if code in TEMPORARY_CODES or (http_status or 0) >= 500:
        return SendResult(ok=False, error=text)
    if http_status is None and code is None:
        return SendResult(ok=False, error=text)
    return SendResult(ok=False, error=text, permanent=True)


@dataclass(frozen=True)
class StatusUpdate:
    """One status callback: queued/sent/delivered/read, or failed/undelivered with a code."""

    message_sid: str
    status: str
    error_code: str | None = None
    error_message: str | None = None
    recipient: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "undelivered")

    def failure(self) -> SendResult | None:
        """For failed/undelivered: what the outbox should do (63016 final, 63018 retry ...)."""
        if not self.failed:
            return None
        code = int(self.error_code) if _ERROR_CODE.fullmatch(self.error_code or "") else None
        result = classify(code, None, self.error_message)
        if code is None:  # failed without a code: Twilio gave up, do not loop
            return SendResult(ok=False, error=result.error, permanent=True)
        return result


def parse_status(form: Mapping[str, str]) -> StatusUpdate:
    """A status-callback webhook -> StatusUpdate. Our outbox id is in the URL's query, not here.
    Raises ValueError without a MessageSid (or one that is not a SID) or MessageStatus."""
    sid = _sid(form.get("MessageSid") or form.get("SmsSid"), "MessageSid")
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip()
    if not status or len(status) > 32:
        raise ValueError("Twilio status callback without a MessageStatus")
    return StatusUpdate(
        message_sid=sid,
        status=status,
        error_code=form.get("ErrorCode") or None,
        error_message=form.get("ErrorMessage") or None,
        recipient=form.get("To") or None,
    )


# --------------------------------------------------------------------------- sending


class TwilioHttp(TwilioHttpClient):
    """Twilio's own HTTP client, optionally pointed at another host (a local stand-in):
    the library has no base-URL setting, and its http_client is the documented hook."""

    def __init__(self, api_base_url: str | None = None, timeout: float = 30.0, connections: int = 10) -> None:
        super().__init__(timeout=timeout)
        self.api_base_url = api_base_url.rstrip("/") if api_base_url else None
        if self.session is not None and connections > 10:  # one pooled connection per thread sending
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=connections)
            self.session.mount("https://", adapter)
            self.session.mount("http://", adapter)

    def rewrite(self, url: str) -> str:
        """https://<anything>.twilio.com/path?q -> <api_base_url>/path?q (when configured)."""
        return _rewrite(self.api_base_url, url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        return super().request(method, self.rewrite(url), *args, **kwargs)

    def fetch_bytes(self, url: str, auth: tuple[str, str], max_bytes: int = MEDIA_MAX_BYTES) -> tuple[bytes, str]:
        """GET binary content (Twilio's Response keeps only decoded text). Follows the redirect
        to the media store; requests drops our credentials when the host changes."""
        session = self.session or requests.Session()
        with session.get(self.rewrite(url), auth=auth, timeout=self.timeout, stream=True, allow_redirects=True) as resp:
            if resp.status_code != 200:
                raise MediaError(f"media {url}: HTTP {resp.status_code}")
            chunks, size = [], 0
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise MediaError(f"media {url}: larger than {max_bytes} bytes")
                chunks.append(chunk)
            content_type = (resp.headers.get("Content-Type") or "application/octet-stream").split(";")[0].strip()
        return b"".join(chunks), content_type


def _rewrite(api_base_url: str | None, url: str) -> str:
    return _TWILIO_HOST.sub(api_base_url, url, count=1) if api_base_url else url


class AsyncTwilioHttp(AsyncHttpClient):
    """Twilio's async HTTP hook (what `messages.create_async` calls) on one aiohttp session with
    up to `connections` kept-alive connections, optionally pointed at a stand-in. Its session is
    made on the event loop that uses it, at the first request."""

    def __init__(self, api_base_url: str | None = None, timeout: float = 30.0, connections: int = 10) -> None:
        super().__init__(logger=log, is_async=True, timeout=timeout)
        self.api_base_url = api_base_url.rstrip("/") if api_base_url else None
        self.connections = connections
        self.session: aiohttp.ClientSession | None = None

    async def request(self, method: str, url: str, params: dict | None = None, data: dict | None = None,
                      headers: dict | None = None, auth: tuple[str, str] | None = None,
                      timeout: float | None = None, allow_redirects: bool = False) -> Response:
        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self.connections),
                                                 timeout=aiohttp.ClientTimeout(total=self.timeout))
        # twilio gives repeated fields (MediaUrl) as lists; aiohttp's form wants one pair per value
        form = [(key, item) for key, value in (data or {}).items()
                for item in (value if isinstance(value, (list, tuple)) else [value])]
        extra = {"timeout": aiohttp.ClientTimeout(total=timeout)} if timeout else {}
        if auth:
            headers = {**(headers or {}), "Authorization": aiohttp.encode_basic_auth(*auth)}
        async with self.session.request(method.upper(), _rewrite(self.api_base_url, url), params=params,
                                        data=form or None, headers=headers,
                                        allow_redirects=allow_redirects, **extra) as resp:
            return Response(resp.status, await resp.text(), resp.headers)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


class WhatsAppSender:
    """Sends WhatsApp messages through Twilio's Messages API, with twilio's async client on one
    event loop (many calls in flight, no thread each); media downloads use its sync client."""

    channel = CHANNEL

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_: str,
        api_base_url: str | None = None,
        status_callback_base: str | None = None,
        *,
        timeout: float = 30.0,
        connections: int = 10,
    ) -> None:
        self.account_sid = account_sid
        self.connections = connections
        self.auth_token = auth_token
        self.from_ = from_
        self.api_base_url = api_base_url
        self.status_callback_base = status_callback_base.rstrip("/") if status_callback_base else None
        self.timeout = timeout
        self._client: Client | None = None
        self._http: TwilioHttp | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._async: tuple[Client, AsyncTwilioHttp] | None = None  # made on the loop, for the loop
        self._loop = LoopThread("whatsapp-sender", on_new=self._forget_async)

    def _ensure(self) -> tuple[Client, TwilioHttp]:
        """Client and connection pool are made on first use in each process (after a fork)."""
        with self._lock:  # sends run on a thread pool: one client and pool for all of them
            if self._client is None or self._http is None or self._pid != os.getpid():
                self._http = TwilioHttp(self.api_base_url, timeout=self.timeout, connections=self.connections)
                self._client = Client(self.account_sid, self.auth_token, http_client=self._http)
                self._pid = os.getpid()
            return self._client, self._http

    def status_callback_url(self, outbox_id: int | None) -> str | None:
        if not self.status_callback_base:
            return None
        url = self.status_callback_base + STATUS_PATH
        return url if outbox_id is None else f"{url}?outbox_id={outbox_id}"

    def send(self, address: str, message: Outgoing, *, outbox_id: int | None = None) -> SendResult:
        """One Twilio message, waiting for the answer (see `submit`)."""
        future = self.submit(address, message, outbox_id=outbox_id)
        try:
            return future.result(self.timeout + 5)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            return SendResult(ok=False, error=f"{type(exc).__name__}: no answer in {self.timeout:g} s")

    def submit(self, address: str, message: Outgoing, *, outbox_id: int | None = None,
               gate: Gate | None = None) -> concurrent.futures.Future[SendResult]:
        """Start one Twilio message without waiting: options as a numbered list, photo or document
        as MediaUrl, or an approved template (Content SID and variables). A body over 1600
        characters is shortened (options kept) rather than split, so one outbox row is one Twilio
        message and one delivery status. `gate` (the outbox's pacing) is awaited on the loop just
        before the request. The future never raises: errors come back as a failed SendResult."""
        request = self._request(address, message, outbox_id)
        if isinstance(request, SendResult):
            done: concurrent.futures.Future[SendResult] = concurrent.futures.Future()
            done.set_result(request)
            return done
        return asyncio.run_coroutine_threadsafe(self._create(request, gate), self._loop.loop())

    def _request(self, address: str, message: Outgoing, outbox_id: int | None) -> SendResult | dict[str, Any]:
        for what, ref in (("photo", message.photo), ("document", message.document)):
            if ref and not ref.startswith(("http://", "https://")):
                return SendResult(ok=False, error=f"{what} is not a public URL: Twilio must fetch it", permanent=True)
        kwargs: dict[str, Any] = {"to": address, "from_": self.from_}
        if message.template:  # outside the 24-hour window: the approved template, its own buttons
            kwargs["content_sid"] = message.template["sid"]
            kwargs["content_variables"] = json.dumps(message.template.get("variables") or {}, ensure_ascii=False)
        else:
            kwargs["body"] = render_numbered(message, BODY_LIMIT)
        media = [ref for ref in (message.photo, message.document) if ref]
        if media and not message.template:
            kwargs["media_url"] = media
        callback = self.status_callback_url(outbox_id)
        if callback:
            kwargs["status_callback"] = callback
        return kwargs

    def _forget_async(self) -> None:
        """The async client of an old loop (or of the parent process) is not this loop's."""
        self._async = None

    def _async_client(self) -> Client:
        """The async client of this loop, made on first use (on the loop)."""
        if self._async is None:
            http = AsyncTwilioHttp(self.api_base_url, timeout=self.timeout, connections=self.connections)
            self._async = (Client(self.account_sid, self.auth_token, http_client=http), http)
            _ = self._async[0].messages  # twilio imports its API modules on first use: not in a paced send
        return self._async[0]

    def warm(self) -> None:
        """Start the loop and make the client before pacing sends: otherwise the first paced
        sends wait behind that and reach Twilio bunched up with the next ones."""
        async def make() -> None:
            self._async_client()

        asyncio.run_coroutine_threadsafe(make(), self._loop.loop()).result(self.timeout)

    async def _create(self, kwargs: dict[str, Any], gate: Gate | None) -> SendResult:
        client = self._async_client()
        if (held := await through(gate)) is not None:
            return held
        try:
            sent = await client.messages.create_async(**kwargs)
        except TwilioRestException as exc:
            return classify(_int(exc.code), exc.status, str(exc.msg))
        except TwilioServiceException as exc:
            return classify(_int(exc.code), exc.status, exc.detail or exc.title)
        except (aiohttp.ClientError, asyncio.TimeoutError, TwilioException) as exc:
            return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
        except Exception as exc:  # a library bug is a temporary failure, recorded, never a lost row
            log.exception("twilio send failed")
            return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
        return SendResult(ok=True, provider_id=sent.sid)

    def download_media(self, url: str) -> tuple[bytes, str]:
        """Fetch an inbound MediaUrl with the account's credentials -> (content, content type).
        Credentials go only to Twilio hosts (or the configured stand-in). Raises MediaError."""
        _, http = self._ensure()
        if not (_TWILIO_HOST.match(url) or (self.api_base_url and url.startswith(self.api_base_url))):
            raise MediaError(f"media {url}: not a Twilio URL, credentials withheld")
        try:
            return http.fetch_bytes(url, (self.account_sid, self.auth_token))
        except requests.RequestException as exc:
            raise MediaError(f"media {url}: {exc}") from exc

    def close(self) -> None:
        if self._http is not None and self._http.session is not None and self._pid == os.getpid():
            self._http.session.close()
        self._client = self._http = self._pid = None
        loop, made = self._loop.running_here(), self._async
        self._forget_async()
        if loop is not None and made is not None:
            try:
                asyncio.run_coroutine_threadsafe(made[1].close(), loop).result(self.timeout)
            except Exception as exc:  # closing must not fail the caller
                log.warning("twilio session close failed: %s", exc)
        self._loop.stop(self.timeout)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
