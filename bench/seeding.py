"""A fresh PostgreSQL database for a benchmark, and registered didis in it."""
from __future__ import annotations

import psycopg
from sqlalchemy import create_engine, insert, make_url

from bot import places
from bot.db import migrate
from models import User, utcnow


def fresh_database(url: str) -> str:
    u = make_url(url)
    admin = u.set(database="postgres").render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{u.database}"')
    migrate(url)
    return url


def seed(url: str, users: int) -> None:
    """`users` registered didis of Bihta, Patna, on Telegram (chat ids 900000001..)."""
    district = places.find_district("patna")
    block = places.find_block(district.code, "bihta")
    rows = [dict(channel="telegram", address=str(900000000 + n), name=f"Didi {n}", role="didi", language="hi",
                 district_code=district.code, block_code=block.code, shg_name="Jai Maa", onboarded=True,
                 created_at=utcnow()) for n in range(1, users + 1)]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(User), rows)
    engine.dispose()
