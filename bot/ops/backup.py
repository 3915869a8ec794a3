"""`python -m bot backup` / `restore`: the database (PostgreSQL with pg_dump/pg_restore in their
custom format; SQLite with its online backup API, safe while the bot runs) and every stored photo,
in one tar file."""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from ..media_store import store_for

PG_DUMP = "database.pgdump"
SQLITE = "database.sqlite"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def libpq_url(url: str) -> tuple[str, str | None]:
    """SQLAlchemy's URL as pg_dump takes it, and the schema pinned by `options=-csearch_path=...`."""
    parts = make_url(url).set(drivername="postgresql")
    options = parse_qs(urlsplit(parts.render_as_string(hide_password=False)).query).get("options", [""])[0]
    schema = None
    if "search_path=" in unquote(options):
        schema = unquote(options).split("search_path=", 1)[1].split(",")[0].split()[0]
    return parts.render_as_string(hide_password=False), schema


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[:500]}")


def _sqlite_path(url: str) -> str:
    return make_url(url).database or ""


def backup(settings, folder: Path, now: datetime | None = None) -> Path:
    """Write didihaat-<UTC time>.tar in `folder`; returns its path."""
    now = now or datetime.now(timezone.utc)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"didihaat-{now:%Y%m%dT%H%M%SZ}.tar"
    with tempfile.TemporaryDirectory() as work:
        if settings.database_url.startswith("postgresql"):
            url, schema = libpq_url(settings.database_url)
            dump = Path(work) / PG_DUMP
            _run(shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", f"--file={dump}",
                 *([f"--schema={schema}"] if schema else []), url)
        else:
            dump = Path(work) / SQLITE
            source = sqlite3.connect(_sqlite_path(settings.database_url))
            copy = sqlite3.connect(dump)
            with copy:
                source.backup(copy)  # consistent even while the bot writes
            source.close()
            copy.close()
        store = store_for(settings)
        partial = target.with_suffix(".tar.part")
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=dump.name)
            for name in store.names():
                data = store.get(name)
                if data is None:
                    continue
                info = tarfile.TarInfo(f"media/{name}")
                info.size, info.mtime = len(data), int(now.timestamp())
                tar.addfile(info, io.BytesIO(data))
        partial.replace(target)
    return target


def _has_users(url: str) -> bool:
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("users"):
            return False
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM users")).scalar())
    finally:
        engine.dispose()


def restore(settings, archive: Path, *, force: bool = False) -> int:
    """Put a backup back: the database (into an empty one unless `force`) and its photos.
    Returns how many photos were restored."""
    from mimetypes import guess_type

    if not force and _has_users(settings.database_url):
        raise BackupError("the database already holds users; pass --force to overwrite it")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        if settings.database_url.startswith("postgresql"):
            if PG_DUMP not in members:
                raise BackupError(f"{archive} holds no PostgreSQL dump (made from SQLite?)")
            tar.extract(members[PG_DUMP], work, filter="data")
            url, _ = libpq_url(settings.database_url)
            _run(shutil.which("pg_restore") or "pg_restore", "--clean", "--if-exists", "--no-owner",
                 "--single-transaction", f"--dbname={url}", str(Path(work) / PG_DUMP))
        else:
            if SQLITE not in members:
                raise BackupError(f"{archive} holds no SQLite database (made from PostgreSQL?)")
            tar.extract(members[SQLITE], work, filter="data")
            source = sqlite3.connect(Path(work) / SQLITE)
            path = _sqlite_path(settings.database_url)
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            target = sqlite3.connect(path)
            with target:
                source.backup(target)
            source.close()
            target.close()
        store = store_for(settings)
        photos = 0
        for name, member in members.items():
            if name.startswith("media/") and "/" not in name[len("media/"):]:
                data = tar.extractfile(member).read()
                store.put(name[len("media/"):], data, guess_type(name)[0] or "application/octet-stream")
                photos += 1
    return photos
