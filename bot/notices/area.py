"""Where a staff member may send: block staff their block, district staff their district or one
of its blocks, admins any districts or all of Bihar. Checked on the server for every choice,
whatever button value arrives."""
from __future__ import annotations

from bot import places
from bot.i18n import t
from models import Role, User

BLOCK, DISTRICT, DISTRICTS, BIHAR = "block", "district", "districts", "bihar"


def is_staff(user: User) -> bool:
    return user.role in (Role.STAFF, Role.ADMIN)


def permitted(user: User, kind: str, codes: list[int]) -> bool:
    """True when `user` may send to this area. Unknown places are never permitted."""
    if user.role == Role.ADMIN:
        if kind == BIHAR:
            return codes == []
        return (kind in (DISTRICT, DISTRICTS) and bool(codes) and len(codes) == len(set(codes))
                and all(places.district_by_code(c) is not None for c in codes)
                and (kind == DISTRICTS or len(codes) == 1))
    if user.role != Role.STAFF or user.district_code is None:
        return False
    if user.block_code is not None:
        return kind == BLOCK and codes == [user.block_code]
    if kind == DISTRICT:
        return codes == [user.district_code]
    if kind == BLOCK and len(codes) == 1:
        block = places.block_by_code(codes[0])
        return block is not None and block.district_code == user.district_code
    return False


def own_area(user: User) -> tuple[str, list[int]] | None:
    """Block staff have one area only: theirs, without asking."""
    if user.role == Role.STAFF and user.block_code is not None:
        return BLOCK, [user.block_code]
    return None


def district_name(lang: str, code: int) -> str:
    d = places.district_by_code(code)
    return (d.name_hi if lang == "hi" else d.name_en) if d else str(code)


def block_name(lang: str, code: int) -> str:
    b = places.block_by_code(code)
    if b is None:
        return str(code)
    return b.name_hi if lang == "hi" and b.name_hi else b.name_en


def describe(lang: str, kind: str, codes: list[int]) -> str:
    """ "बिहटा प्रखंड (पटना)", "पटना, गया ज़िले", "पूरा बिहार"."""
    if kind == BIHAR:
        return t(lang, "notice.area_bihar")
    if kind == BLOCK:
        block = places.block_by_code(codes[0])
        return t(lang, "notice.area_block", block=block_name(lang, codes[0]),
                 district=district_name(lang, block.district_code) if block else "")
    return t(lang, "notice.area_districts", districts=", ".join(district_name(lang, c) for c in codes))


def sender(lang: str, author: User | None) -> str:
    """Who recipients see as the sender: the block office, the district office, or JEEViKA Bihar."""
    if author is None or author.district_code is None or author.role == Role.ADMIN:
        return t(lang, "notice.from_state")
    if author.block_code is not None:
        return t(lang, "notice.from_block", block=block_name(lang, author.block_code))
    return t(lang, "notice.from_district", district=district_name(lang, author.district_code))


def chosen(ctx, prefix: str) -> tuple[str, list[int]] | None:
    """The area a staff member picked in a flow whose buttons are `<prefix>bihar`, `<prefix>district:N`
    and `<prefix>block:N`, or typed by name (a block of her district, a district). Not yet checked
    against her area: `permitted` does that."""
    if ctx.choice == f"{prefix}bihar":
        return BIHAR, []
    for kind in (DISTRICT, BLOCK):
        if (code := ctx.chosen_code(f"{prefix}{kind}:")) is not None:
            return kind, [code]
    if (ctx.choice or "").startswith(prefix) or ctx.msg.button or not ctx.text:
        return None
    if ctx.user.role == Role.STAFF and (block := places.find_block(ctx.user.district_code, ctx.text)):
        return BLOCK, [block.code]
    if (district := places.find_district(ctx.text)) is not None:
        return DISTRICT, [district.code]
    return None


def typed_districts(text: str) -> tuple[list[int], list[str]]:
    """Districts typed as "Patna, Gaya, नालंदा": their codes (once each, in order) and the names not
    found. No names at all gives ([], [])."""
    names = [n.strip() for n in text.replace("،", ",").split(",") if n.strip()]
    found = {n: places.find_district(n) for n in names}
    unknown = [n for n, d in found.items() if d is None]
    return list(dict.fromkeys(d.code for d in found.values() if d is not None)), unknown
