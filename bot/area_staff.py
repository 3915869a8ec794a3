"""Who answers for an area: the staff and admins enrolled for a block, or for its whole district."""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from models import Role, User


def staff_for(session: Session, district_code: int | None, block_code: int | None) -> list[User]:
    """Staff of that block first, then district-level staff (enrolled without a block) of its
    district; only those who have written to the bot once (a chat to push to)."""
    if district_code is None:
        return []
    area = or_(User.block_code == block_code, and_(User.district_code == district_code, User.block_code.is_(None)))
    found = session.scalars(select(User).where(
        User.role.in_([Role.STAFF, Role.ADMIN]), User.district_code == district_code, area,
        User.channel.is_not(None), User.address.is_not(None)).order_by(User.id)).all()
    return sorted(found, key=lambda u: (u.block_code != block_code, u.id))


def is_staff(user: User) -> bool:
    return user.role in (Role.STAFF, Role.ADMIN)
