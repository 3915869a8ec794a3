"""JEEViKA rosters: didis' names, phones and places from a CSV, checked line by line the way
onboarding checks them. Same phone = same person: a re-run updates what the roster brought and
never touches someone who registered herself. Imported contacts reach WhatsApp by phone; Telegram
cannot write to anyone before she starts the bot."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import places
from models import Role, User

COLUMNS = ("name", "phone", "district", "block", "shg", "language", "consent")
REQUIRED = ("name", "phone", "district", "block", "consent")
_MOBILE = re.compile(r"^(?:\+?91|0)?([6-9]\d{9})$")
_YES = {"yes", "y", "true", "1", "haan", "ha", "han", "हाँ", "हां", "हा", "सहमत"}
_NO = {"no", "n", "false", "0", "nahi", "nahin", "नहीं", "ना", "असहमत"}
_LANGUAGES = {"": "hi", "hi": "hi", "hindi": "hi", "हिन्दी": "hi", "हिंदी": "hi", "en": "en", "english": "en",
              "अंग्रेज़ी": "en", "अंग्रेजी": "en"}


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    registered: int = 0  # already chatting with the bot: left as she set herself up
    with_consent: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def _phone(text: str) -> str | None:
    match = _MOBILE.match(re.sub(r"[\s\-().]", "", text))
    return "+91" + match.group(1) if match else None


def _name(text: str) -> bool:
    return 2 <= len(text) <= 60 and any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)


def _check(row: dict[str, str]) -> tuple[dict, str | None]:
    """The row's values as a user's fields, or the reason it is refused."""
    missing = [c for c in REQUIRED if not row.get(c)]
    if missing:
        return {}, f"missing {', '.join(missing)}"
    phone = _phone(row["phone"])
    if phone is None:
        return {}, f"phone {row['phone']!r} is not an Indian mobile number"
    if not _name(row["name"]):
        return {}, f"name {row['name']!r} is not a name"
    district = places.find_district(row["district"])
    if district is None:
        return {}, f"no Bihar district called {row['district']!r}"
    block = places.find_block(district.code, row["block"])
    if block is None:
        return {}, f"{row['block']!r} is not a block of {district.name_en}"
    language = _LANGUAGES.get(row.get("language", "").lower())
    if language is None:
        return {}, f"language {row['language']!r} is not Hindi or English"
    consent = row["consent"].lower()
    if consent not in _YES | _NO:
        return {}, f"consent {row['consent']!r} is not yes or no"
    shg = " ".join(row.get("shg", "").split())[:120] or None
    return dict(phone=phone, name=" ".join(row["name"].split()), district_code=district.code, block_code=block.code,
                shg_name=shg, language=language, roster_consent=consent in _YES), None


def import_rows(session: Session, rows: list[tuple[int, dict[str, str]]]) -> ImportReport:
    report = ImportReport()
    seen: dict[str, int] = {}
    for line, raw in rows:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        values, problem = _check(row)
        if problem is None and values["phone"] in seen:
            problem = f"same phone as line {seen[values['phone']]}"
        if problem is not None:
            report.rejected.append((line, problem))
            continue
        seen[values["phone"]] = line
        phone, address = values["phone"], f"whatsapp:{values['phone']}"
        user = session.scalar(select(User).where(or_(User.phone == phone, User.address == address))
                              .order_by(User.onboarded.desc(), User.id).limit(1))
        if user is not None and (user.onboarded or user.roster_consent is None):
            report.registered += 1  # she (or staff) registered already: her own answers stand
            continue
        if user is None:
            user = User(channel="whatsapp", address=address, role=Role.DIDI, onboarded=False)
            session.add(user)
            report.added += 1
        elif all(getattr(user, k) == v for k, v in values.items()):
            report.unchanged += 1
        else:
            report.updated += 1
        for key, value in values.items():
            setattr(user, key, value)
        report.with_consent += 1 if values["roster_consent"] else 0
        session.flush()
    return report


def read_csv(stream: IO[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers in the file (the header is line 1)."""
    reader = csv.DictReader(stream)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(f"the first line must name the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}")
    reader.fieldnames = header
    return [(reader.line_num, row) for row in reader]


def summary(report: ImportReport) -> str:
    lines = [f"line {n}: {reason}" for n, reason in report.rejected]
    lines.append(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
                 f"already registered {report.registered}, rejected {len(report.rejected)}")
    lines.append(f"{report.with_consent} with consent can get notices on WhatsApp (by an approved template "
                 f"until they write; they finish registering when they first write).")
    lines.append("Telegram cannot message anyone who has not started the bot: these contacts get notices on "
                 "Telegram only after they open it themselves and share their phone.")
    return "\n".join(lines)
