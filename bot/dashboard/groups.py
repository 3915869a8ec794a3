"""The groups table: Telegram groups and channels the bot was added to in the area."""
from __future__ import annotations

from sqlalchemy import and_, select

from models import GroupChat

from ..i18n import t
from . import names
from .filters import Filters
from .tables import Column, Table

STATUSES = ("active", "removed")


def _query(f: Filters):
    query = select(GroupChat).where(f.area.where(GroupChat.district_code, GroupChat.block_code),
                                    and_(GroupChat.added_at >= f.period.start, GroupChat.added_at < f.period.end))
    if f.status:
        query = query.where(GroupChat.active.is_(f.status == "active"))
    return query


def _cells(row, lang: str, tz: str) -> list[str]:
    (group,) = row
    return [f"G-{group.id}", group.title or "", group.channel,
            names.block(group.block_code, lang) if group.block_code else "",
            names.district(group.district_code, lang),
            t(lang, "dashboard.status." + ("active" if group.active else "removed")),
            names.day(group.added_at, tz)]


TABLE = Table(
    name="groups",
    columns=(Column("code", GroupChat.id), Column("title", GroupChat.title), Column("channel", GroupChat.channel),
             Column("block", GroupChat.block_code), Column("district"), Column("status", GroupChat.active),
             Column("added", GroupChat.added_at)),
    query=_query, default_sort=GroupChat.added_at, tiebreak=GroupChat.id, cells=_cells,
    statuses=STATUSES, has_product=False,
)
