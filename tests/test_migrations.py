"""The migrations build exactly the schema the models declare, on SQLite and PostgreSQL, and
upgrade a database that already holds rows (0004 -> head keeps them)."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from bot.db import alembic_config, migrate
from models import Base


def test_migrations_match_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_keeps_users_and_marks_whatsapp_phones_verified(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0004")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (channel, address, phone, onboarded, opted_out, unreachable, created_at) "
                          "VALUES ('whatsapp', 'whatsapp:+919812345678', '+919812345678', 1, 0, 0, '2026-11-01'),"
                          " ('telegram', '111', '+919800000000', 1, 0, 0, '2026-11-01')"))
    migrate(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT channel, phone_verified FROM users ORDER BY id")).all()
    engine.dispose()
    assert [(c, bool(v)) for c, v in rows] == [("whatsapp", True), ("telegram", False)]
