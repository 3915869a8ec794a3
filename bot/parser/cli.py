"""Command line: one message per input line -> one JSON object per output line (`to_json()`)."""
from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.parser.parse import parse


def run(stdin: TextIO, stdout: TextIO) -> int:
    """Parse every line of `stdin` and write its JSON to `stdout`; returns the exit status."""
    for line in stdin:
        text = line.rstrip("\r\n")
        stdout.write(json.dumps(parse(text).to_json(), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def main() -> int:
    """Entry point for `python -m bot.parser.cli` (UTF-8 in and out)."""
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return run(sys.stdin, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
