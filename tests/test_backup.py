"""A backup restores into a fresh database with every user, listing, demand (and notice, where
that table exists) and every photo; restoring over a database in use needs --force."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import yaml
from sqlalchemy import create_engine, inspect, text

from models import Media
from tests.test_market import buyer_in, didi_in

ROOT = Path(__file__).resolve().parent.parent
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


def cli(*args: str, database_url: str, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DIDI_HAAT_CONFIG": str(config)}
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def config_with_media(tmp_path: Path, media: Path) -> Path:
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["media"]["dir"] = str(media)
    path = tmp_path / f"config-{media.name}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def fresh_database(database_url: str, tmp_path: Path) -> tuple[str, callable]:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'fresh.db'}", lambda: None
    base, _, query = database_url.partition("?")
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{base.rsplit('/', 1)[0]}/{name}?{query}", drop


def counts(url: str) -> dict[str, object]:
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        found = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                 for t in ("users", "listings", "demands", "notices") if t in tables}
        found["names"] = sorted(n for n, in conn.execute(text("SELECT name FROM users")))
        found["media"] = sorted(f for f, in conn.execute(text("SELECT filename FROM media")))
    engine.dispose()
    return found


def test_backup_restores_into_a_fresh_database(chat, runtime, settings, tmp_path):
    didi = didi_in(chat, "didi-b", "+919811111111", name="सुनीता")
    didi.say("50 kilo makhana hai 700 rupaye kilo")
    didi.tap("सही है")
    buyer = buyer_in(chat, "buyer-b")
    buyer.say("Need 40 kg makhana in Patna, max Rs 750/kg")
    buyer.tap("Yes, right")
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    (settings.media_dir / "photo1.jpg").write_bytes(JPEG)
    with runtime.db.session() as session:
        session.add(Media(status="ready", filename="photo1.jpg", content_type="image/jpeg", size=len(JPEG)))
    before = counts(settings.database_url)
    assert before["users"] == 2 and before["listings"] == 1 and before["demands"] == 1

    made = cli("backup", "--to", str(tmp_path / "backups"), database_url=settings.database_url,
               config=config_with_media(tmp_path, settings.media_dir))
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip().split(": ", 1)[1])
    assert archive.exists() and archive.suffix == ".tar"

    fresh, drop = fresh_database(settings.database_url, tmp_path)
    try:
        restored_media = tmp_path / "media-restored"
        config = config_with_media(tmp_path, restored_media)
        done = cli("restore", str(archive), database_url=fresh, config=config)
        assert done.returncode == 0, done.stderr
        assert "(1 photos)" in done.stdout
        assert counts(fresh) == before  # every user, listing, demand (and notice) and photo row
        assert (restored_media / "photo1.jpg").read_bytes() == JPEG
        again = cli("restore", str(archive), database_url=fresh, config=config)
        assert again.returncode == 1 and "already holds users" in again.stderr
    finally:
        drop()
