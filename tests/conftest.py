"""Shared fixtures: a database per run (SQLite always, PostgreSQL too when DATABASE_URL points at
one), an app on it, and a `Chat` helper that talks to the simulator API like a user would."""
from __future__ import annotations

import os
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text

from bot.app import create_app
from bot.config import load_settings
from bot.db import migrate
from bot.runtime import Runtime
from models import Base
from tests.live import live, standins  # noqa: F401  (fixtures for the webhook tests)

PG_URL = os.environ.get("DATABASE_URL", "")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL.startswith("postgres") else [])


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory) -> str:
    """A fresh database for this run: a SQLite file, or a schema of its own in the PostgreSQL
    database (so two runs against the same server never wipe each other's rows)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'didihaat.db'}"
        migrate(url)
        yield url
        return
    base = load_settings(env={"DATABASE_URL": PG_URL}).database_url
    schema = f"test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    migrate(url)
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def wipe(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    engine.dispose()


@pytest.fixture
def settings(database_url, tmp_path):
    """Settings from config.yaml with the test database, the simulator on and no real channels."""
    wipe(database_url)
    base = load_settings(env={"DATABASE_URL": database_url})
    # No quiet hours unless a test sets them: sweeps must not depend on the hour the suite runs at.
    # Inline handling: a test's webhook post is handled before it returns (tests/test_inbox.py
    # runs the queue and its workers).
    return replace(base, simulator_enabled=True, media_dir=tmp_path / "media", quiet_start_hour=0, quiet_end_hour=0,
                   inbox=replace(base.inbox, queue=False))


@pytest.fixture
def runtime(settings):
    rt = Runtime.build(settings)
    yield rt
    rt.close()


@pytest.fixture
def app(runtime):
    return create_app(rt=runtime)


@pytest.fixture
def client(app):
    return app.test_client()


class Chat:
    """One simulated user: `say` a message or tap a button, then look at what the bot answered."""

    def __init__(self, client, user: str, phone: str | None = None) -> None:
        self.client, self.user, self.phone = client, user, phone
        self.last: list[dict] = []

    def say(self, text: str = "", *, button: str | None = None, **extra) -> list[dict]:
        body = {"user": self.user, "text": text, **extra}
        if button is not None:
            body["button"] = button
        if self.phone:
            body.setdefault("phone", self.phone)
        response = self.client.post("/simulator/api/messages", json=body)
        assert response.status_code == 200, response.get_json()
        self.last = response.get_json()["replies"]
        return self.last

    def tap(self, label_part: str) -> list[dict]:
        """Tap the option of the last reply whose label contains `label_part`."""
        for message in reversed(self.last):
            for option in message["options"]:
                if label_part in option["label"]:
                    return self.say(button=option["value"])
        raise AssertionError(f"no option with {label_part!r} in {self.options()}")

    def options(self) -> list[str]:
        return [o["label"] for m in self.last for o in m["options"]]

    @property
    def text(self) -> str:
        return "\n".join(m["text"] for m in self.last)

    def inbox(self) -> list[dict]:
        response = self.client.get("/simulator/api/messages", query_string={"user": self.user})
        assert response.status_code == 200
        return response.get_json()


@pytest.fixture
def chat(client):
    return lambda user, phone=None: Chat(client, user, phone)
