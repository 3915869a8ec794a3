"""Fan-out benchmark: N users in PostgreSQL (all Bihar's didis, 2/3 on WhatsApp, 1/3 on Telegram),
then the time bot.notices.fanout takes to create one outbox row per recipient for an all-Bihar
notice, and the time a second (resumed) run takes to find nothing left to do.

    .venv/bin/python bench/notice_fanout_bench.py --users 1000000 [--chunk 5000] [--json]

It uses a schema of its own (dropped at the end) in --url, else $BENCH_DATABASE_URL, else
postgresql+psycopg://postgres@127.0.0.1:5432/test."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings  # noqa: E402
from bot.db import Database, migrate  # noqa: E402
from bot.notices import fanout  # noqa: E402
from models import Notice, NoticeStatus, OutboxMessage, User, utcnow  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=1_000_000)
    p.add_argument("--chunk", type=int, default=5000)
    p.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    p.add_argument("--json", action="store_true", help="one JSON object on the last line")
    args = p.parse_args()
    schema = f"bench_fanout_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{args.url}{'&' if '?' in args.url else '?'}options=-csearch_path%3D{schema}"
    try:
        migrate(url)
        db = Database(url)
        settings = load_settings(env={"DATABASE_URL": url})
        settings = replace(settings, notices=replace(settings.notices, fanout_chunk=args.chunk))
        started = time.perf_counter()
        with db.session() as session:  # users straight from generate_series: loading is not what is measured
            session.execute(text(
                "INSERT INTO users (channel, address, role, language, district_code, block_code, onboarded, opted_out,"
                " unreachable, phone_verified, created_at) SELECT CASE WHEN g % 3 = 0 THEN 'telegram' ELSE 'whatsapp'"
                " END, CASE WHEN g % 3 = 0 THEN (7000000000 + g)::text ELSE 'whatsapp:+91' || (6000000000 + g)::text"
                " END, 'didi', CASE WHEN g % 5 = 0 THEN 'en' ELSE 'hi' END, 212 + g % 38, g % 534, true, g % 50 = 0,"
                " false, true, now() FROM generate_series(1, :n) AS g"), {"n": args.users})
            staff = User(role="admin", district_code=212, onboarded=True, channel="simulator", address="admin")
            session.add(staff)
            session.flush()
            notice = Notice(author_id=staff.id, text_hi="जीविका: लोन कैंप कल", text_en="JEEViKA: loan camp tomorrow",
                            area="bihar", area_codes=[], audience="didis", status=NoticeStatus.SENDING, started_at=utcnow())
            session.add(notice)
            session.flush()
            notice_id = notice.id
        with db.session() as session:
            session.execute(text("ANALYZE users"))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        fanout.fan_out(db, settings, notice_id, utcnow())
        seconds = time.perf_counter() - started
        with db.sessions() as session:
            rows = session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.notice_id == notice_id))
            skipped = session.get(Notice, notice_id).skipped_opted_out
        with db.session() as session:
            again = session.get(Notice, notice_id)
            again.fanout_after, again.fanned_out_at = 0, None
        started = time.perf_counter()
        fanout.fan_out(db, settings, notice_id, utcnow())
        resumed = time.perf_counter() - started
        with db.sessions() as session:
            after = session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.notice_id == notice_id))
        db.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print(f"users loaded: {args.users:,} in {loaded:.1f} s (not measured)")
    print(f"fan-out: {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s), chunk {args.chunk:,}; "
          f"{skipped:,} opted out and counted")
    print(f"resumed from the start: {resumed:.1f} s, rows afterwards {after:,} (duplicated {after - rows:,})")
    if args.json:
        print(json.dumps({"users": args.users, "rows": rows, "fanout_seconds": round(seconds, 2),
                          "resume_seconds": round(resumed, 2), "duplicated": after - rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
