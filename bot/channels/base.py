"""What every channel sender offers, and the text helpers channels share."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.messages import Outgoing, SendResult

ELLIPSIS = "\u2026"


class MediaError(Exception):
    """A user's attachment could not be fetched from the platform (expired, too big, not found)."""


@runtime_checkable
class Sender(Protocol):
    """One outgoing channel. `send` does not raise for platform errors: it reports them in
    SendResult so the outbox can decide between retrying, giving up and marking the user gone."""

    channel: str

    def send(self, address: str, message: Outgoing, *, outbox_id: int | None = None) -> SendResult: ...

    def close(self) -> None: ...


def _options_block(message: Outgoing) -> str:
    return "\n".join(f"{i}. {option.label}" for i, option in enumerate(message.options, start=1))


def render_numbered(message: Outgoing, limit: int | None = None) -> str:
    """Text followed by "1. label" lines: how options look on channels without buttons.

    With `limit` (UTF-16 units) only the text is shortened, so the options the user must
    answer with stay complete."""
    block = _options_block(message)
    if not block:
        return message.text if limit is None else truncate(message.text, limit)
    sep = "\n\n" if message.text else ""
    whole = message.text + sep + block
    if limit is None or utf16_len(whole) <= limit:
        return whole
    room = limit - utf16_len(sep + block)
    if room < 1:
        return truncate(whole, limit)
    return truncate(message.text, room) + sep + block


def utf16_len(text: str) -> int:
    """Length as Telegram and Twilio count it (UTF-16 code units: an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` UTF-16 units, ending with an ellipsis.

    Cuts at a space when one is in the last fifth: a cut inside a word can split a Devanagari
    letter from its vowel sign."""
    if utf16_len(text) <= limit:
        return text
    budget = limit - 1  # the ellipsis
    units, end = 0, 0
    for end, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > budget:
            break
    cut = text[:end]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS
