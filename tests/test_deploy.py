"""Every file in deploy/ is checked by the tool that reads it: gunicorn's own config check,
`nginx -t` on the site, `systemd-analyze verify` on the units (skipped where the tool is missing)."""
from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def test_gunicorn_config_loads_the_app(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom")}
    done = run(str(VENV_BIN / "gunicorn"), "--check-config", "-c", str(DEPLOY / "gunicorn.conf.py"), "bot.wsgi:app",
               cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    printed = run(str(VENV_BIN / "gunicorn"), "--print-config", "-c", str(DEPLOY / "gunicorn.conf.py"),
                  "bot.wsgi:app", cwd=ROOT, env={**env, "GUNICORN_WORKERS": "3"})
    settings = {k.strip(): v.strip() for k, _, v in (line.partition(" = ") for line in printed.stdout.splitlines())}
    assert settings["bind"] == "['127.0.0.1:8000']" and settings["workers"] == "3"
    assert settings["timeout"] == "20" and "127.0.0.1" in settings["forwarded_allow_ips"]


def test_gunicorn_config_refuses_a_broken_file(tmp_path):
    broken = tmp_path / "gunicorn.conf.py"
    broken.write_text((DEPLOY / "gunicorn.conf.py").read_text() + "\nworkers = 'many'\n")
    done = run(str(VENV_BIN / "gunicorn"), "--check-config", "-c", str(broken), "bot.wsgi:app", cwd=ROOT)
    assert done.returncode != 0


def nginx_config(tmp_path: Path, site: str) -> Path:
    """The site as nginx would include it, with a throwaway certificate in place of certbot's."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
               "-days", "1", "-subj", "/CN=bot.example.org")
    assert made.returncode == 0, made.stderr
    site = (site.replace("/etc/letsencrypt/live/bot.example.org/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/bot.example.org/privkey.pem", str(key)))
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
                    f"http {{ access_log off; include {tmp_path}/site.conf; }}\n")
    return main


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx not installed")
def test_nginx_site_passes_nginx_t(tmp_path):
    site = (DEPLOY / "nginx" / "didihaat.conf").read_text()
    done = run("nginx", "-t", "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, site)))
    assert done.returncode == 0, done.stderr
    # Only what the platforms, buyers and staff need goes through; /metrics and /simulator do not.
    for path in ("/webhook/telegram", "/webhook/whatsapp", "/webhook/whatsapp/status", "/media/", "/dashboard",
                 "/healthz"):
        assert path in site
    assert "/metrics" not in site.replace("# /metrics", "") and "location / { return 404; }" in site
    assert "client_max_body_size 128k;" in site


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx not installed")
def test_nginx_t_catches_a_broken_site(tmp_path):
    site = (DEPLOY / "nginx" / "didihaat.conf").read_text().replace("client_max_body_size 128k;", "client_max_body 1;")
    done = run("nginx", "-t", "-p", str(tmp_path), "-c", str(nginx_config(tmp_path, site)))
    assert done.returncode != 0 and "client_max_body" in done.stderr


def units(tmp_path: Path, edit=lambda text: text) -> list[Path]:
    """The units with the venv's paths pointing at this checkout's venv (verify checks they exist)."""
    paths = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/didihaat/app/.venv/bin/", f"{VENV_BIN}/")
        (tmp_path / unit.name).write_text(edit(text))
        paths.append(tmp_path / unit.name)
    return paths


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not available")
def test_systemd_units_verify(tmp_path):
    done = run("systemd-analyze", "verify", "--man=no", *map(str, units(tmp_path)))
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not available")
def test_systemd_verify_catches_a_bad_unit(tmp_path):
    paths = units(tmp_path, lambda text: text.replace("Restart=on-failure", "Restart=sometimes"))
    done = run("systemd-analyze", "verify", "--man=no", *map(str, paths))
    assert "restart" in done.stderr.lower()


def test_units_restart_on_failure_and_run_the_cli():
    for name, command in (("didihaat-web.service", "gunicorn -c deploy/gunicorn.conf.py bot.wsgi:app"),
                          ("didihaat-worker@.service", "python -m bot worker")):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.read(DEPLOY / "systemd" / name)
        assert unit["Service"]["Restart"] == "on-failure"
        assert unit["Service"]["ExecStart"].endswith(command)
        assert unit["Service"]["EnvironmentFile"] == "/etc/didihaat/env"  # secrets stay out of the unit
