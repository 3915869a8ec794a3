"""`python -m bot facilities import FILE.csv`: the block offices' lists of centres, one per row
(kind, name, district, block, address, phone, hours, products, lat, lon); every row checked, bad
rows reported by line and not stored; a row naming a centre already there (same name, block and
kind) updates it, so the file can be run again."""
from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Facility

from . import facilities, places

REQUIRED = ["kind", "name", "district", "block"]


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _row(values: dict[str, str]) -> dict:
    """The facility's fields, or ValueError with the reason."""
    kind = facilities.kind_of(values.get("kind", ""))
    if kind is None:
        raise ValueError(f"unknown kind {values.get('kind')!r} (packaging, purchase, cfc, cold_storage, courier)")
    name = values.get("name", "")
    if not name or len(name) > 120:
        raise ValueError("name missing or longer than 120 characters")
    district = places.find_district(values.get("district", ""))
    if district is None:
        raise ValueError(f"no Bihar district called {values.get('district')!r}")
    block = places.find_block(district.code, values.get("block", ""))
    if block is None:
        raise ValueError(f"{values.get('block')!r} is not a block of {district.name_en}")
    phone = values.get("phone", "")
    if phone and not facilities.PHONE.match(phone):
        raise ValueError(f"phone {phone!r} does not look like a number")
    products = facilities.products_of(values.get("products", ""))
    if products is None:
        raise ValueError(f"a product in {values.get('products')!r} is not in the catalog")
    lat, lon = values.get("lat", ""), values.get("lon", "")
    try:
        point = (float(lat), float(lon)) if lat or lon else (None, None)
    except ValueError:
        raise ValueError("lat/lon must be numbers") from None
    if point[0] is not None and not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise ValueError("lat/lon out of range")
    return dict(kind=kind, name=name, district_code=district.code, block_code=block.code,
                address=values.get("address", "")[:200], phone=phone or None, hours=values.get("hours", "")[:120],
                products=products, lat=point[0], lon=point[1], active=True)


def read(session: Session, path: Path) -> Report:
    report = Report()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            report.rejected.append((1, f"missing columns: {', '.join(missing)}"))
            return report
        for row in reader:
            values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not any(values.values()):
                continue
            try:
                fields = _row(values)
            except ValueError as exc:
                report.rejected.append((reader.line_num, str(exc)))
                continue
            existing = session.scalar(select(Facility).where(
                Facility.name == fields["name"], Facility.block_code == fields["block_code"], Facility.kind == fields["kind"]))
            if existing is None:
                session.add(Facility(**fields))
                report.created += 1
            else:
                for key, value in fields.items():
                    setattr(existing, key, value)
                report.updated += 1
            session.flush()
    return report


def register(sub, runtime, settings) -> None:
    f = sub.add_parser("facilities", help="local facilities (packaging centres, purchase points...)").add_subparsers(
        dest="facilities_command", required=True)
    i = f.add_parser("import", help="add or update facilities from a CSV file; bad rows are reported by line")
    i.add_argument("file", type=Path)
    i.set_defaults(func=lambda args: import_csv(args, runtime, settings))


def import_csv(args: argparse.Namespace, runtime, settings) -> int:
    if not args.file.is_file():
        sys.exit(f"no such file: {args.file}")
    rt = runtime(settings())
    try:
        with rt.db.session() as session:
            try:
                report = read(session, args.file)
            except (UnicodeDecodeError, csv.Error) as exc:
                sys.exit(f"{args.file}: not a readable UTF-8 CSV file ({exc})")
    finally:
        rt.close()
    for line, reason in report.rejected:
        print(f"line {line}: rejected: {reason}")
    print(f"{report.created} created, {report.updated} updated, {len(report.rejected)} rejected")
    return 1 if report.rejected else 0
