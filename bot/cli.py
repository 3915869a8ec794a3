"""Command line: `python -m bot serve | worker | set-webhook | staff add | staff list | db upgrade | parse |
notice report | contacts import | prices import | status | backup | restore | user delete |
events | facilities | digests run`."""
from __future__ import annotations

import argparse
import csv
import gc
import re
import signal
import sys
import threading
from pathlib import Path

from .config import ConfigError, load_settings

_MOBILE = re.compile(r"^(?:\+?91|0)?([6-9]\d{9})$")
_OFFICE_PHONE = re.compile(r"\+?\d{6,15}")  # an office line: STD code and number, or a mobile


def _settings(**overrides):
    try:
        return load_settings(overrides=overrides)
    except ConfigError as exc:
        sys.exit(f"configuration error: {exc}")


def _runtime(settings):
    from .db import migrate
    from .runtime import Runtime

    migrate(settings.database_url)
    return Runtime.build(settings)


def serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from .app import create_app
    from .scheduler import build_scheduler

    settings = _settings(simulator_enabled=not args.no_simulator)
    rt = _runtime(settings)
    app = create_app(rt=rt)
    rt.dispatcher.start()
    inbox = _inbox(rt)
    scheduler = build_scheduler(rt)
    scheduler.start()
    channels = ", ".join(sorted(rt.senders)) or "none"
    print(f"Didi Haat on http://{args.host}:{args.port}  channels: {channels}", flush=True)
    if settings.simulator_enabled:
        print(f"chat simulator: http://{args.host}:{args.port}/simulator", flush=True)
    try:
        run_simple(args.host, args.port, app, threaded=True, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)
        inbox.stop()
        rt.close()
    return 0


def _inbox(rt, processes: int = 0):
    """Handler threads over the inbox, when the webhooks store messages (inbox.mode) and no
    handler processes do it instead."""
    from .inbox import Inbox

    inbox = Inbox(rt.db, rt.settings, on_handled=rt.dispatcher.wake)
    if rt.settings.inbox.queue and not processes:
        inbox.start()
    return inbox


def worker(args: argparse.Namespace) -> int:
    """Send the outbox (any number of workers); run the scheduler in the one holding the lock."""
    from . import metrics
    from .leader import Leader
    from .ops import heartbeat
    from .scheduler import build_scheduler

    rt = _runtime(_settings())
    scheduler = build_scheduler(rt)

    def lead() -> None:
        scheduler.resume() if scheduler.running else scheduler.start()

    def lose() -> None:  # another worker may hold the lock now: stop running jobs here
        if scheduler.running:
            scheduler.pause()

    leader = Leader(rt.db, on_lead=lead, on_lose=lose, poll_seconds=rt.settings.scheduler_lock_poll_seconds)
    signal.signal(signal.SIGTERM, lambda *_: rt.dispatcher.stop())
    leader.start()
    heartbeat.start(rt, "worker")  # `status` and /healthz/worker see it alive
    metrics.serve_for_worker(rt)  # its send counters, when METRICS_PORT is set
    helpers = _inbox_processes(rt)
    inbox = _inbox(rt, helpers.count)
    print(f"worker sending via: {', '.join(sorted(rt.senders)) or 'none'}", flush=True)
    # What starting up made lives as long as the process: keep it out of the collector's full
    # passes, which otherwise stop every thread for a tenth of a second and bunch paced sends.
    gc.collect()
    gc.freeze()
    # The sender loop's thread waits for the GIL while the pump and inbox threads work: hand it
    # over every 1 ms rather than Python's 5, so a paced send is not held that long past its turn.
    sys.setswitchinterval(0.001)
    try:
        rt.dispatcher.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        leader.stop()
        if scheduler.running:
            scheduler.shutdown(wait=False)
        helpers.stop()
        inbox.stop()
        rt.close()
    return 0


def _inbox_processes(rt):
    """The handler processes (inbox.processes), when the webhooks store messages."""
    from .inbox_processes import HandlerProcesses

    helpers = HandlerProcesses(rt.settings.inbox.processes if rt.settings.inbox.queue else 0, rt.settings.inbox.nice)
    helpers.start()
    return helpers


