"""Who a notice reaches: didis and/or buyers of its area (optionally only those who traded its
product in the last 90 days) who can be written to, and the registered groups of that area."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

from models import Demand, GroupChat, Listing, Notice, Role, User

from . import area

TRADED_DAYS = 90
ROLES = {"didis": [Role.DIDI], "buyers": [Role.BUYER], "both": [Role.DIDI, Role.BUYER]}
GROUP_AUDIENCES = {"didis": ["didis"], "buyers": ["buyers"], "both": ["didis", "buyers"]}
# A feature that sends through notices may widen who one of its notices reaches (a buyer-seller meet
# adds the buyers whose demand matches the invited didis): each hook takes (notice, now) and returns
# a condition on User, or None when the notice is not its own.
EXTRA_RECIPIENTS: list[Callable[[Notice, datetime], ColumnElement[bool] | None]] = []


def _in_area(kind: str, codes: list[int], district, block) -> ColumnElement[bool]:
    if kind == area.BIHAR:
        return true()
    if kind == area.BLOCK:
        return block.in_(codes)
    return district.in_(codes)


def matching(notice: Notice, now: datetime) -> ColumnElement[bool]:
    """Users the notice is for, reachable or not: role, area, product, and a chat to write to
    (registered, or imported from a roster with consent)."""
    conditions = [
        User.role.in_(ROLES[notice.audience]),
        User.channel.is_not(None), User.address.is_not(None),
        or_(User.onboarded, User.roster_consent.is_(True)),
        _in_area(notice.area, list(notice.area_codes or []), User.district_code, User.block_code),
    ]
    if notice.product:
        since = now - timedelta(days=TRADED_DAYS)
        conditions.append(or_(
            exists().where(Listing.user_id == User.id, Listing.product == notice.product, Listing.created_at >= since),
            exists().where(Demand.user_id == User.id, Demand.product == notice.product, Demand.created_at >= since),
        ))
    extra = [found for hook in EXTRA_RECIPIENTS if (found := hook(notice, now)) is not None]
    return or_(and_(*conditions), *extra) if extra else and_(*conditions)


def reachable() -> ColumnElement[bool]:
    """Opted-out (STOP) and unreachable (blocked the bot) users never get a notice."""
    return and_(~User.opted_out, ~User.unreachable)


def groups(notice: Notice) -> ColumnElement[bool]:
    """Registered, active groups of the area whose audience the notice is for."""
    if not notice.include_groups:
        return false()
    return and_(GroupChat.active, GroupChat.audience.in_(GROUP_AUDIENCES[notice.audience]),
                _in_area(notice.area, list(notice.area_codes or []), GroupChat.district_code, GroupChat.block_code))


@dataclass(frozen=True)
class Count:
    """What the preview tells the staff member before sending."""

    people: int
    by_channel: dict[str, int]
    groups: int
    outside_window: int  # WhatsApp users who have not written for 24 h: a template, or nothing
    opted_out: int
    unreachable: int


def count(session: Session, notice: Notice, now: datetime, window_hours: int) -> Count:
    who = matching(notice, now)
    rows = session.execute(select(User.channel, func.count()).where(who, reachable()).group_by(User.channel)).all()
    by_channel = {channel: n for channel, n in rows}
    quiet = now - timedelta(hours=window_hours)
    outside = session.scalar(select(func.count()).select_from(User).where(
        who, reachable(), User.channel == "whatsapp",
        or_(User.last_inbound_at.is_(None), User.last_inbound_at < quiet))) or 0
    excluded = session.execute(select(
        func.coalesce(func.sum(case((User.opted_out, 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(~User.opted_out, User.unreachable), 1), else_=0)), 0),
    ).where(who)).one()
    group_count = session.scalar(select(func.count()).select_from(GroupChat).where(groups(notice))) or 0
    return Count(people=sum(by_channel.values()), by_channel=by_channel, groups=group_count, outside_window=outside,
                 opted_out=int(excluded[0]), unreachable=int(excluded[1]))


def groups_of_area(session: Session, kind: str, codes: list[int], audience: str) -> int:
    """How many registered groups a notice to this area and audience could also reach."""
    probe = Notice(area=kind, area_codes=codes, audience=audience, include_groups=True)
    return session.scalar(select(func.count()).select_from(GroupChat).where(groups(probe))) or 0
