"""`/digest` in a city (buyers') group, by staff of its area: "/digest bihar" widens its digest to
all of Bihar, "/digest zila" narrows it back to its district, "/digest makhana shahad" keeps only
those products, "/digest sab" every product again; "/digest" alone says what it gets.
"/digest english" / "/digest hindi" set the language its digests are posted in (village groups too)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot import catalog
from bot.i18n import t, words
from bot.market import format as fmt
from bot.messages import Incoming, Outgoing
from bot.notices import area as areas
from bot.parser.normalize import tokenize
from bot.parser.products import find_products, heads
from models import GroupChat

from . import group_register


def command(session: Session, msg: Incoming, group: GroupChat | None, default_language: str) -> list[Outgoing]:
    staff = group_register._staff(session, msg.channel, msg.sender)
    if staff is None:
        return [Outgoing(text=t(default_language, "groups.register_not_staff"))]
    lang = staff.lang
    tokens = tokenize((msg.text or "").partition(" ")[2])
    typed = set(tokens)
    language = "en" if typed & words("keywords.digest_english") else "hi" if typed & words("keywords.digest_hindi") else None
    if group is None or group.audience not in ("buyers", "didis") or group.district_code is None \
            or (group.audience == "didis" and language is None):
        return [Outgoing(text=t(lang, "digests.only_city"))]
    kind, code = (areas.BLOCK, group.block_code) if group.block_code else (areas.DISTRICT, group.district_code)
    if not group_register.may_register(staff, kind, code):
        return [Outgoing(text=t(lang, "notice.not_your_area"))]
    if language is not None:
        group.language = language
        if group.audience == "didis":
            return [Outgoing(text=t(language, "digests.language_set"))]
    if typed & words("keywords.digest_all_bihar"):
        group.digest_all_bihar = True
    elif typed & words("keywords.digest_district"):
        group.digest_all_bihar = False
    if typed & words("keywords.digest_every_product"):
        group.digest_products = None
    else:
        named = [hit.key for hit in heads(tokens, find_products(tokens))]
        if named:
            group.digest_products = list(dict.fromkeys(named))
    products = (", ".join(catalog.name(p, lang) for p in group.digest_products) if group.digest_products
                else t(lang, "digests.every_product"))
    area = t(lang, "follow.all_bihar") if group.digest_all_bihar else fmt.place(lang, group.district_code)
    return [Outgoing(text=t(lang, "digests.settings", area=area, products=products)
                     + "\n" + t(group.language or "hi", "digests.language_set"))]
