"""Deep links to the bot that open one listing or demand: Telegram's start parameter, WhatsApp's
pre-filled text. The bot reads both on arrival (handlers/deeplink.py)."""
from __future__ import annotations

from bot.config import Settings

from .settings import DigestSettings


def telegram(digests: DigestSettings, code: str) -> str | None:
    """https://t.me/<bot>?start=L-482 (start parameters allow A-Z, a-z, 0-9, _ and -)."""
    return f"https://t.me/{digests.bot_username}?start={code}" if digests.bot_username else None


def whatsapp(settings: Settings, code: str) -> str | None:
    """https://wa.me/<number>?text=L-482, for the WhatsApp number the bot answers on."""
    if settings.twilio is None:
        return None
    number = settings.twilio.whatsapp_from.removeprefix("whatsapp:").lstrip("+")
    return f"https://wa.me/{number}?text={code}"


def for_group(settings: Settings, digests: DigestSettings, channel: str, code: str) -> str:
    """The link a group's members can tap: Telegram's (groups are Telegram's), else WhatsApp's,
    else the bare code to send."""
    return telegram(digests, code) or whatsapp(settings, code) or code
