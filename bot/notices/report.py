"""What happened to a notice: its rows counted by status, failures by reason in words, and one
line per recipient (masked phone) for block offices that work in spreadsheets."""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.i18n import t
from models import Notice, OutboxMessage, OutboxStatus, User

# Lines other parts add to a notice's report for its author (an event's invitation: who said yes).
EXTRA_LINES: list[Callable[[Notice, str], str | None]] = []


def extra_lines(notice: Notice, lang: str) -> list[str]:
    """What the hooks add to `notice`'s report, in `lang`."""
    return [line for hook in EXTRA_LINES if (line := hook(notice, lang))]

from .fanout import STOPPED

# Reasons, from the error a row ends with (ours, PTB's or Twilio's), to the words staff read.
_REASONS = [
    ("stopped", (STOPPED,)),
    ("opted_out", ("opted out", "twilio 21610")),
    ("needs_template", ("template", "24-hour window", "twilio 63016")),
    ("blocked", ("unreachable", "forbidden", "blocked")),
    ("not_on_whatsapp", ("twilio 63003", "twilio 63024", "twilio 21211", "twilio 21614", "not a valid")),
    ("rate_limited", ("429", "retryafter", "twilio 63018", "twilio 20429", "rate")),
    ("channel_off", ("is not configured",)),
]
_CODE = re.compile(r"\b(?:twilio )?(\d{3,5})\b")


def reason(error: str | None) -> str:
    text = (error or "").lower()
    for key, marks in _REASONS:
        if any(m in text for m in marks):
            return key
    return "other"


@dataclass
class Summary:
    total: int = 0
    queued: int = 0
    sent: int = 0  # left us: sent, delivered or read
    delivered: int = 0  # delivered or read
    read: int = 0
    failed: Counter = field(default_factory=Counter)  # reason -> rows failed or skipped


def summarise(session: Session, notice: Notice) -> Summary:
    rows = session.execute(select(OutboxMessage.status, OutboxMessage.error, func.count())
                           .where(OutboxMessage.notice_id == notice.id)
                           .group_by(OutboxMessage.status, OutboxMessage.error)).all()
    s = Summary()
    for status, error, n in rows:
        s.total += n
        if status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            s.queued += n
        elif status in (OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ):
            s.sent += n
            s.delivered += n if status != OutboxStatus.SENT else 0
            s.read += n if status == OutboxStatus.READ else 0
        else:
            s.failed[reason(error)] += n
    if notice.skipped_opted_out:
        s.failed["opted_out_before"] += notice.skipped_opted_out
    if notice.skipped_unreachable:
        s.failed["blocked_before"] += notice.skipped_unreachable
    return s


def in_words(lang: str, s: Summary) -> str:
    """ "कतार में 3 · भेजी 120 · पहुँची 100 · पढ़ी 40" and one line per reason it did not go."""
    lines = [t(lang, "notice.report_counts", total=s.total, queued=s.queued, sent=s.sent, delivered=s.delivered,
               read=s.read)]
    for key, n in sorted(s.failed.items(), key=lambda kv: -kv[1]):
        lines.append(t(lang, "notice.report_reason", count=n, reason=t(lang, f"notice.reason.{key}")))
    return "\n".join(lines)


def mask(phone: str | None) -> str:
    """ "+919812345678" -> "+91 98xxxxx678": enough for an office to recognise, not to dial."""
    if not phone:
        return ""
    digits = phone.removeprefix("+91")
    return f"+91 {digits[:2]}{'x' * (len(digits) - 5)}{digits[-3:]}" if len(digits) >= 8 else "x" * len(phone)


CSV_HEADER = ["recipient", "name", "phone", "channel", "status", "reason", "error_code", "error", "queued_at",
              "sent_at", "updated_at"]


def recipient_rows(session: Session, notice: Notice) -> Iterator[list[str]]:
    """One row per recipient, in CSV_HEADER's order (the CLI's CSV and the dashboard's)."""
    query = (select(OutboxMessage, User).outerjoin(User, User.id == OutboxMessage.user_id)
             .where(OutboxMessage.notice_id == notice.id).order_by(OutboxMessage.id))
    for row, user in session.execute(query.execution_options(yield_per=1000)):
        code = _CODE.search(row.error or "")
        failed = row.status in (OutboxStatus.FAILED, OutboxStatus.SKIPPED)
        yield [
            f"user {user.id}" if user else f"group {row.address}", (user.name or "") if user else "",
            mask(user.phone) if user else "", row.channel, row.status, reason(row.error) if failed else "",
            code.group(1) if code and failed else "", (row.error or "") if failed else "",
            row.created_at.isoformat(), row.sent_at.isoformat() if row.sent_at else "", row.updated_at.isoformat(),
        ]


def write_csv(session: Session, notice: Notice, out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    n = 0
    for row in recipient_rows(session, notice):
        writer.writerow(row)
        n += 1
    return n
