"""One-time sign-in links: issued to staff in the chat, valid 15 minutes, usable once.

Only a SHA-256 of the token is stored, so a copy of the database opens nobody's session."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import DashboardLink, Role, User

VALID_FOR = timedelta(minutes=15)
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def is_staff(user: User | None) -> bool:
    return user is not None and user.role in STAFF_ROLES


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, user: User, now: datetime) -> str:
    """A new token for `user` (staff only); the caller puts it in a URL."""
    if not is_staff(user):
        raise PermissionError("sign-in links are for staff only")
    token = secrets.token_urlsafe(32)
    session.add(DashboardLink(user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=now + VALID_FOR))
    session.flush()
    return token


def redeem(session: Session, token: str, now: datetime) -> User | None:
    """The staff member the token was issued to, marking it used; None when the token is unknown,
    used, expired, or its user is no longer staff. Marking is one conditional UPDATE, so two
    simultaneous clicks cannot both succeed."""
    if not token or len(token) > 100:
        return None
    link = session.scalar(select(DashboardLink).where(DashboardLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    claimed = session.execute(update(DashboardLink)
                              .where(DashboardLink.id == link.id, DashboardLink.used_at.is_(None))
                              .values(used_at=now)).rowcount
    if claimed != 1:
        return None
    user = session.get(User, link.user_id)
    return user if is_staff(user) else None


def peek(session: Session, token: str, now: datetime) -> User | None:
    """Whom the token would sign in, without using it (the confirmation page asks first)."""
    if not token or len(token) > 100:
        return None
    link = session.scalar(select(DashboardLink).where(DashboardLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    user = session.get(User, link.user_id)
    return user if is_staff(user) else None
