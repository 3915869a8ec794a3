"""Telegram: parse webhook updates into `Incoming`, send `Outgoing` through the Bot API.

Parsing needs no bot and no event loop. Sending runs python-telegram-bot's async `Bot` on one
private event loop in a daemon thread, because a `Bot`'s HTTP client (bot/channels/telegram_http.py) must stay on the loop
it was first used on and our web app is synchronous (see docs/PLATFORMS.md)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import math
import os
import re
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from telegram import (
    Bot,
    Chat,
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
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
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import MediaError, render_numbered, truncate
from bot.channels.loop import Gate, LoopThread, through
from bot.channels.telegram_http import AiohttpRequest
from bot.messages import Incoming, Media, Option, Outgoing, SendResult

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TEXT_LIMIT = 4096  # sendMessage text, UTF-16 units
CAPTION_LIMIT = 1024  # sendPhoto caption
CALLBACK_DATA_LIMIT = 64  # bytes
_GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}  # where people write to the bot
_GROUP_LIKE = _GROUP_TYPES | {ChatType.CHANNEL}  # where the bot is added, recorded as a GroupChat


def _chat_kind(kind: str) -> str:
    """Incoming.chat_kind: "channel" (only the bot posts there), "group" or "private"."""
    return "channel" if kind == ChatType.CHANNEL else "group" if kind in _GROUP_TYPES else "private"


_PRESENT = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
_COMMAND = re.compile(r"^(/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)")

T = TypeVar("T")


# --------------------------------------------------------------------------- parsing


def parse_update(data: dict[str, Any], bot_username: str | None = None) -> Incoming | None:
    """One webhook body -> `Incoming`, or None for a valid update we do not act on
    (edited messages, channel posts, service messages in groups, commands for another bot).

    Raises ValueError for anything else: a body PTB cannot parse (e.g. the Bot API docs' legacy
    examples without `is_bot`), fields of the wrong type (`"text": 5`, a message without `chat`),
    or values our columns cannot hold (a 100-digit chat id, 65-byte callback data, a 600-character
    file id). PTB checks almost no types, so the whole mapping runs inside one guard and checks
    every field it copies into the `Incoming`.

    `bot_username` (optional): when given, "/cmd@otherbot" in a group is ignored."""
    if not isinstance(data, dict):
        raise ValueError("not a Telegram update: not a JSON object")
    try:
        update = Update.de_json(data, bot=None)
        if update is None:
            raise ValueError("no update")
        provider_id = str(_int64(update.update_id, "update_id"))
        if update.message is not None:
            return _from_message(update.message, provider_id, bot_username)
        if update.callback_query is not None:
            return _from_callback(update, provider_id)
        if update.my_chat_member is not None:
            return _from_membership(update, provider_id)
        return None
    except ValueError as exc:
        raise ValueError(f"not a Telegram update we can read: {exc}"[:300]) from exc
    except Exception as exc:  # PTB and odd shapes raise TypeError, AttributeError, KeyError, RecursionError ...
        # Mapping is pure (no I/O, no database), so whatever goes wrong here is about the body.
        raise ValueError(f"not a Telegram update we can read: {type(exc).__name__}: {exc}"[:300]) from exc


def route_key(data: dict[str, Any]) -> tuple[str, str] | None:
    """(provider_id, address) of an update, read from its JSON without PTB, as `parse_update` would
    give them: the webhook stores the update under them and the handler parses it later. None when
    the update is not a message, a button tap or a membership change of the usual shape: then the
    webhook parses it at once."""
    update_id = data.get("update_id")
    if not _is_int64(update_id):
        return None
    if data.get("message") is not None:
        return _chat_key(update_id, data["message"])
    query = data.get("callback_query")
    if query is not None:
        if not isinstance(query, dict):
            return None
        if query.get("message") is not None:
            return _chat_key(update_id, query["message"])
        sender = query.get("from")
        ident = sender.get("id") if isinstance(sender, dict) else None
        return (str(update_id), str(ident)) if _is_int64(ident) else None
    if data.get("my_chat_member") is not None:
        return _chat_key(update_id, data["my_chat_member"])
    return None


def _chat_key(update_id: int, part: Any) -> tuple[str, str] | None:
    chat = part.get("chat") if isinstance(part, dict) else None
    ident = chat.get("id") if isinstance(chat, dict) else None
    return (str(update_id), str(ident)) if _is_int64(ident) else None


def _is_int64(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value <= _INT64


# Limits of what we copy out of an update: Telegram's own where it has one, else the column the
# value lands in (models/): outbox.address, users.address, processed_updates.provider_id and
# group_chats.chat_id are String(64), group_chats.title String(255), media.source_ref String(500).
_INT64 = 2**63 - 1  # Bot API ids fit a signed 64-bit integer (at most 52 significant bits)
_ID_LIMIT = 64  # callback query ids
_FILE_ID_LIMIT = 500
_TITLE_LIMIT = 255  # Telegram allows 128
_NAME_LIMIT = 64  # first_name / last_name, Telegram's limit (users.profile_name is cut to 80)
_MIME_LIMIT = 255


def _int64(value: Any, what: str) -> int:
    """An integer id (not bool, not float, not a string) within a signed 64-bit range."""
    if not isinstance(value, int) or isinstance(value, bool) or not -_INT64 <= value <= _INT64:
        raise ValueError(f"{what} is not a 64-bit integer")
    return value


def _str(value: Any, what: str, limit: int | None = None) -> str | None:
    """None, or a string of at most `limit` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} is not a string")
    if limit is not None and len(value) > limit:
        raise ValueError(f"{what} is longer than {limit}")
    return value


