"""Telegram: parse webhook updates into `Incoming`, send `Outgoing` through the Bot API.

Parsing needs no bot and no event loop. Sending runs python-telegram-bot's async `Bot` on one
private event loop in a daemon thread, because a `Bot`'s httpx client must stay on the loop
it was first used on and our web app is synchronous (see docs/PLATFORMS.md)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import re
import threading
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import MediaError, render_numbered, truncate
from bot.messages import Incoming, Media, Option, Outgoing, SendResult

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TEXT_LIMIT = 4096  # sendMessage text, UTF-16 units
CAPTION_LIMIT = 1024  # sendPhoto caption
CALLBACK_DATA_LIMIT = 64  # bytes
_GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}
_PRESENT = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
_COMMAND = re.compile(r"^(/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)")

T = TypeVar("T")


# --------------------------------------------------------------------------- parsing


def parse_update(data: dict[str, Any], bot_username: str | None = None) -> Incoming | None:
    """One webhook body -> `Incoming`, or None for a valid update we do not act on
    (edited messages, channel posts, service messages in groups, commands for another bot).

    Raises ValueError when the body is not an update PTB can parse (e.g. the Bot API docs'
    legacy examples without `is_bot`): the webhook acknowledges and drops those, because
    Telegram would otherwise retry them for 24 hours.

    `bot_username` (optional): when given, "/cmd@otherbot" in a group is ignored."""
    try:
        update = Update.de_json(data, bot=None)
    except Exception as exc:  # PTB raises TypeError/AttributeError/KeyError on odd shapes
        raise ValueError(f"not a Telegram update: {type(exc).__name__}: {exc}") from exc
    if update is None or not isinstance(update.update_id, int) or isinstance(update.update_id, bool):
        raise ValueError("not a Telegram update: no integer update_id")
    provider_id = str(update.update_id)
    if update.message is not None:
        return _from_message(update.message, provider_id, bot_username)
    if update.callback_query is not None:
        return _from_callback(update, provider_id)
    if update.my_chat_member is not None:
        return _from_membership(update, provider_id)
    return None


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    return " ".join(part for part in (user.first_name, user.last_name) if part) or None


def normalize_phone(raw: str) -> str | None:
    """Telegram gives the number with or without "+"; we store E.164. Bare 10-digit numbers
    (and 0-prefixed ones) are Indian mobiles."""
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) == 10:
        digits = "91" + digits
    if not 8 <= len(digits) <= 15:
        return None
    return "+" + digits


def _command_text(text: str, bot_username: str | None) -> str | None:
    """"/prices@bot onion" -> "/prices onion"; None when addressed to a different bot."""
    match = _COMMAND.match(text)
    if not match:
        return text
    if bot_username and match.group(2).lower() != bot_username.lstrip("@").lower():
        return None
    return match.group(1) + text[match.end():]


def _from_message(message: Message, provider_id: str, bot_username: str | None) -> Incoming | None:
    chat = message.chat
    is_group = chat.type in _GROUP_TYPES
    if chat.type not in _GROUP_TYPES and chat.type != ChatType.PRIVATE:
        return None  # channels: we only post there, never converse
    sender = message.from_user
    incoming = Incoming(
        channel=CHANNEL,
        address=str(chat.id),
        provider_id=provider_id,
        name=_name(sender),
        chat_kind="group" if is_group else "private",
        group_title=chat.title if is_group else None,
    )
    text = message.text or message.caption or ""
    command = _command_text(text, bot_username)
    if command is None:
        return None
    incoming.text = command
    if message.photo:
        largest = max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
        incoming.media.append(Media(ref=largest.file_id, content_type="image/jpeg"))
    elif message.document and (message.document.mime_type or "").startswith("image/"):
        incoming.media.append(Media(ref=message.document.file_id, content_type=message.document.mime_type))
    if message.voice:
        incoming.media.append(Media(ref=message.voice.file_id, content_type=message.voice.mime_type or "audio/ogg"))
    if message.location:
        incoming.location = (message.location.latitude, message.location.longitude)
    contact = message.contact
    if contact and sender and contact.user_id == sender.id:
        incoming.phone = normalize_phone(contact.phone_number)
    understood = incoming.text or incoming.media or incoming.location or incoming.phone
    if is_group and not understood:
        return None  # joins, pins, stickers, someone else's contact: never answer a group with noise
    return incoming


def _from_callback(update: Update, provider_id: str) -> Incoming:
    query = update.callback_query
    assert query is not None
    chat = query.message.chat if query.message is not None else None
    is_group = chat is not None and chat.type in _GROUP_TYPES
    return Incoming(
        channel=CHANNEL,
        address=str(chat.id if chat is not None else query.from_user.id),
        provider_id=provider_id,
        button=query.data,
        name=_name(query.from_user),
        chat_kind="group" if is_group else "private",
        group_title=chat.title if is_group and chat is not None else None,
        callback_id=query.id,
    )


def _from_membership(update: Update, provider_id: str) -> Incoming | None:
    """The bot's own membership changed: added to/removed from a group, blocked/unblocked."""
    change = update.my_chat_member
    assert change is not None
    chat = change.chat
    old, new = change.old_chat_member, change.new_chat_member
    was_in = old.status in _PRESENT or (old.status == ChatMemberStatus.RESTRICTED and getattr(old, "is_member", False))
    is_in = new.status in _PRESENT or (new.status == ChatMemberStatus.RESTRICTED and getattr(new, "is_member", False))
    if chat.type in _GROUP_TYPES:
        event = "added" if is_in and not was_in else "removed" if was_in and not is_in else None
    elif chat.type == ChatType.PRIVATE:
        blocked = new.status == ChatMemberStatus.BANNED
        event = "blocked" if blocked else "unblocked" if old.status == ChatMemberStatus.BANNED else None
    else:
        event = None
    if event is None:
        return None
    is_group = chat.type in _GROUP_TYPES
    return Incoming(
        channel=CHANNEL,
        address=str(chat.id),
        provider_id=provider_id,
        name=_name(change.from_user),
        chat_kind="group" if is_group else "private",
        group_event=event,
        group_title=chat.title if is_group else None,
    )


