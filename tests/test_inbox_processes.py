"""Several `python -m bot inbox` processes share the stored messages (PostgreSQL), each sender's in order."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from bot import inbox
from bot.runtime import Runtime
from models import InboxMessage, InboxStatus
from tests.gunicorn_app import ROOT
from tests.test_inbox import NAMES, REGISTRATION, queued, registered_users, sim  # noqa: F401  (queued: fixture)


def test_two_inbox_processes_share_the_work(queued):
    rt = Runtime.build(queued)
    users = [f"p{n}" for n in range(8)]
    for step in REGISTRATION:
        for n, user in enumerate(users):
            inbox.store(rt.db, sim(user, step.format(n=NAMES[n])))
    env = {**os.environ, "DATABASE_URL": queued.database_url}
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "inbox"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        _until_handled(rt)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        codes = [proc.wait(60) for proc in procs]
    assert codes == [0, 0]  # SIGTERM: a clean stop
    assert registered_users(rt) == {u: ("en", "didi", f"Kamla {NAMES[n]}", f"Jai Maa {NAMES[n]}", True)
                                    for n, u in enumerate(users)}
    rt.close()


def _until_handled(rt, seconds: float = 180) -> None:
    """Wait (up to `seconds`) until no inbox row is pending."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with rt.db.sessions() as session:
            if not session.scalar(select(func.count()).select_from(InboxMessage)
                                  .where(InboxMessage.status == InboxStatus.PENDING)):
                return
        time.sleep(0.3)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid), "-f", "bot inbox"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = open(f"/proc/{pid}/stat").read() if os.path.exists(f"/proc/{pid}/stat") else ""
    return " Z " not in stat  # a zombie has ended


def test_the_worker_runs_handler_processes_and_a_killed_worker_leaves_none(queued, tmp_path):
    rt = Runtime.build(queued)
    users = [f"w{n}" for n in range(4)]
    for step in REGISTRATION:
        for n, user in enumerate(users):
            inbox.store(rt.db, sim(user, step.format(n=NAMES[n])))
    config = tmp_path / "config.yaml"
    config.write_text((ROOT / "config.yaml").read_text(encoding="utf-8").replace(
        "  processes: auto", "  processes: 2"), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": queued.database_url, "DIDI_HAAT_CONFIG": str(config)}
    worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _until_handled(rt)
        handlers = _children(worker.pid)
        assert len(handlers) == 2
    finally:
        worker.kill()  # a crash: no chance to stop its children
        worker.wait(30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in handlers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in handlers if _alive(pid)]
    assert registered_users(rt) == {u: ("en", "didi", f"Kamla {NAMES[n]}", f"Jai Maa {NAMES[n]}", True)
                                    for n, u in enumerate(users)}
    rt.close()
