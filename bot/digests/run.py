"""Posting digests: every registered group with something new gets its digest, through the
outbox (so each group's own rate, 20 messages a minute on Telegram, is kept). The scheduled runs
skip quiet hours and a group that had one within `digests.every_hours`; `python -m bot digests
run` posts whatever is new now, whatever the hour."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot import outbox
from models import GroupChat, OutboxKind, utcnow

from . import city, village
from .settings import digest_settings

BUILDERS = {"buyers": city.digest, "didis": village.digest}


def run(rt, now: datetime | None = None, *, audience: str | None = None, force: bool = False) -> int:
    """Post the due digests (of one audience, or both); returns how many were queued."""
    from bot.quiet_hours import quiet

    now = now or utcnow()
    if not force and quiet(rt.settings, now):
        return 0
    digests = digest_settings(rt.settings)
    gap = timedelta(hours=digests.every_hours)
    posted = 0
    with rt.db.session() as session:
        groups = session.scalars(select(GroupChat).where(
            GroupChat.active, GroupChat.audience.in_([audience] if audience else list(BUILDERS)),
            GroupChat.district_code.is_not(None)).order_by(GroupChat.id))
        for group in groups:
            if not force and group.digest_sent_at is not None and now - group.digest_sent_at < gap:
                continue
            since = group.digest_until or now - timedelta(days=digests.first_days)
            built = BUILDERS[group.audience](session, rt.settings, digests, group, since, now,
                                             lang=group.language or "hi")
            if built is None:
                continue
            message, newest = built
            outbox.enqueue(session, group.channel, group.chat_id, message, kind=OutboxKind.PUSH)
            # up to the newest item shown, not `now`: one committed a moment after this read still counts as new
            group.digest_until, group.digest_sent_at = newest, now
            posted += 1
    return posted


def city_groups(rt, now: datetime | None = None) -> int:
    return run(rt, now, audience="buyers")


def village_groups(rt, now: datetime | None = None) -> int:
    return run(rt, now, audience="didis")


def jobs(rt) -> list[tuple[str, object, dict]]:
    """The scheduler's digest jobs: one cron job per configured time (Bihar time)."""
    digests = digest_settings(rt.settings)
    out = []
    for name, func, times in (("city_digest", city_groups, digests.city_at),
                              ("village_digest", village_groups, digests.village_at)):
        for n, (hour, minute) in enumerate(times):
            out.append((f"{name}_{n}", func, {"trigger": "cron", "hour": hour, "minute": minute}))
    return out


def register(sub, with_runtime) -> None:
    """`python -m bot digests run [--city | --village]`."""
    digests = sub.add_parser("digests", help="group digests").add_subparsers(dest="digests_command", required=True)
    r = digests.add_parser("run", help="post every digest that has something new now, whatever the hour")
    which = r.add_mutually_exclusive_group()
    which.add_argument("--city", action="store_true", help="only city (buyers') groups")
    which.add_argument("--village", action="store_true", help="only village (didis') groups")

    def command(args, rt) -> int:
        audience = "buyers" if args.city else "didis" if args.village else None
        count = run(rt, audience=audience, force=True)
        rt.dispatcher.wake()
        print(f"{count} digest(s) queued")
        return 0

    r.set_defaults(func=with_runtime(command))
