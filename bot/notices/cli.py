"""`python -m bot notice report N [--csv FILE]` and `python -m bot contacts import FILE.csv`."""
from __future__ import annotations

import argparse
import sys


def notice_report(args: argparse.Namespace, rt) -> int:
    from models import Notice

    from . import area, report

    with rt.db.sessions() as session:
        notice = session.get(Notice, args.id)
        if notice is None:
            sys.exit(f"no notice #{args.id}")
        print(f"notice #{notice.id} · {notice.status} · {area.describe('en', notice.area, list(notice.area_codes))}")
        print(report.in_words("en", report.summarise(session, notice)))
        if args.csv:
            with open(args.csv, "w", newline="", encoding="utf-8") as out:
                rows = report.write_csv(session, notice, out)
            print(f"{rows} rows written to {args.csv}")
    return 0


def contacts_import(args: argparse.Namespace, rt) -> int:
    from . import roster

    try:
        with open(args.file, newline="", encoding="utf-8-sig") as stream:
            rows = roster.read_csv(stream)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sys.exit(f"{args.file}: {exc}")
    with rt.db.session() as session:
        result = roster.import_rows(session, rows)
    print(roster.summary(result))
    return 0


def add_commands(sub, run) -> None:
    """Register the subcommands; `run(func)` wraps a function taking (args, runtime)."""
    n = sub.add_parser("notice", help="notices staff sent").add_subparsers(dest="notice_command", required=True)
    r = n.add_parser("report", help="what a notice reached, by reason; --csv writes one row per recipient")
    r.add_argument("id", type=int)
    r.add_argument("--csv", metavar="FILE")
    r.set_defaults(func=run(notice_report))
    c = sub.add_parser("contacts", help="contacts from JEEViKA rosters").add_subparsers(dest="contacts_command",
                                                                                         required=True)
    i = c.add_parser("import", help="import name, phone, district, block, shg, language, consent from a CSV")
    i.add_argument("file")
    i.set_defaults(func=run(contacts_import))
