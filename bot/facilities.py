"""Local facilities: which kind a question asks for ("packing kahan hoga", "kharid kendra"), the
nearest open ones (same block, same district, neighbouring districts, or nearest a shared
location), and the one centre a new listing's card mentions."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Facility, FacilityKind, FacilityMention, User

from . import places, reference_cache
from .i18n import t, words
from .market import format as fmt
from .parser import parse

_TOKEN = re.compile(r"[a-z0-9]+|[\u0900-\u097F]+")
KINDS = tuple(FacilityKind)


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(places.fold(text))) + " "


def kind_asked(text: str) -> str | None:
    """The facility kind a message names, or None: "नजदीकी पैकेजिंग सेंटर" -> packaging."""
    said = _tokens(text)
    for kind in KINDS:
        if any(f" {' '.join(_TOKEN.findall(places.fold(w)))} " in said for w in words(f"keywords.facility_{kind}")):
            return kind
    return None


PHONE = re.compile(r"^\+?[\d][\d -]{5,16}$")  # a mobile or an office landline ("06115-123456")


def kind_of(word: str) -> str | None:
    """A kind as staff write it: "packaging", "cold_storage", or any word that asks for one."""
    word = word.strip().lower()
    return word if word in KINDS else kind_asked(word)


def products_of(text: str) -> list[str] | None:
    """ "makhana, honey" -> catalog keys; "-" -> [] (any product); None when a name is unknown."""
    if text.strip() in ("", "-", "*"):
        return []
    keys = [product_key(p) for p in re.split(r"[,/]", text) if p.strip()]
    return None if None in keys else sorted(set(keys))


def product_key(word: str) -> str | None:
    """A catalog key for a product name as staff type it ("makhana", "मखाना", "honey")."""
    return parse(word).product


def nearest(session: Session, kind: str | None, district_code: int | None, block_code: int | None = None, *,
            location: tuple[float, float] | None = None, product: str | None = None, limit: int = 3) -> list[Facility]:
    """Open facilities near a block (same block, same district, then bordering districts nearest
    first) or near a shared location (by the centre's own location, else its district's HQ)."""
    if location is not None:
        near = places.nearest_district(*location)
        district_code, block_code = (near.code if near else None), None
    if district_code is None:
        return []
    ring = [district_code] + [d.code for d in places.neighbours(district_code)]
    query = select(Facility).where(Facility.active, Facility.district_code.in_(ring))
    if kind:
        query = query.where(Facility.kind == kind)
    found = [f for f in session.scalars(query) if not product or not f.products or product in f.products]

    def by_place(f: Facility):
        return (0 if f.block_code == block_code else 1 if f.district_code == district_code else 2 + ring.index(f.district_code), f.id)

    def by_distance(f: Facility):
        if f.lat is not None and f.lon is not None:
            return places._haversine_km(location[0], location[1], f.lat, f.lon)
        hq = places.district_by_code(f.district_code)
        return places._haversine_km(location[0], location[1], hq.lat, hq.lon) + 1  # a known spot beats an HQ guess

    return sorted(found, key=by_distance if location is not None else by_place)[:limit]


def for_card(session: Session, user: User, product: str) -> Facility | None:
    """The nearest centre that names this product, if she has not been told of it before; the
    mention is recorded so the next card does not repeat it."""
    def centres() -> tuple[int, ...]:  # the nearest that name it, nearest first (cached a minute: every card asks)
        return tuple(f.id for f in nearest(session, None, user.district_code, user.block_code, product=product, limit=10)
                     if product in (f.products or []))
    ids = reference_cache.get(session.get_bind(), Facility.__tablename__,
                              (user.district_code, user.block_code, product), centres)
    if not ids:
        return None
    told = set(session.scalars(select(FacilityMention.facility_id).where(FacilityMention.user_id == user.id,
                                                                         FacilityMention.facility_id.in_(ids))))
    for facility_id in ids:
        if facility_id not in told and (facility := session.get(Facility, facility_id)) is not None and facility.active:
            session.add(FacilityMention(user_id=user.id, facility_id=facility.id))
            return facility
    return None


def line(lang: str, facility: Facility) -> str:
    """बिहटा पैकेजिंग सेंटर (पैकेजिंग) · बिहटा, पटना"""
    return f"{facility.name} ({t(lang, f'facilities.kind.{facility.kind}')}) · {fmt.place(lang, facility.district_code, facility.block_code)}"
