"""Local haat prices: a report from block staff is shown at once; a didi's waits until a staff
member of her block (or district) approves it with one tap."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import catalog, places
from models import PriceReport, PriceSource, ReportStatus, Role, User

STAFF = (Role.STAFF, Role.ADMIN)


def where(user: User, place_text: str) -> tuple[int | None, int | None, str]:
    """(district, block, market name) for the place she named: a block of her district or of a
    neighbouring one; else her own block."""
    home = user.district_code
    if place_text and home:
        for code in [home, *(d.code for d in places.neighbours(home))]:
            block = places.find_block(code, place_text)
            if block is not None:
                return code, block.code, block.name_en
    block = places.block_by_code(user.block_code) if user.block_code else None
    name = place_text[:80] or (block.name_en if block else "")
    return home, (block.code if block and not place_text else None), name


def create(session: Session, user: User, product: str, price: Decimal, place_text: str, day, now: datetime) -> PriceReport:
    district_code, block_code, market = where(user, place_text)
    district = places.district_by_code(district_code) if district_code else None
    staff = user.role in STAFF
    report = PriceReport(
        source=PriceSource.HAAT, market_key=f"haat:{block_code or market}"[:40], product=product,
        unit=catalog.product(product).unit, state="Bihar", district_code=district_code,
        district_name=district.name_en if district else "", block_code=block_code, market=market or "-",
        commodity=product, variety="", grade="", arrival_date=day, min_price=price, max_price=price,
        modal_price=price, flagged=False, status=ReportStatus.APPROVED if staff else ReportStatus.PENDING,
        reporter_id=user.id, reporter_role=user.role, approved_by=user.id if staff else None, created_at=now)
    session.add(report)
    session.flush()
    return report


def approvers(session: Session, report: PriceReport) -> list[User]:
    """Staff of the report's block, or district-level staff of its district."""
    if report.district_code is None:
        return []
    query = select(User).where(User.role.in_(STAFF), User.district_code == report.district_code,
                               User.channel.is_not(None))
    if report.block_code is not None:
        query = query.where(or_(User.block_code.is_(None), User.block_code == report.block_code))
    return list(session.scalars(query.order_by(User.id)))


def may_decide(user: User, report: PriceReport) -> bool:
    return (user.role in STAFF and report.district_code == user.district_code
            and (user.block_code is None or report.block_code in (None, user.block_code)))
