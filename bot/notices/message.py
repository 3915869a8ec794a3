"""A notice as its recipients see it: who sent it, the text in their language, the photo or PDF,
and one option to ask for more."""
from __future__ import annotations

from typing import Any, Callable

from bot.i18n import t
from bot.messages import Option, Outgoing
from models import Notice, User

from . import area

MORE = "notice:more:"
TEMPLATE_CHARS = 900  # what a template's {{1}} carries: WhatsApp caps a variable at 1024
# A feature that sends through notices may give its notices their own options (an event's
# invitation answers "1 हाँ 2 नहीं"): each hook takes (notice, lang), returns None when not its own.
OPTION_HOOKS: list[Callable[[Notice, str], list[Option] | None]] = []


def text_for(notice: Notice, lang: str) -> str:
    return notice.text_en if lang == "en" and notice.text_en else notice.text_hi


def outgoing(notice: Notice, author: User | None, lang: str, *, group: bool = False) -> Outgoing:
    """Groups get the notice without the option: a tap there is nobody's private question."""
    body = t(lang, "notice.as_sent", sender=area.sender(lang, author), text=text_for(notice, lang))
    options = [] if group else next((found for hook in OPTION_HOOKS if (found := hook(notice, lang)) is not None),
                                    [Option(t(lang, "notice.more"), f"{MORE}{notice.id}")])
    return Outgoing(text=body, options=options, photo=notice.photo, document=notice.document)


def payload(notice: Notice, author: User | None, lang: str, channel: str, templates: dict[str, str],
            *, group: bool = False) -> dict[str, Any]:
    """The outbox payload: a broadcast (the bulk lane), with the approved template to fall back on
    for WhatsApp users outside the 24-hour window when one is configured for their language."""
    data = outgoing(notice, author, lang, group=group).to_payload()
    data["broadcast"] = True
    sid = templates.get(lang)
    if channel == "whatsapp" and sid:
        short = text_for(notice, lang)
        if len(short) > TEMPLATE_CHARS:
            short = short[:TEMPLATE_CHARS - 1].rstrip() + "…"
        data["template_fallback"] = {"sid": sid, "variables": {"1": short}}
    return data
