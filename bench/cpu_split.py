"""Where a benchmark's CPU went: seconds of CPU (user + system) per part of the system, read from
/proc (Linux), so a figure can say what each part costs per message.

    before = snapshot(); ...; spent = since(before)  # {"webhooks (gunicorn)": 12.3, ...}"""
from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
# (part, what its command line holds), first match wins; a load generator that has ended (wrk) is counted by
# its parent, from os.times()
PARTS = [("webhooks (gunicorn)", "gunicorn"), ("handlers (bot inbox)", "-m bot inbox"),
         ("sender + scheduler (bot worker)", "-m bot worker"), ("PostgreSQL", "postgres")]
HERE = "this process (stand-ins)"


def _part(pid: int, cmdline: str) -> str | None:
    if pid == os.getpid():
        return HERE
    return next((part for part, needle in PARTS if needle in cmdline), None)


def snapshot() -> dict[int, tuple[str, float]]:
    """{pid: (part, CPU seconds so far)} of the processes that belong to a part."""
    seen: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        part = _part(int(entry.name), cmdline)
        if part is None:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
        seen[int(entry.name)] = (part, (int(fields[11]) + int(fields[12])) / TICK)  # utime, stime
    return seen


def since(before: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds each part used since `before` (a process started meanwhile counts from zero;
    one that ended meanwhile is not counted: take this while the parts still run)."""
    spent: dict[str, float] = {}
    for pid, (part, seconds) in snapshot().items():
        spent[part] = spent.get(part, 0.0) + seconds - before.get(pid, (part, 0.0))[1]
    return {part: round(seconds, 1) for part, seconds in sorted(spent.items(), key=lambda kv: -kv[1])}