def _coordinate(value: Any, bound: float, what: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
            or not -bound <= value <= bound:
        raise ValueError(f"{what} is not a coordinate")
    return float(value)


def _chat(chat: Chat | None) -> tuple[str, str]:
    """(address, type) of a chat, checked."""
    if chat is None:
        raise ValueError("no chat")
    return str(_int64(chat.id, "chat.id")), _str(chat.type, "chat.type") or ""


def _title(chat: Chat) -> str | None:
    title = _str(chat.title, "chat.title")
    return title[:_TITLE_LIMIT] if title else None


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    parts = (_str(user.first_name, "first_name"), _str(user.last_name, "last_name"))
    return " ".join(part[:_NAME_LIMIT] for part in parts if part) or None


def normalize_phone(raw: str) -> str | None:
    """Telegram gives the number with or without "+"; we store E.164. Bare 10-digit numbers
    (and 0-prefixed ones) are Indian mobiles."""
    digits = re.sub(r"[^0-9]", "", raw or "")
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


def _file_id(value: Any, what: str) -> str:
    file_id = _str(value, what, _FILE_ID_LIMIT)
    if not file_id:
        raise ValueError(f"{what} is empty")
    return file_id


def _largest_photo(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    def area(size: PhotoSize) -> tuple[int, int]:
        width, height = _int64(size.width, "photo.width"), _int64(size.height, "photo.height")
        return width * height, _int64(size.file_size or 0, "photo.file_size")

    return max(sizes, key=area)


def _from_message(message: Message, provider_id: str, bot_username: str | None) -> Incoming | None:
    address, kind = _chat(message.chat)
    is_group = kind in _GROUP_TYPES
    if not is_group and kind != ChatType.PRIVATE:
        return None  # a channel's own posts come as channel_post; we only post there, never converse
    sender = message.from_user
    sender_id = _int64(sender.id, "from.id") if sender is not None else None
    incoming = Incoming(
        channel=CHANNEL,
        address=address,
        provider_id=provider_id,
        name=_name(sender),
        chat_kind=_chat_kind(kind),
        group_title=_title(message.chat) if is_group else None,
        sender=str(sender_id) if is_group and sender_id is not None else None,
    )
    text = _str(message.text, "text") or _str(message.caption, "caption") or ""
    command = _command_text(text, bot_username)
    if command is None:
        return None
    incoming.text = command
    if message.photo:
        largest = _largest_photo(message.photo)
        incoming.media.append(Media(ref=_file_id(largest.file_id, "photo.file_id"), content_type="image/jpeg"))
    elif message.document and ((mime := _str(message.document.mime_type, "document.mime_type", _MIME_LIMIT) or "")
                               .startswith("image/") or mime == "application/pdf"):  # a PDF: a notice's form
        incoming.media.append(Media(ref=_file_id(message.document.file_id, "document.file_id"), content_type=mime))
    if message.voice:
        mime = _str(message.voice.mime_type, "voice.mime_type", _MIME_LIMIT) or "audio/ogg"
        incoming.media.append(Media(ref=_file_id(message.voice.file_id, "voice.file_id"), content_type=mime))
    if message.location:
        incoming.location = (_coordinate(message.location.latitude, 90, "latitude"),
                             _coordinate(message.location.longitude, 180, "longitude"))
    contact = message.contact
    if contact and sender_id is not None and contact.user_id is not None \
            and _int64(contact.user_id, "contact.user_id") == sender_id:
        incoming.phone = normalize_phone(_str(contact.phone_number, "contact.phone_number") or "")
    understood = incoming.text or incoming.media or incoming.location or incoming.phone
    if is_group and not understood:
        return None  # joins, pins, stickers, someone else's contact: never answer a group with noise
    return incoming


def _from_callback(update: Update, provider_id: str) -> Incoming:
    query = update.callback_query
    assert query is not None
    if query.from_user is None:
        raise ValueError("callback query without from")
    user_id = _int64(query.from_user.id, "from.id")
    data = _str(query.data, "callback data")
    if data is not None and len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data longer than {CALLBACK_DATA_LIMIT} bytes")
    callback_id = _str(query.id, "callback query id", _ID_LIMIT)
    if not callback_id:
        raise ValueError("callback query without id")
    if query.message is not None:  # a Message, or an InaccessibleMessage (too old) with its chat
        address, kind = _chat(query.message.chat)
    else:  # a button under an inline-mode message: answer in the private chat
        address, kind = str(user_id), ChatType.PRIVATE
    is_group = kind in _GROUP_LIKE  # a tap under our post in a channel is not a private conversation
    return Incoming(
        channel=CHANNEL,
        address=address,
        provider_id=provider_id,
        button=data,
        name=_name(query.from_user),
        chat_kind=_chat_kind(kind),
        group_title=_title(query.message.chat) if is_group and query.message is not None else None,
        callback_id=callback_id,
        sender=str(user_id) if is_group else None,
    )


def _member_present(member: ChatMember) -> bool:
    status = _str(member.status, "chat member status")
    return status in _PRESENT or (status == ChatMemberStatus.RESTRICTED and getattr(member, "is_member", False) is True)


def _from_membership(update: Update, provider_id: str) -> Incoming | None:
    """The bot's own membership changed: added to/removed from a group or channel, blocked/unblocked.

    Channels are recorded like groups (chat_kind "group"): the bot is added there as an
    administrator, and a GroupChat row is what lets staff post notices to it later."""
    change = update.my_chat_member
    assert change is not None
    address, kind = _chat(change.chat)
    old, new = change.old_chat_member, change.new_chat_member
    if old is None or new is None:
        raise ValueError("my_chat_member without old/new member")
    was_in, is_in = _member_present(old), _member_present(new)
    is_group = kind in _GROUP_LIKE
    if is_group:
        event = "added" if is_in and not was_in else "removed" if was_in and not is_in else None
    elif kind == ChatType.PRIVATE:
        blocked = new.status == ChatMemberStatus.BANNED
        event = "blocked" if blocked else "unblocked" if old.status == ChatMemberStatus.BANNED else None
    else:
        event = None
    if event is None:
        return None
    return Incoming(
        channel=CHANNEL,
        address=address,
        provider_id=provider_id,
        name=_name(change.from_user),
        chat_kind=_chat_kind(kind),
        group_event=event,
        group_title=_title(change.chat) if is_group else None,
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


def _upload(ref: str | None, what: str) -> tuple[str | bytes, str | None] | SendResult | None:
    """(what to pass PTB, filename): a URL as is, a local file's bytes; a failed result when the
    file cannot be read."""
    if not ref:
        return None
    path = _local_photo_path(ref)
    if path is None:
        return ref, None
    try:
        with open(path, "rb") as fh:
            return fh.read(), os.path.basename(path)
    except OSError as exc:
        return SendResult(ok=False, error=f"{what} unreadable: {exc}"[:300], permanent=True)


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # int vs timedelta migration warning in PTB 22
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def result_for_error(exc: BaseException) -> SendResult:
    """Map a PTB error to what the outbox should do with the message."""
    error = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, RetryAfter):
        return SendResult(ok=False, error=error, retry_after=_retry_seconds(exc), rate_limited=True)
    if isinstance(exc, InvalidToken):  # our configuration, not the message: hold it until fixed
        return SendResult(ok=False, error=error, credentials=True)
    if isinstance(exc, Forbidden):  # blocked, kicked from the group, user deactivated
        return SendResult(ok=False, error=error, permanent=True, user_gone=True)
    if isinstance(exc, ChatMigrated):  # group became a supergroup: new id in the error
        return SendResult(ok=False, error=f"ChatMigrated: {exc.new_chat_id}", permanent=True)
    if isinstance(exc, BadRequest):  # must precede NetworkError: BadRequest subclasses it
        return SendResult(ok=False, error=error, permanent=True)
    # TimedOut, NetworkError, Conflict: temporary. A timeout after Telegram accepted the request
    # can deliver twice on retry; the send timeout is long (outbox.send_timeout_seconds) so that a
    # slow call finishes rather than being abandoned and sent again.
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
        connections: int = 64,
    ) -> None:
        self.token = token
        self.connections = connections
        self.base_url = base_url or "https://api.telegram.org/bot"
        if base_file_url is None:
            root = self.base_url[: -len("/bot")] if self.base_url.endswith("/bot") else self.base_url
            base_file_url = root + "/file/bot"
        self.base_file_url = base_file_url
        self.timeout = timeout
        self._loop = LoopThread("telegram-sender", on_new=self._forget_bot)
        self._bot: Bot | None = None
        self._init_lock: asyncio.Lock | None = None
        self._initialized = False

    # -- loop plumbing

    def _forget_bot(self) -> None:
        """The Bot of an old loop (or of the parent process) cannot be used on a new one."""
        self._bot, self._init_lock, self._initialized = None, None, False

    def _run(self, make: Callable[[Bot], Awaitable[T]]) -> T:
        """Run `make(bot)` on the sender loop and wait; raises what it raises."""
        loop = self._loop.loop()

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
            # One connection per send in flight; reads may take as long as our own wait allows.
            request = AiohttpRequest(self.connections, read_timeout=self.timeout, write_timeout=self.timeout,
                                     connect_timeout=10.0, pool_timeout=self.timeout)
            # getUpdates is never called (webhooks only); its request is the same kind, one connection.
            self._bot = Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, request=request,
                            get_updates_request=AiohttpRequest(1))
            self._init_lock = asyncio.Lock()
        assert self._init_lock is not None
        async with self._init_lock:
            if not self._initialized:
                await self._bot.initialize()
                self._initialized = True
        return self._bot

    # -- public API

    def send(self, address: str, message: Outgoing, *, outbox_id: int | None = None) -> SendResult:
        """sendMessage, sendPhoto or sendDocument, and wait for the answer (see `submit`)."""
        future = self.submit(address, message, outbox_id=outbox_id)
        try:
            return future.result(self.timeout + 5)
        except concurrent.futures.TimeoutError as exc:
            return result_for_error(exc)

    def submit(self, address: str, message: Outgoing, *, outbox_id: int | None = None,
               gate: Gate | None = None) -> concurrent.futures.Future[SendResult]:
        """Start one send on the sender loop without waiting: many can be in flight at once.
        sendMessage, or sendPhoto/sendDocument with the text as caption when `message.photo` /
        `message.document` is set (local files are uploaded as bytes). Texts over Telegram's
        limits are shortened (4096, caption 1024) rather than split. The future never raises:
        platform errors come back as a failed SendResult. `gate` (the outbox's pacing) is awaited on the
        loop just before the request, so the pacing survives the caller's thread being late."""
        prepared = self._prepare(address, message)
        if isinstance(prepared, SendResult):
            done: concurrent.futures.Future[SendResult] = concurrent.futures.Future()
            done.set_result(prepared)
            return done
        loop = self._loop.loop()

        async def call() -> SendResult:
            try:
                bot = await self._ready_bot()
                if (held := await through(gate)) is not None:
                    return held
                sent = await prepared(bot)
            except TelegramError as exc:
                return result_for_error(exc)
            except Exception as exc:  # aiohttp or PTB bug: temporary, recorded, never a lost row
                log.exception("telegram send failed")
                return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
            return SendResult(ok=True, provider_id=str(sent.message_id))

        return asyncio.run_coroutine_threadsafe(call(), loop)

    def _prepare(self, address: str, message: Outgoing) -> SendResult | Callable[[Bot], Awaitable[Message]]:
        chat_id: int | str = int(address) if re.fullmatch(r"-?[0-9]{1,20}", address) else address
        markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None = keyboard(message.options)
        if message.contact_button:
            # A message has one keyboard: the contact button wins, options become a numbered list.
            markup = ReplyKeyboardMarkup([[KeyboardButton(message.contact_button, request_contact=True)]],
                                         one_time_keyboard=True, resize_keyboard=True)
            message = Outgoing(text=render_numbered(message), photo=message.photo, document=message.document)
        elif message.remove_keyboard:
            # The contact keyboard stays under the input field until a message removes it (tapping
            # it only collapses it). The handler that ends the phone step flags its next reply; we
            # do not remember per chat which keyboard is open, so nothing depends on this process's
            # memory. Same rule as above: one keyboard per message, and the removal wins, because a
            # leftover keyboard would stay for good while numbered options still work. Handlers
            # should flag a plain message (onboarding's "thank you"), keeping the buttons intact.
            markup = ReplyKeyboardRemove()
            if message.options:
                message = Outgoing(text=render_numbered(message), photo=message.photo, document=message.document)
        photo = _upload(message.photo, "photo")
        document = _upload(message.document, "document")
        for upload in (photo, document):
            if isinstance(upload, SendResult):
                return upload
        caption = truncate(message.text, CAPTION_LIMIT) or None

        async def call(bot: Bot) -> Message:
            if document is not None:
                content, filename = document
                return await bot.send_document(chat_id, content, caption=caption, reply_markup=markup,
                                               filename=filename)
            if photo is not None:
                content, filename = photo
                return await bot.send_photo(chat_id, content, caption=caption, reply_markup=markup, filename=filename)
            return await bot.send_message(chat_id, truncate(message.text, TEXT_LIMIT), reply_markup=markup)

        return call

    def warm(self) -> None:
        """Start the loop and initialise the Bot (getMe) before pacing sends: otherwise the first
        paced batch waits behind getMe and reaches Telegram bunched up with the next one."""
        self._run(lambda bot: asyncio.sleep(0))

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
        loop, bot = self._loop.running_here(), self._bot
        self._forget_bot()
        if loop is not None and bot is not None:
            try:
                asyncio.run_coroutine_threadsafe(bot.shutdown(), loop).result(self.timeout)
            except Exception as exc:  # closing must not fail the caller
                log.warning("telegram bot shutdown failed: %s", exc)
        self._loop.stop(self.timeout)