# --------------------------------------------------------------------------- sending


def keyboard(options: list[Option]) -> InlineKeyboardMarkup | None:
    """One button per row: labels in Hindi are long and wrap badly side by side."""
    if not options:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(o.label, callback_data=_callback_data(o.value or o.label))] for o in options]
    )


def _callback_data(value: str) -> str:
    """Telegram rejects callback_data over 64 bytes; cut at a character boundary."""
    return value.encode("utf-8")[:CALLBACK_DATA_LIMIT].decode("utf-8", errors="ignore")


def _local_photo_path(photo: str) -> str | None:
    """Photos stored by the project may be local files ("/..." or "file:..."); Telegram cannot
    fetch those, so they are uploaded as bytes. Anything else is a URL Telegram fetches itself."""
    if photo.startswith("file:"):
        return unquote(urlparse(photo).path)
    if photo.startswith("/"):
        return photo
    return None


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # int vs timedelta migration warning in PTB 22
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def result_for_error(exc: BaseException) -> SendResult:
    """Map a PTB error to what the outbox should do with the message."""
    error = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, RetryAfter):
        return SendResult(ok=False, error=error, retry_after=_retry_seconds(exc))
    if isinstance(exc, Forbidden):  # blocked, kicked from the group, user deactivated
        return SendResult(ok=False, error=error, permanent=True, user_gone=True)
    if isinstance(exc, ChatMigrated):  # group became a supergroup: new id in the error
        return SendResult(ok=False, error=f"ChatMigrated: {exc.new_chat_id}", permanent=True)
    if isinstance(exc, BadRequest):  # must precede NetworkError: BadRequest subclasses it
        return SendResult(ok=False, error=error, permanent=True)
    if isinstance(exc, InvalidToken):  # our configuration, not the message: retry once fixed
        return SendResult(ok=False, error=error)
    # TimedOut, NetworkError, Conflict, our own wait timing out: temporary. A timeout after
    # Telegram accepted the request can deliver twice on retry; that beats losing a reply.
    return SendResult(ok=False, error=error)


