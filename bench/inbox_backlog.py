"""The workers' batch query under a backlog: its time (EXPLAIN ANALYZE) with `--backlog` pending
messages from 2,000 didis, first with the statistics of the emptied inbox (a burst autovacuum has
not analyzed yet), then after ANALYZE; and one handler thread's rate on that backlog. PostgreSQL,
in its own database (default didihaat_backlog, made again each run).

    .venv/bin/python bench/inbox_backlog.py [--backlog 20000] [--batches 10]"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inbound_profile import messages  # noqa: E402
from bench.seeding import fresh_database, seed  # noqa: E402
from bot import inbox  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402


def batch_query_ms(rt: Runtime) -> float:
    sql = str(inbox.next_batch_query(rt.settings.inbox.batch_size)
              .compile(rt.db.engine, compile_kwargs={"literal_binds": True}))
    with rt.db.engine.connect() as conn:
        plan = "\n".join(row[0] for row in conn.execute(text("EXPLAIN ANALYZE " + sql)))
    return float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--backlog", type=int, default=20000)
    p.add_argument("--batches", type=int, default=10)
    p.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_backlog")
    args = p.parse_args()
    url = fresh_database(args.url)
    seed(url, 2000)
    rt = Runtime.build(load_settings(env={"DATABASE_URL": url}), senders={})
    for msg in messages(args.backlog, 2000, 1):
        inbox.store(rt.db, msg)
    print(f"batch query with {args.backlog:,} pending: {batch_query_ms(rt):.1f} ms before ANALYZE", end="")
    with rt.db.engine.begin() as conn:
        conn.execute(text("ANALYZE inbox"))
    print(f", {batch_query_ms(rt):.1f} ms after")
    worker = inbox.Inbox(rt.db, rt.settings)
    started, handled = time.perf_counter(), 0
    for _ in range(args.batches):
        handled += worker.run_once()
    elapsed = time.perf_counter() - started
    print(f"one handler thread on that backlog: {handled} in {elapsed:.2f} s = {handled / elapsed:.0f}/s "
          f"({elapsed / handled * 1000:.2f} ms a message)")
    rt.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
