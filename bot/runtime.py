"""What one process holds: settings, the database, the channel senders and the dispatcher."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from .channels.base import Sender
from .channels.simulator import SimulatorSender
from .config import Settings
from .db import Database
from .dispatcher import Dispatcher


def build_senders(settings: Settings) -> dict[str, Sender]:
    """One sender per configured channel. Senders connect lazily, on their first message."""
    senders: dict[str, Sender] = {}
    if settings.simulator_enabled:
        senders["simulator"] = SimulatorSender()
    if settings.telegram:
        from .channels.telegram import TelegramSender

        base = settings.telegram.api_base_url
        senders["telegram"] = TelegramSender(settings.telegram.token, base_url=base,
                                             timeout=settings.sending.send_timeout_seconds,
                                             connections=settings.sending.telegram_concurrency)
    if settings.twilio:
        from .channels.whatsapp import WhatsAppSender

        tw = settings.twilio
        senders["whatsapp"] = WhatsAppSender(tw.account_sid, tw.auth_token, tw.whatsapp_from,
                                             api_base_url=tw.api_base_url, status_callback_base=settings.public_base_url,
                                             timeout=settings.sending.send_timeout_seconds,
                                             connections=settings.sending.whatsapp_concurrency)
    return senders


@dataclass
class Runtime:
    settings: Settings
    db: Database
    senders: dict[str, Sender]
    dispatcher: Dispatcher

    @classmethod
    def build(cls, settings: Settings, senders: dict[str, Sender] | None = None) -> "Runtime":
        db = Database(settings.database_url)
        senders = build_senders(settings) if senders is None else senders
        return cls(settings, db, senders, Dispatcher(db, settings, senders))

    def close(self) -> None:
        self.dispatcher.stop()
        for sender in self.senders.values():
            sender.close()
        self.db.dispose()


def runtime() -> Runtime:
    return current_app.extensions["didi_haat"]


def install(app: Flask, rt: Runtime) -> None:
    app.extensions["didi_haat"] = rt
