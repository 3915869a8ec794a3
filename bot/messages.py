"""The one internal message shape: every channel turns its webhook into an `Incoming`,
every handler answers with `Outgoing` messages that each channel renders its own way."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any


@dataclass(frozen=True)
class Option:
    """A choice the user can tap (Telegram button) or answer with its number (WhatsApp, SMS-like)."""

    label: str
    value: str


@dataclass(frozen=True)
class Media:
    """An attachment as the channel gave it: a Telegram file_id or a Twilio media URL."""

    ref: str
    content_type: str | None = None


@dataclass
class Incoming:
    """One message from a user, whatever the channel."""

    channel: str  # "telegram" | "whatsapp" | "simulator"
    address: str  # where replies go: Telegram chat id, "whatsapp:+91...", simulator user id
    provider_id: str | None = None  # update_id / MessageSid, for de-duplication of retries
    text: str = ""
    button: str | None = None  # value of a tapped option (callback data, quick-reply payload)
    name: str | None = None  # profile name the platform shows
    phone: str | None = None  # E.164 when the platform gives it or the user shared it
    media: list[Media] = field(default_factory=list)
    location: tuple[float, float] | None = None
    chat_kind: str = "private"  # "private" | "group" | "channel" (Telegram: only the bot posts)
    # "added" | "removed": the bot joined/left a group (address = group chat id);
    # "blocked" | "unblocked": a user blocked/unblocked the bot in a private Telegram chat
    group_event: str | None = None
    group_title: str | None = None
    callback_id: str | None = None  # Telegram callback query to answer
    sender: str | None = None  # in a group: the address of the person who wrote (their private chat id)

    def __post_init__(self) -> None:
        # Every channel builds an Incoming: the one place to clean what platforms let through.
        for name in ("address", "provider_id", "text", "button", "name", "phone", "group_title", "callback_id"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, clean_text(value))

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> "Incoming":
        values = dict(data)
        values["media"] = [Media(**m) for m in values.get("media") or []]
        values["location"] = tuple(values["location"]) if values.get("location") else None
        return cls(**values)


def clean_text(value: str) -> str:
    """Without NUL (PostgreSQL text cannot hold it) and lone surrogates (not encodable as UTF-8)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


@dataclass
class Outgoing:
    """One message to a user. Channels render options as buttons or as a numbered list."""

    text: str
    options: list[Option] = field(default_factory=list)
    photo: str | None = None  # public URL of an image stored by the project
    contact_button: str | None = None  # Telegram: label of a "share my phone number" keyboard button
    # WhatsApp outside the 24-hour window: {"sid": Content SID, "variables": {"1": ...}}; `text` is
    # the same message as the catalog has it, for the other channels and the records.
    template: dict[str, Any] | None = None
    # Telegram: take the contact_button keyboard away with this message (set on the first reply after
    # the phone step). Other channels ignore it. Best on a message without options: a Telegram
    # message carries one keyboard, so its options would be sent as a numbered list.
    remove_keyboard: bool = False
    # A stored file (a scheme's PDF form): a public URL or a local path, sent as a document
    # (Telegram sendDocument, Twilio media). `text` goes with it as its caption.
    document: str | None = None

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> "Outgoing":
        return cls(
            text=data.get("text", ""),
            options=[Option(**o) for o in data.get("options") or []],
            photo=data.get("photo"),
            contact_button=data.get("contact_button"),
            template=data.get("template"),
            remove_keyboard=bool(data.get("remove_keyboard")),
            document=data.get("document"),
        )


@dataclass(frozen=True)
class SendResult:
    """What a channel sender reports for one outgoing message."""

    ok: bool
    provider_id: str | None = None
    error: str | None = None
    permanent: bool = False  # True: never retry (blocked by user, invalid number, opted out)
    retry_after: float | None = None  # seconds the platform asked us to wait
    user_gone: bool = False  # the user blocked the bot / sent STOP at the provider
    window_closed: bool = False  # WhatsApp: free text refused outside the 24-hour window (63016)
    rate_limited: bool = False  # 429: wait `retry_after`, never counted as a failed attempt
    held_back: bool = False  # not sent at all: its channel was paused meanwhile (rate_limited too)
    credentials: bool = False  # our own token/credentials refused: hold the channel, keep the message
    opted_out: bool = False  # the user sent STOP to the number at the provider (Twilio 21610)
