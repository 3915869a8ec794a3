"""Per-message cost of handling: SQL statements per realistic listing message (counted with
SQLAlchemy's cursor event) and a pyinstrument profile of the handling, on PostgreSQL.

    .venv/bin/python bench/inbound_profile.py [--messages 300] [--profile] [--url postgresql+psycopg://...]

Uses its own database (default didihaat_profile, made again each run). Counts both paths: inline
(`bot.inbound.receive`, as `serve` on SQLite) and the inbox worker's (`bot.inbox`), when present."""
from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seeding import fresh_database, seed  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.inbound import receive  # noqa: E402
from bot.messages import Incoming  # noqa: E402
from bot.runtime import Runtime  # noqa: E402

TEXTS = ["50 kilo makhana hai 700 rupaye kilo", "20 kg shahad hai 450 rs kilo", "मेरे पास 30 किलो मखाना है 650 रुपये किलो",
         "100 kilo aloo hai 14 rupaye kilo", "2 quintal pyaz 1800 rupaye quintal", "10 saree hai 800 rupaye piece",
         "25 kilo haldi hai 120 rupaye kilo", "40 litre doodh 50 rupaye litre", "makhana 15 kilo 720", "5 quintal gehu hai"]


def messages(n: int, users: int, start: int) -> list[Incoming]:
    rnd = random.Random(start)
    return [Incoming(channel="telegram", address=str(900000000 + rnd.randint(1, users)), provider_id=str(start + i),
                     text=rnd.choice(TEXTS), name="Didi") for i in range(n)]


class Counter:
    def __init__(self, engine) -> None:
        self.count, self.kinds = 0, collections.Counter()
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, conn, cursor, statement, params, context, executemany) -> None:
        self.count += 1
        words = statement.split()
        if words[0] in ("SAVEPOINT", "RELEASE"):
            self.kinds[words[0]] += 1
            return
        table = next((w for w in words[1:8] if w.islower() and w.isidentifier() and w not in ("from", "into", "set")), "")
        self.kinds[f"{words[0]} {table}"] += 1


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--messages", type=int, default=300)
    p.add_argument("--users", type=int, default=2000)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/didihaat_profile")
    args = p.parse_args()
    url = fresh_database(args.url)
    seed(url, args.users)
    settings = load_settings(env={"DATABASE_URL": url})
    rt = Runtime.build(settings, senders={})
    counter = Counter(rt.db.engine)
    batch = messages(args.messages, args.users, 1)
    for msg in messages(20, args.users, 10**6):  # warm: imports, caches, connections
        receive(rt.db, rt.settings, msg)
    counter.count, counter.kinds = 0, collections.Counter()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    for msg in batch:
        receive(rt.db, rt.settings, msg)
    elapsed = time.perf_counter() - started
    if profiler:
        profiler.stop()
    print(f"inline: {counter.count / len(batch):.2f} SQL statements per message, "
          f"{elapsed / len(batch) * 1000:.2f} ms per message (one thread)")
    for kind, n in counter.kinds.most_common(15):
        print(f"  {n / len(batch):5.2f}  {kind}")
    try:
        from bot import inbox
    except ImportError:
        inbox = None
    if inbox is not None:
        queued = messages(args.messages, args.users, 2 * 10**6)
        for msg in queued:
            inbox.store(rt.db, msg)
        counter.count, counter.kinds = 0, collections.Counter()
        worker = inbox.Inbox(rt.db, rt.settings)
        worker_profiler = None
        if args.profile:
            from pyinstrument import Profiler

            worker_profiler = Profiler()
            worker_profiler.start()
        started = time.perf_counter()
        while worker.run_once():
            pass
        elapsed = time.perf_counter() - started
        if worker_profiler:
            worker_profiler.stop()
        print(f"inbox worker: {counter.count / len(queued):.2f} SQL statements per message, "
              f"{elapsed / len(queued) * 1000:.2f} ms per message (one thread, batches of {rt.settings.inbox.batch_size})")
        for kind, n in counter.kinds.most_common(15):
            print(f"  {n / len(queued):5.2f}  {kind}")
    if profiler:
        print("inline path:\n" + profiler.output_text(unicode=True, color=False, show_all=False))
    if inbox is not None and worker_profiler:
        print("inbox worker path:\n" + worker_profiler.output_text(unicode=True, color=False, show_all=False))
    rt.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
