"""Test helpers for staff of an area: enrolled like `python -m bot staff add` does, and already
chatting with the bot in the simulator."""
from __future__ import annotations

from bot import places
from models import Role, User


def staff_member(runtime, address: str, *, district: str = "Patna", block: str | None = "Bihta",
                 phone: str = "+919700000001", role: str = Role.STAFF, language: str = "hi") -> int:
    d = places.find_district(district)
    b = places.find_block(d.code, block) if block else None
    with runtime.db.session() as session:
        user = User(channel="simulator", address=address, phone=phone, phone_verified=True, role=role,
                    name=f"स्टाफ़ {address}", district_code=d.code, block_code=b.code if b else None,
                    language=language, onboarded=True)
        session.add(user)
        session.flush()
        return user.id
