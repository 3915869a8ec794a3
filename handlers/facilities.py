"""Facilities in the chat: anyone asks for the nearest packaging centre, purchase point, common
facility centre, cold storage or courier point (by words or by sharing a location); staff add,
change and close the ones of their own area with one-line commands:

    centre add packaging | Bihta Packaging Centre | Block office campus | 9876543210 | Mon-Sat 10-5 | makhana, honey [| Block]
    centre change 3 phone 9876543211        (fields: name, address, phone, hours, products, location, kind)
    centre close 3
    centres
"""
from __future__ import annotations

import re

from sqlalchemy import select

from bot import facilities, places
from bot.area_staff import is_staff
from bot.conversation import Context
from bot.i18n import words
from models import Facility, FacilityKind, Role, User

_LOCATION = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[, ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
FIELDS = ("name", "address", "phone", "hours", "products", "location", "kind")


# --- anyone: where is the nearest one ------------------------------------------------------------
def asked(ctx: Context) -> bool:
    kind = facilities.kind_asked(ctx.text) if ctx.text else None
    if ctx.msg.location is not None and not ctx.text:
        kind = ctx.data.get("facility_kind")  # she asked first, then shared where she is
        found = facilities.nearest(ctx.session, kind, None, location=ctx.msg.location)
        return show(ctx, kind, found, from_location=True)
    if kind is None:
        return False
    product = facilities.product_key(ctx.text)
    found = facilities.nearest(ctx.session, kind, ctx.user.district_code, ctx.user.block_code, product=product)
    if not found and product:
        found = facilities.nearest(ctx.session, kind, ctx.user.district_code, ctx.user.block_code)
    ctx.remember(facility_kind=kind)
    return show(ctx, kind, found, from_location=False)


def show(ctx: Context, kind: str | None, found: list[Facility], *, from_location: bool) -> bool:
    what = ctx.t(f"facilities.kind.{kind}") if kind else ctx.t("facilities.any_kind")
    if not found:
        ctx.say("facilities.none_near", kind=what)
        return True
    lines = [ctx.t("facilities.nearest_title", kind=what)]
    for n, f in enumerate(found, 1):
        lines.append(ctx.t("facilities.entry", n=n, line=facilities.line(ctx.lang, f),
                           address=f.address or "-", hours=f.hours or "-", phone=f.phone or "-"))
    if not from_location:
        lines.append(ctx.t("facilities.share_location"))
    ctx.say_text("\n".join(lines))
    return True


# --- staff: keep their area's list -------------------------------------------------------------
def _command(text: str, key: str) -> str | None:
    lowered = text.lower()
    for word in sorted(words(key), key=len, reverse=True):
        if lowered == word or lowered.startswith(word + " "):
            return text[len(word):].strip()
    return None


def command(ctx: Context) -> bool:
    """A staff member's centre command; False for anything else (and for non-staff)."""
    if not is_staff(ctx.user) or not ctx.text:
        return False
    if (rest := _command(ctx.text, "keywords.facility_add")) is not None:
        add(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.facility_change")) is not None:
        change(ctx, rest)
    elif (rest := _command(ctx.text, "keywords.facility_close")) is not None:
        close(ctx, rest)
    elif _command(ctx.text, "keywords.facility_list") == "":
        listing(ctx)
    else:
        return False
    return True


def _block_for(staff: User, name: str | None) -> tuple[int, int] | None:
    """(district, block) the staff member may keep a centre in: their own block; for district staff
    a block of their district; admins "Block, District" anywhere (or a block of their district)."""
    if not name:
        return (staff.district_code, staff.block_code) if staff.block_code else None
    block_name, _, district_name = name.partition(",")
    district = places.find_district(district_name) if district_name.strip() and staff.role == Role.ADMIN else \
        places.district_by_code(staff.district_code)
    block = places.find_block(district.code, block_name) if district else None
    if block is None:
        return None
    if staff.block_code and block.code != staff.block_code:
        return None
    return district.code, block.code


def add(ctx: Context, rest: str) -> None:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) < 6:
        return ctx.say("facilities.add_usage")
    kind, name, address, phone, hours, products = parts[:6]
    where = _block_for(ctx.user, parts[6] if len(parts) > 6 else None)
    if facilities.kind_of(kind) is None:
        return ctx.say("facilities.bad_kind", kinds=", ".join(FacilityKind))
    if where is None:
        return ctx.say("facilities.bad_block")
    if phone and phone != "-" and not facilities.PHONE.match(phone):
        return ctx.say("facilities.bad_phone")
    keys = facilities.products_of(products)
    if keys is None:
        return ctx.say("facilities.bad_products")
    if not name:
        return ctx.say("facilities.add_usage")
    facility = Facility(kind=facilities.kind_of(kind), name=name[:120], address=address[:200], phone=None if phone in ("", "-") else phone,
                        hours=hours[:120], products=keys, district_code=where[0], block_code=where[1],
                        created_by=ctx.user.id, active=True)
    ctx.session.add(facility)
    ctx.session.flush()
    ctx.say("facilities.added", id=facility.id, line=facilities.line(ctx.lang, facility))


def _mine(ctx: Context, text: str) -> Facility | None:
    """The facility with that id, if it is in the staff member's area."""
    if not text.isdigit():
        return None
    facility = ctx.session.get(Facility, int(text))
    if facility is None or ctx.user.role == Role.ADMIN:
        return facility
    if facility.district_code != ctx.user.district_code:
        return None
    if ctx.user.block_code and facility.block_code != ctx.user.block_code:
        return None
    return facility


def change(ctx: Context, rest: str) -> None:
    ident, _, rest = rest.partition(" ")
    field, _, value = rest.strip().partition(" ")
    facility = _mine(ctx, ident)
    field = field.lower()
    if facility is None:
        return ctx.say("facilities.not_yours")
    if field not in FIELDS or not value.strip():
        return ctx.say("facilities.change_usage", fields=", ".join(FIELDS))
    value = value.strip()
    if field == "phone":
        if not facilities.PHONE.match(value):
            return ctx.say("facilities.bad_phone")
        facility.phone = value
    elif field == "products":
        keys = facilities.products_of(value)
        if keys is None:
            return ctx.say("facilities.bad_products")
        facility.products = keys
    elif field == "location":
        match = _LOCATION.match(value)
        if not match or not (-90 <= float(match.group(1)) <= 90 and -180 <= float(match.group(2)) <= 180):
            return ctx.say("facilities.bad_location")
        facility.lat, facility.lon = float(match.group(1)), float(match.group(2))
    elif field == "kind":
        if facilities.kind_of(value) is None:
            return ctx.say("facilities.bad_kind", kinds=", ".join(FacilityKind))
        facility.kind = facilities.kind_of(value)
    else:
        limit = {"name": 120, "address": 200, "hours": 120}[field]
        setattr(facility, field, value[:limit])
    ctx.say("facilities.changed", id=facility.id, line=facilities.line(ctx.lang, facility))


def close(ctx: Context, rest: str) -> None:
    facility = _mine(ctx, rest.strip())
    if facility is None:
        return ctx.say("facilities.not_yours")
    facility.active = False
    ctx.say("facilities.closed", id=facility.id, line=facilities.line(ctx.lang, facility))


def listing(ctx: Context) -> None:
    query = select(Facility).where(Facility.active).order_by(Facility.id)
    if ctx.user.role != Role.ADMIN:
        query = query.where(Facility.district_code == ctx.user.district_code)
        if ctx.user.block_code:
            query = query.where(Facility.block_code == ctx.user.block_code)
    found = ctx.session.scalars(query.limit(30)).all()
    if not found:
        return ctx.say("facilities.none_yours")
    ctx.say_text("\n".join([ctx.t("facilities.yours_title")] + [
        ctx.t("facilities.staff_line", id=f.id, line=facilities.line(ctx.lang, f), phone=f.phone or "-", hours=f.hours or "-")
        for f in found]))
