"""What a handler sees and does: the user, their message, their place in the conversation,
and the replies it says. Handlers never touch a channel; the router turns replies into outbox rows."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from models import Conversation, User

from . import answers
from .config import Settings
from .i18n import t
from .messages import Incoming, Option, Outgoing

DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")  # "२" typed for "2"
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")


ID_MAX = 2**31 - 1  # ids are INTEGER columns: a larger one overflows on PostgreSQL


def read_id(value: str) -> int | None:
    """The id in a button value ("123" -> 123); None for anything no row can have ("²", "-1", 10**11)."""
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    ident = int(value)
    return ident if 0 < ident <= ID_MAX else None


def number_typed(text: str) -> int | None:
    """ "2", "२", " 2. " -> 2: the way a user picks from a numbered list."""
    match = _NUMBER.match(text.translate(DEVANAGARI_DIGITS))
    return int(match.group(1)) if match else None


@dataclass
class Context:
    session: Session
    settings: Settings
    user: User
    convo: Conversation
    msg: Incoming
    now: datetime
    replies: list[Outgoing] = field(default_factory=list)
    # Options shown by an earlier message (and their labels), captured before this turn's replies replace them.
    previous_options: list[str] = field(default_factory=list)
    previous_labels: list[str] = field(default_factory=list)
    flow_at_start: str | None = None  # the step she was in when the message came
    task_done: bool = False  # an answer to one of our questions: the menu follows it (handlers/menu.py)
    # A reply said aside (STOP): it is not the question to repeat after a break.
    aside: bool = False

    # --- what the user said -------------------------------------------------------------
    @property
    def text(self) -> str:
        return (self.msg.text or "").strip()

    @property
    def choice(self) -> str | None:
        """The option the user picked: a tapped button, or the number of a listed option."""
        if self.msg.button:
            return self.msg.button
        number = number_typed(self.text)
        if number is not None and 1 <= number <= len(self.previous_options):
            return self.previous_options[number - 1]
        if number is None:  # "रुचि है", "haan": the label or the yes of a shown option
            return answers.pick(self.text, self.previous_options, self.previous_labels)
        return None

    def chosen_code(self, prefix: str) -> int | None:
        """The number after `prefix` in the chosen option ("district:212" -> 212); None for a forged value."""
        rest = (self.choice or "").removeprefix(prefix)
        return read_id(rest) if self.choice and self.choice.startswith(prefix) else None

    def local(self, moment: datetime) -> datetime:
        """`moment` on Bihar's clock (the configured time zone)."""
        return moment.astimezone(ZoneInfo(self.settings.timezone))

    def said_yes(self) -> bool:
        """ "haan", "ok", "सही है": a confirmation typed instead of tapped."""
        from .i18n import words

        return self.text.lower().rstrip("!. ") in words("keywords.confirm")

    @property
    def lang(self) -> str:
        return self.user.language or self.settings.default_language

    # --- saying things ------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)

    def say(self, key: str, *, options: Iterable[tuple[str, str]] = (), photo: str | None = None,
            ask_contact: bool = False, drop_contact_button: bool = False, **values: Any) -> None:
        """Reply with catalog text `key`; options are (label key, value) pairs. `ask_contact` shows
        Telegram's "share my number" button; `drop_contact_button` takes it away again."""
        self.say_text(self.t(key, **values), options=[Option(self.t(k), v) for k, v in options], photo=photo,
                      contact_button=self.t("onboarding.share_phone_button") if ask_contact else None,
                      remove_keyboard=drop_contact_button)

    def say_text(self, text: str, *, options: list[Option] | None = None, photo: str | None = None,
                 contact_button: str | None = None, remove_keyboard: bool = False) -> None:
        """Reply with text already taken from the catalog (e.g. joined from several keys)."""
        options = options or []
        self.replies.append(Outgoing(text=text, options=options, photo=photo, contact_button=contact_button,
                                     remove_keyboard=remove_keyboard))

    def bind_options(self) -> None:
        """After the turn: the last question asked is what a number, a label or a yes answers. A reply
        without options (an answer, a fact) leaves the question before it standing; a step that
        asks for a typed value (a quantity, a name) takes the numbers back."""
        asked = next((r for r in reversed(self.replies) if r.options), None)
        if asked is not None:
            self.convo.options = [o.value for o in asked.options]
            self.convo.option_labels = [o.label for o in asked.options]
        elif self.replies and (self.convo.flow or not self.user.onboarded):
            self.convo.options, self.convo.option_labels = [], []

    # --- where we are -------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        return self.convo.data

    def remember(self, **values: Any) -> None:
        self.convo.data = {**(self.convo.data or {}), **values}

    def goto(self, flow: str, step: str) -> None:
        self.convo.flow, self.convo.step = flow, step

    def finish(self) -> None:
        self.convo.flow = self.convo.step = None
        self.convo.data = {}
