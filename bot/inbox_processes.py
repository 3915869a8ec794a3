"""Inbox handler processes, started and watched by `python -m bot worker` (inbox.processes):
one Python process handles on one core at most, so the worker runs one per core.
They run `python -m bot inbox` at a lower CPU priority (inbox.nice), so on a shared machine the
webhooks' acknowledgments come first and handling takes the rest; a dead one is started again."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading

log = logging.getLogger(__name__)
CHECK_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # Linux prctl: a signal for the child when its parent dies


def _child_setup(nice: int) -> None:
    """In the child before exec: lower its priority, and end it if the worker dies (kill -9
    included), so a crashed worker leaves no handler behind holding rows."""
    if nice:
        os.nice(nice)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the child outlives a killed worker
        pass


class HandlerProcesses:
    def __init__(self, count: int, nice: int) -> None:
        self.count, self.nice = count, nice
        self._procs: list[subprocess.Popen] = []
        self._stop = threading.Event()
        self._watch: threading.Thread | None = None

    def _spawn(self) -> subprocess.Popen:
        nice = self.nice
        return subprocess.Popen([sys.executable, "-m", "bot", "inbox"], stdout=subprocess.DEVNULL,
                                preexec_fn=lambda: _child_setup(nice))

    def start(self) -> None:
        if self.count <= 0 or self._procs:
            return
        self._procs = [self._spawn() for _ in range(self.count)]
        self._watch = threading.Thread(target=self._watch_loop, name="inbox-processes", daemon=True)
        self._watch.start()

    def _watch_loop(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            for n, proc in enumerate(self._procs):
                if proc.poll() is not None and not self._stop.is_set():
                    log.warning("inbox handler process %s ended (%s); starting another", proc.pid, proc.returncode)
                    self._procs[n] = self._spawn()

    def stop(self, timeout: float = 15) -> None:
        self._stop.set()
        for proc in self._procs:
            proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._procs = []
