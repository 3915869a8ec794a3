"""Turning what staff typed (a chat command's fields or a CSV row) into an Event, checking every
field and the staff member's right to the area; one reader for both."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import places
from bot.parser import parse
from models import Event, EventKind, Role, User

from . import when

KIND_WORDS = {
    EventKind.SAMAGAM: ("samagam", "fair", "mela", "udyam samagam", "समागम", "मेला"),
    EventKind.EXHIBITION: ("exhibition", "pradarshani", "प्रदर्शनी"),
    EventKind.MEET: ("meet", "buyer-seller meet", "buyer seller meet", "kreta vikreta", "क्रेता-विक्रेता सम्मेलन", "सम्मेलन"),
    EventKind.TRAINING: ("training", "prashikshan", "प्रशिक्षण"),
    EventKind.LOAN_CAMP: ("loan_camp", "loan camp", "rin shivir", "ऋण शिविर", "लोन कैंप"),
}
AUDIENCE_WORDS = {"didis": ("didis", "didi", "दीदी"), "buyers": ("buyers", "buyer", "खरीदार"),
                  "both": ("both", "all", "dono", "दोनों", "सभी")}
YES_WORDS, NO_WORDS = ("yes", "y", "haan", "हाँ", "1", "true"), ("no", "n", "nahi", "नहीं", "0", "false", "", "-")


class Invalid(ValueError):
    """A field that cannot be used; the message is a catalog key plus values."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass
class Fields:
    kind: str
    title: str
    start: str
    end: str
    venue: str
    district: str
    block: str
    audience: str
    product: str = ""
    registration: str = "yes"
    lat: str = ""
    lon: str = ""
    photo: str = ""
    document: str = ""
    details: str = ""


def pick(value: str, table: dict, key: str) -> str:
    value = value.strip().lower()
    for name, spellings in table.items():
        if value == str(name) or value in spellings:
            return str(name)
    raise Invalid(key)


def _place(staff: User | None, district_name: str, block_name: str) -> tuple[int, int | None]:
    """Venue district and block, within the staff member's area (admins and the CLI: anywhere)."""
    district = places.find_district(district_name) if district_name.strip() else (
        places.district_by_code(staff.district_code) if staff and staff.district_code else None)
    if district is None:
        raise Invalid("events.bad_district")
    block = None
    if block_name.strip() and block_name.strip() != "-":
        block = places.find_block(district.code, block_name)
        if block is None:
            raise Invalid("events.bad_block")
    elif staff is not None and staff.block_code and not district_name.strip():
        block = places.block_by_code(staff.block_code)  # block staff: their own block unless they name one
    if staff is not None and staff.role != Role.ADMIN:
        if district.code != staff.district_code or (staff.block_code and (block is None or block.code != staff.block_code)):
            raise Invalid("events.not_your_area")
    return district.code, block.code if block else None


def _number(text: str, low: float, high: float) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise Invalid("events.bad_location") from None
    if not low <= value <= high:
        raise Invalid("events.bad_location")
    return value


def make(fields: Fields, staff: User | None, now: datetime, tz: str) -> Event:
    """An Event for these fields (not added to a session); raises Invalid naming the bad field."""
    kind = pick(fields.kind, KIND_WORDS, "events.bad_kind")
    title = fields.title.strip()
    if not title or len(title) > 200:
        raise Invalid("events.bad_title")
    starts = when.read(fields.start, tz, now)
    if starts is None:
        raise Invalid("events.bad_date")
    if starts <= now:
        raise Invalid("events.in_the_past")
    ends = when.read(fields.end, tz, now) if fields.end.strip() not in ("", "-") else None
    if fields.end.strip() not in ("", "-") and (ends is None or ends <= starts):
        raise Invalid("events.bad_end")
    venue = fields.venue.strip()
    if not venue or len(venue) > 200:
        raise Invalid("events.bad_venue")
    district_code, block_code = _place(staff, fields.district, fields.block)
    who = pick(fields.audience or "didis", AUDIENCE_WORDS, "events.bad_audience")
    product = None
    if fields.product.strip() not in ("", "-"):
        product = parse(fields.product).product
        if product is None:
            raise Invalid("events.bad_product")
    value = fields.registration.strip().lower()
    if value not in YES_WORDS + NO_WORDS:
        raise Invalid("events.bad_registration")
    lat, lon = _number(fields.lat, -90, 90), _number(fields.lon, -180, 180)
    if (lat is None) != (lon is None):
        raise Invalid("events.bad_location")
    for link in (fields.photo, fields.document):
        if link.strip() and not link.strip().startswith(("https://", "http://")):
            raise Invalid("events.bad_link")
    area, codes = ("block", [block_code]) if block_code else ("district", [district_code])
    if staff is not None and staff.role == Role.ADMIN:
        area, codes = "district", [district_code]  # admins invite districts (the notices' rule), not blocks
    return Event(author_id=staff.id if staff else None, title=title, kind=kind, starts_at=starts, ends_at=ends,
                 district_code=district_code, block_code=block_code, venue=venue, lat=lat, lon=lon, area=area,
                 area_codes=codes, audience=who, product=product, registration=value in YES_WORDS,
                 photo=fields.photo.strip() or None, document=fields.document.strip() or None,
                 details=fields.details.strip()[:1000] or None, status="planned")


