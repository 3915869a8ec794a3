"""State survives a restart (SQLite file and PostgreSQL); staff come from the CLI; bad settings
fail at start with a message naming them; the message catalog is complete in both languages."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.config import ConfigError, load_settings
from bot.i18n import catalog
from bot.runtime import Runtime
from models import User
from tests.conftest import Chat

ROOT = Path(__file__).resolve().parent.parent


def test_restart_keeps_users_and_unfinished_onboarding(settings):
    first = Runtime.build(settings)
    didi = Chat(create_app(rt=first).test_client(), "didi-restart")
    didi.say("hi")
    didi.tap("हिन्दी")
    didi.tap("दीदी")
    didi.say("अनीता")
    first.close()  # the process stops

    second = Runtime.build(settings)  # a new process on the same database
    try:
        didi = Chat(create_app(rt=second).test_client(), "didi-restart")
        assert len(didi.inbox()) == 4  # every message sent before the restart is still there
        didi.say("गया")
        assert "गया में आपका प्रखंड" in didi.text  # the name step is not asked again
        didi.say("Bodhgaya")
        didi.say("ज्योति समूह")
        assert "धन्यवाद अनीता दीदी" in didi.text
        with second.db.sessions() as session:
            user = session.scalar(select(User).where(User.address == "didi-restart"))
            assert (user.name, user.district_code, user.onboarded) == ("अनीता", 196, True)
    finally:
        second.close()


def run_cli(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def test_staff_enrolled_from_cli_is_recognised_on_first_whatsapp_message(settings, client):
    done = run_cli("staff", "add", "--phone", "98765 43210", "--district", "Patna", "--block", "Bihta",
                   "--name", "Alok BPM", database_url=settings.database_url)
    assert done.returncode == 0, done.stderr
    assert "staff Alok BPM +919876543210: Bihta, Patna" in done.stdout

    listed = run_cli("staff", "list", database_url=settings.database_url)
    assert "+919876543210" in listed.stdout and "not yet written" in listed.stdout

    staff = Chat(client, "staff-sim", phone="+919876543210")
    staff.say("hello")
    assert "क्या करना है?" in staff.text  # no onboarding: already enrolled
    rt = client.application.extensions["didi_haat"]
    with rt.db.sessions() as session:
        users = session.scalars(select(User).where(User.phone == "+919876543210")).all()
        assert len(users) == 1 and users[0].role == "staff" and users[0].address == "staff-sim"


def test_staff_cli_refuses_bad_input(settings):
    bad_phone = run_cli("staff", "add", "--phone", "12345", "--district", "Patna", database_url=settings.database_url)
    assert bad_phone.returncode != 0 and "--phone" in bad_phone.stderr
    bad_block = run_cli("staff", "add", "--phone", "9876543210", "--district", "Patna", "--block", "Rajgir",
                        database_url=settings.database_url)
    assert bad_block.returncode != 0 and "not a block of Patna" in bad_block.stderr


@pytest.mark.parametrize("env, message", [
    ({"TELEGRAM_BOT_TOKEN": "123:abc"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}, "TWILIO_WHATSAPP_FROM"),
    ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t", "TWILIO_WHATSAPP_FROM": "whatsapp:+1415"}, "PUBLIC_BASE_URL"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "has space"}, "TELEGRAM_WEBHOOK_SECRET"),
])
def test_half_configured_channels_fail_at_start_naming_the_setting(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


@pytest.mark.parametrize("setting, message", [
    ("markt:\n  matches_shown: 3\n", "unknown section 'markt'"),
    ("market:\n  matches_show: 3\n", "unknown setting 'market.matches_show'"),
    ("outbox:\n  retry_seconds: [5, a]\n", "'outbox.retry_seconds' must be list of int"),
    ("webhook:\n  max_body_bytes: -1\n", "'webhook.max_body_bytes' must be int \\(at least 1024\\)"),
    ("outbox:\n  max_attempts: \"5\"\n", "'outbox.max_attempts' must be int"),
    ("scheduler:\n  timezone: Asia/Patna\n", "not a known time zone: 'Asia/Patna'"),
    ("whatsapp:\n  reopen_template: {hi: abc}\n", "Content SIDs"),
    ("market:\n  followup_days: -2\n", "'market.followup_days' must not be negative"),
])
def test_a_wrong_setting_fails_at_start_naming_it(tmp_path, setting, message):
    config = tmp_path / "config.yaml"
    config.write_text(setting, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={"DIDI_HAAT_CONFIG": str(config)})


def test_the_shipped_config_loads():
    assert load_settings(env={}).market.matches_shown >= 1


def test_serve_refuses_to_start_half_configured():
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123:abc"}
    env.pop("TELEGRAM_WEBHOOK_SECRET", None)
    done = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "0"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "TELEGRAM_WEBHOOK_SECRET" in done.stderr


def test_catalog_has_every_key_in_both_languages_with_the_same_placeholders():
    hi, en = catalog("hi"), catalog("en")
    assert hi.keys() == en.keys()
    for key in hi:
        if isinstance(hi[key], str):
            assert set(re.findall(r"{(\w+)}", hi[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_catalog_key_used_in_code_exists():
    used = set()
    for path in list((ROOT / "handlers").glob("*.py")) + list((ROOT / "bot").rglob("*.py")):
        used.update(re.findall(r'"((?:onboarding|menu|help|profile|optout|groups|errors|sell|buy|market|connect|'
                               r'mine|deal)\.[a-z_.]+)"', path.read_text()))
    missing = sorted(k for k in used if k not in catalog("hi"))
    assert not missing


def test_parse_command_answers_one_json_object_per_line():
    import json

    examples = [json.loads(line) for line in (ROOT / "tests/fixtures/parse_examples.jsonl").read_text().splitlines()]
    lines = "\n".join(e["text"] for e in examples) + "\n\n🙏🙏\n"
    done = subprocess.run([sys.executable, "-m", "bot", "parse"], cwd=ROOT, input=lines, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(examples) + 2
    for example, got in zip(examples, out):
        assert set(got) == {"intent", "product", "quantity", "unit", "price", "district"}
        assert {k: got[k] for k in ("intent", "product", "quantity", "unit", "price")} == \
               {k: example[k] for k in ("intent", "product", "quantity", "unit", "price")}
        assert got["district"] == example.get("district")
    assert out[-1]["intent"] == out[-2]["intent"] == "other"
