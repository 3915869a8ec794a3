"""`python -m bot events import FILE.csv [--invite --by PHONE]` and `python -m bot events list [--csv FILE]`."""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def register(sub, runtime, settings) -> None:
    """Add the `events` commands; `runtime()`/`settings()` are the CLI's own builders."""
    events = sub.add_parser("events", help="events: import from CSV, list with yes counts").add_subparsers(
        dest="events_command", required=True)
    i = events.add_parser("import", help="create events from a CSV file; bad rows are reported by line")
    i.add_argument("file", type=Path)
    i.add_argument("--invite", action="store_true",
                   help="send the new events' invitations now, as notices in the name of --by")
    i.add_argument("--by", metavar="PHONE", help="the staff member the invitations come from (their area's rules apply)")
    i.set_defaults(func=lambda args: import_csv(args, runtime, settings))
    ls = events.add_parser("list", help="upcoming events with invited / yes / no counts")
    ls.add_argument("--csv", type=Path, help="write the counts to this CSV file")
    ls.set_defaults(func=lambda args: list_events(args, runtime, settings))


def import_csv(args: argparse.Namespace, runtime, settings) -> int:
    from sqlalchemy import select

    from models import Role, User, utcnow

    from . import importer, invite, when

    if not args.file.is_file():
        sys.exit(f"no such file: {args.file}")
    if args.invite and not args.by:
        sys.exit("--invite needs --by PHONE: the staff member whose notice the invitations are")
    rt = runtime(settings())
    not_invited: list[tuple[int, str]] = []
    goes: dict[int, str] = {}  # event id -> when its invitation goes (quiet hours move it to the morning)
    try:
        now = utcnow()
        with rt.db.session() as session:
            author = None
            if args.invite:
                phone = "+91" + args.by.strip().removeprefix("+91")[-10:]
                author = session.scalar(select(User).where(User.phone == phone, User.role.in_([Role.STAFF, Role.ADMIN])))
                if author is None:
                    sys.exit(f"no staff member with phone {args.by}")
            try:
                report = importer.read(session, args.file, now, rt.settings.timezone)
            except (UnicodeDecodeError, csv.Error) as exc:
                sys.exit(f"{args.file}: not a readable UTF-8 CSV file ({exc})")
            invited = 0
            for event in report.created if author is not None else []:
                notice = invite.draft(session, event, author, rt.settings.timezone)
                if notice is None:
                    not_invited.append((event.id, "outside the area of the staff member given with --by"))
                    continue
                goes[event.id] = when.shown(invite.send(session, event, notice, now, rt.settings), rt.settings.timezone)
                invited += 1
            created = [(e.id, e.title, e.notice_id) for e in report.created]
        for line, reason in report.rejected:
            print(f"line {line}: rejected: {reason}")
        for event_id, title, notice_id in created:
            print(f"event #{event_id} created: {title}" + (f" (invitation: notice #{notice_id}, goes {goes[event_id]})" if event_id in goes else ""))
        for event_id, reason in not_invited:
            print(f"event #{event_id} not invited: {reason}")
        print(f"{len(created)} created, {len(report.rejected)} rejected"
              + (f", {invited} invitations scheduled" if args.invite else ""))
    finally:
        rt.close()
    return 1 if report.rejected or not_invited else 0


def list_events(args: argparse.Namespace, runtime, settings) -> int:
    from sqlalchemy import select

    from bot import places
    from models import Event, utcnow

    from . import invite, when

    rt = runtime(settings())
    rows = []
    try:
        with rt.db.sessions() as session:
            for event in session.scalars(select(Event).where(Event.starts_at > utcnow()).order_by(Event.starts_at)):
                yes, no, invited = invite.counts(session, event)
                district = places.district_by_code(event.district_code)
                block = places.block_by_code(event.block_code) if event.block_code else None
                rows.append({"id": event.id, "title": event.title, "kind": event.kind, "status": event.status,
                             "starts": when.shown(event.starts_at, rt.settings.timezone),
                             "district": district.name_en if district else "", "block": block.name_en if block else "",
                             "invited": invited, "yes": yes, "no": no})
    finally:
        rt.close()
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "title", "kind", "status", "starts", "district", "block",
                                                        "invited", "yes", "no"])
            writer.writeheader()
            writer.writerows(rows)
    for r in rows:
        print(f"#{r['id']}\t{r['starts']}\t{r['status']}\t{r['title']}\tinvited {r['invited']}\tyes {r['yes']}\tno {r['no']}")
    return 0