def inbox_worker(args: argparse.Namespace) -> int:
    """Only the inbox's handler threads: start as many of these as the load needs, on any machine
    (`worker` runs them too, with the one scheduler and the outbox)."""
    from .inbox import Inbox

    rt = _runtime(_settings())
    if not rt.settings.inbox.queue:
        sys.exit("inbox.mode is inline here (SQLite?): the webhooks handle messages themselves")
    inbox = Inbox(rt.db, rt.settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    inbox.start()
    print(f"inbox: {rt.settings.inbox.threads} handler threads", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        inbox.stop()
        rt.close()
    return 0


def set_webhook(args: argparse.Namespace) -> int:
    from .channels.telegram import TelegramSender

    settings = _settings()
    if settings.telegram is None:
        sys.exit("set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first")
    base = args.url or settings.public_base_url
    if not base:
        sys.exit("set PUBLIC_BASE_URL (or pass --url)")
    from concurrent.futures import TimeoutError as WaitedTooLong

    from telegram.error import InvalidToken, TelegramError

    sender = TelegramSender(settings.telegram.token, base_url=settings.telegram.api_base_url)
    url = base.rstrip("/") + "/webhook/telegram"
    try:
        ok = sender.set_webhook(url, settings.telegram.webhook_secret, settings.telegram_allowed_updates)
    except InvalidToken:
        sys.exit("set-webhook failed: Telegram refused TELEGRAM_BOT_TOKEN (check it in @BotFather)")
    except (TelegramError, WaitedTooLong, OSError) as exc:  # no network, DNS, Telegram down
        sys.exit(f"set-webhook failed: could not reach Telegram ({type(exc).__name__}: {exc}); check the network and retry")
    finally:
        sender.close()
    print(f"webhook {'set' if ok else 'NOT set'}: {url}")
    return 0 if ok else 1


def staff_add(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from models import Role, User

    from . import places

    mobile = _MOBILE.match(re.sub(r"[\s-]", "", args.phone))
    if not mobile:
        sys.exit(f"--phone: not an Indian mobile number: {args.phone}")
    phone = "+91" + mobile.group(1)
    district = places.find_district(args.district)
    if district is None:
        sys.exit(f"--district: no Bihar district called {args.district!r}")
    block = None
    if args.block:
        block = places.find_block(district.code, args.block)
        if block is None:
            names = ", ".join(b.name_en for b in places.blocks_of(district.code))
            sys.exit(f"--block: {args.block!r} is not a block of {district.name_en} ({names})")
    office = None
    if args.office_phone is not None:
        office = re.sub(r"[\s-]", "", args.office_phone)
        if office and not _OFFICE_PHONE.fullmatch(office):
            sys.exit(f"--office-phone: not a phone number (digits, e.g. 06115-223344): {args.office_phone}")
    rt = _runtime(_settings())
    try:
        with rt.db.session() as session:
            # Only a phone the channel vouched for can be claimed: a number someone typed is not proof.
            user = session.scalar(select(User).where(User.phone == phone, User.phone_verified)
                                  .order_by(User.id).limit(1))
            if user is None:
                user = User(phone=phone, phone_verified=True)
                if args.whatsapp:  # WhatsApp addresses are the phone: reachable before they write
                    user.channel, user.address = "whatsapp", f"whatsapp:{phone}"
                session.add(user)
            user.role = Role.ADMIN if args.admin else Role.STAFF
            user.name = args.name or user.name
            user.district_code, user.block_code = district.code, block.code if block else None
            user.language = user.language or args.language
            user.onboarded = True
            if office is not None:  # "" removes it
                user.office_phone = office or None
        area = f"{block.name_en}, {district.name_en}" if block else f"{district.name_en} (whole district)"
        print(f"{user.role} {user.name or ''} {phone}: {area}")
    finally:
        rt.close()
    return 0


def staff_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from models import Role, User

    from . import places

    rt = _runtime(_settings())
    try:
        with rt.db.sessions() as session:
            for user in session.scalars(select(User).where(User.role.in_([Role.STAFF, Role.ADMIN])).order_by(User.id)):
                d = places.district_by_code(user.district_code) if user.district_code else None
                b = places.block_by_code(user.block_code) if user.block_code else None
                print(f"{user.role}\t{user.phone}\t{user.name or ''}\t{d.name_en if d else '-'}\t{b.name_en if b else '-'}"
                      f"\t{user.channel or 'not yet written'}")
    finally:
        rt.close()
    return 0


def user_delete(args: argparse.Namespace) -> int:
    """Erase a user's personal data on her request made by phone or in person (DPDP Act)."""
    from sqlalchemy import select

    from models import User, utcnow

    from .privacy import erase

    mobile = _MOBILE.match(re.sub(r"[\s-]", "", args.phone))
    if not mobile:
        sys.exit(f"--phone: not an Indian mobile number: {args.phone}")
    phone = "+91" + mobile.group(1)
    rt = _runtime(_settings())
    try:
        with rt.db.session() as session:
            users = list(session.scalars(select(User).where(User.phone == phone)))
            told = sum(erase(session, rt.settings, user, utcnow()) for user in users)
    finally:
        rt.close()
    if not users:
        sys.exit(f"no user with phone {phone}")
    print(f"erased {len(users)} user(s) with phone {phone}; {told} counterparties told")
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    from .db import migrate

    migrate(_settings().database_url)
    print("database is up to date")
    return 0


def status(args: argparse.Namespace) -> int:
    from .ops.status import report

    rt = _runtime(_settings())
    try:
        print(report(rt))
    finally:
        rt.close()
    return 0


def backup(args: argparse.Namespace) -> int:
    from .ops.backup import BackupError, backup as make

    try:
        print(f"backup written: {make(_settings(), args.to)}")
    except BackupError as exc:
        sys.exit(f"backup failed: {exc}")
    return 0


def restore(args: argparse.Namespace) -> int:
    from .db import migrate
    from .ops.backup import BackupError, restore as put_back

    settings = _settings()
    try:
        photos = put_back(settings, args.archive, force=args.force)
    except (BackupError, OSError) as exc:
        sys.exit(f"restore failed: {exc}")
    migrate(settings.database_url)  # a backup from an older version gets today's schema
    print(f"restored {args.archive} ({photos} photos)")
    return 0


def parse(args: argparse.Namespace) -> int:
    from .parser.cli import run

    return run(sys.stdin, sys.stdout)


def prices_import(args: argparse.Namespace) -> int:
    from .prices import api, importer

    rt = _runtime(_settings())
    try:
        if args.file:
            counts = importer.import_file(rt, args.file)
        else:
            counts = importer.import_api(rt)
    except FileNotFoundError:
        sys.exit(f"no such file: {args.file}")
    except (api.ApiError, UnicodeDecodeError, csv.Error) as exc:
        sys.exit(f"price import: {exc}")
    finally:
        rt.close()
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Didi Haat chatbot")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the bot: webhooks, simulator, outbox and scheduler in one process")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-simulator", action="store_true", help="do not serve /simulator")
    s.set_defaults(func=serve)

    sub.add_parser("worker", help="send the outbox; the worker holding the scheduler lock also runs timed jobs"
                   ).set_defaults(func=worker)

    sub.add_parser("inbox", help="handle stored incoming messages (any number of these processes)").set_defaults(
        func=inbox_worker)

    w = sub.add_parser("set-webhook", help="register the Telegram webhook with its secret")
    w.add_argument("--url", help="public base URL (default: PUBLIC_BASE_URL)")
    w.set_defaults(func=set_webhook)

    staff = sub.add_parser("staff", help="enrol block staff and admins").add_subparsers(dest="staff_command", required=True)
    a = staff.add_parser("add", help="add or update a staff member")
    a.add_argument("--phone", required=True)
    a.add_argument("--district", required=True)
    a.add_argument("--block", help="omit for district-level staff")
    a.add_argument("--name")
    a.add_argument("--language", choices=["hi", "en"], default="hi")
    a.add_argument("--admin", action="store_true", help="district/state admin instead of block staff")
    a.add_argument("--whatsapp", action="store_true", help="reachable on WhatsApp at this number")
    a.add_argument("--office-phone", help="the office's phone for a notice's \"more information\" (\"\" removes it)")
    a.set_defaults(func=staff_add)
    staff.add_parser("list", help="list staff and admins").set_defaults(func=staff_list)

    users = sub.add_parser("user", help="a user's personal data").add_subparsers(dest="user_command", required=True)
    d = users.add_parser("delete", help="erase a user's personal data (DPDP Act request)")
    d.add_argument("--phone", required=True)
    d.set_defaults(func=user_delete)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply Alembic migrations").set_defaults(func=db_upgrade)

    sub.add_parser("status", help="queues, last sends, workers, scheduler leader, errors needing a human"
                   ).set_defaults(func=status)

    b = sub.add_parser("backup", help="back up the database and the photos into one tar file")
    b.add_argument("--to", type=Path, default=Path("backups"), help="folder for the backup (default: backups/)")
    b.set_defaults(func=backup)
    r = sub.add_parser("restore", help="restore a backup made by `backup`")
    r.add_argument("archive", type=Path)
    r.add_argument("--force", action="store_true", help="overwrite a database that already holds users")
    r.set_defaults(func=restore)
    prices = sub.add_parser("prices", help="mandi prices").add_subparsers(dest="prices_command", required=True)
    pi = prices.add_parser("import", help="import AGMARKNET reports: a CSV file, or data.gov.in (DATA_GOV_IN_API_KEY)")
    pi.add_argument("file", nargs="?", help="a CSV downloaded from AGMARKNET or data.gov.in")
    pi.set_defaults(func=prices_import)

    sub.add_parser("parse", help="parse messages from stdin, one JSON object per line").set_defaults(func=parse)
    from .notices.cli import add_commands

    add_commands(sub, _with_runtime)

    from .events.cli import register as events_commands
    from .facilities_csv import register as facilities_commands

    events_commands(sub, _runtime, _settings)
    facilities_commands(sub, _runtime, _settings)
    from .digests.run import register as digests_commands

    digests_commands(sub, _with_runtime)
    return p


def _with_runtime(func):
    """A command that needs the database: `func(args, runtime)`, closed afterwards."""
    def run(args: argparse.Namespace) -> int:
        rt = _runtime(_settings())
        try:
            return func(args, rt)
        finally:
            rt.close()
    return run


def main(argv: list[str] | None = None) -> int:
    from . import logs

    logs.configure()
    args = build_parser().parse_args(argv)
    return args.func(args)