class TelegramSender:
    """Sends through one `telegram.Bot` living on one event loop in a daemon thread.

    Thread and bot are created on first use, so a sender built before a gunicorn fork is
    still safe; a fork after use gets a fresh loop in the child. Sync callers block on
    `run_coroutine_threadsafe(...).result(timeout)`."""

    channel = CHANNEL

    def __init__(
        self,
        token: str,
        base_url: str | None = None,
        base_file_url: str | None = None,
        *,
        timeout: float = 60.0,
    ) -> None:
        self.token = token
        self.base_url = base_url or "https://api.telegram.org/bot"
        if base_file_url is None:
            root = self.base_url[: -len("/bot")] if self.base_url.endswith("/bot") else self.base_url
            base_file_url = root + "/file/bot"
        self.base_file_url = base_file_url
        self.timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._bot: Bot | None = None
        self._init_lock: asyncio.Lock | None = None
        self._initialized = False

    # -- loop plumbing

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is not None and self._pid == os.getpid() and self._thread and self._thread.is_alive():
                return self._loop
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            thread = threading.Thread(target=run, name="telegram-sender", daemon=True)
            thread.start()
            ready.wait()
            self._loop, self._thread, self._pid = loop, thread, os.getpid()
            self._bot, self._init_lock, self._initialized = None, None, False
            return loop

    def _run(self, make: Callable[[Bot], Awaitable[T]]) -> T:
        """Run `make(bot)` on the sender loop and wait; raises what it raises."""
        loop = self._ensure_loop()

        async def call() -> T:
            return await make(await self._ready_bot())

        future = asyncio.run_coroutine_threadsafe(call(), loop)
        try:
            return future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    async def _ready_bot(self) -> Bot:
        """Create the Bot on this loop and initialise it (getMe) once; retried if that failed."""
        if self._bot is None:
            request = HTTPXRequest(connection_pool_size=64, read_timeout=15.0, connect_timeout=10.0)
            self._bot = Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, request=request)
            self._init_lock = asyncio.Lock()
        assert self._init_lock is not None
        async with self._init_lock:
            if not self._initialized:
                await self._bot.initialize()
                self._initialized = True
        return self._bot

    # -- public API

    def send(self, address: str, message: Outgoing, *, outbox_id: int | None = None) -> SendResult:
        """sendMessage, or sendPhoto with the text as caption when `message.photo` is set.
        Texts over Telegram's limits are shortened (4096, caption 1024) rather than split."""
        chat_id: int | str = int(address) if address.lstrip("-").isdigit() else address
        markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = keyboard(message.options)
        if message.contact_button:
            # A message has one keyboard: the contact button wins, options become a numbered list.
            markup = ReplyKeyboardMarkup([[KeyboardButton(message.contact_button, request_contact=True)]],
                                         one_time_keyboard=True, resize_keyboard=True)
            message = Outgoing(text=render_numbered(message), photo=message.photo)
        photo: str | bytes | None = message.photo
        filename = None
        if message.photo and (path := _local_photo_path(message.photo)):
            try:
                with open(path, "rb") as fh:
                    photo = fh.read()
            except OSError as exc:
                return SendResult(ok=False, error=f"photo unreadable: {exc}"[:300], permanent=True)
            filename = os.path.basename(path)

        async def call(bot: Bot) -> Message:
            if photo is not None:
                caption = truncate(message.text, CAPTION_LIMIT) or None
                return await bot.send_photo(chat_id, photo, caption=caption, reply_markup=markup, filename=filename)
            return await bot.send_message(chat_id, truncate(message.text, TEXT_LIMIT), reply_markup=markup)

        try:
            sent = self._run(call)
        except (TelegramError, concurrent.futures.TimeoutError) as exc:
            return result_for_error(exc)
        return SendResult(ok=True, provider_id=str(sent.message_id))

    def answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner. Cosmetic: failures (query too old) are logged, not raised."""
        try:
            self._run(lambda bot: bot.answer_callback_query(callback_id))
        except (TelegramError, concurrent.futures.TimeoutError) as exc:
            log.info("answerCallbackQuery failed: %s", exc)

    def download_file(self, file_id: str) -> bytes:
        """getFile + download (Bot API limit 20 MB). Raises MediaError."""

        async def call(bot: Bot) -> bytes:
            file = await bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())

        try:
            return self._run(call)
        except (TelegramError, concurrent.futures.TimeoutError) as exc:
            raise MediaError(f"telegram file {file_id}: {exc}") from exc

    def set_webhook(self, url: str, secret: str, allowed_updates: list[str]) -> bool:
        """Register the webhook; raises TelegramError so a deploy step fails loudly."""
        return self._run(
            lambda bot: bot.set_webhook(url=url, secret_token=secret, allowed_updates=allowed_updates)
        )

    def close(self) -> None:
        """Shut the Bot's HTTP clients down and stop the loop thread. Safe to call twice;
        a later send starts a fresh loop."""
        with self._lock:
            loop, thread, bot, pid = self._loop, self._thread, self._bot, self._pid
            self._loop = self._thread = self._bot = self._pid = None
            self._init_lock = None
            self._initialized = False
        if loop is None or pid != os.getpid() or thread is None or not thread.is_alive():
            return
        if bot is not None:
            try:
                asyncio.run_coroutine_threadsafe(bot.shutdown(), loop).result(self.timeout)
            except Exception as exc:  # closing must not fail the caller
                log.warning("telegram bot shutdown failed: %s", exc)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(self.timeout)
        loop.close()
