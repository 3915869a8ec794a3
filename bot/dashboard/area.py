"""Whose data a staff member sees: block staff their block, district staff their district,
admins all of Bihar. Every query of the dashboard goes through `Area.where`, and every place a
request names (a district or block filter) through `Area.narrow`, which refuses one outside."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, true

from models import Role, User

from .. import places


class OutsideArea(Exception):
    """A request named a district or block the staff member may not see."""


@dataclass(frozen=True)
class Area:
    district_code: int | None  # None: all of Bihar (admins)
    block_code: int | None  # None: the whole district

    @classmethod
    def of(cls, user: User) -> "Area | None":
        """The area `user` may see, or None when they may see nothing (not staff, no district)."""
        if user.role == Role.ADMIN:
            return cls(None, None)
        if user.role != Role.STAFF or user.district_code is None:
            return None
        return cls(user.district_code, user.block_code)

    @property
    def kind(self) -> str:
        return "state" if self.district_code is None else "district" if self.block_code is None else "block"

    def where(self, district_col, block_col) -> ColumnElement[bool]:
        """The SQL condition that keeps rows inside this area."""
        if self.district_code is None:
            return true()
        if self.block_code is None:
            return district_col == self.district_code
        return and_(district_col == self.district_code, block_col == self.block_code)

    def narrow(self, district_code: int | None, block_code: int | None) -> "Area":
        """This area narrowed to a requested district and/or block; OutsideArea when either lies
        outside it or the block is not in the district."""
        district = self.district_code
        if district_code is not None:
            if places.district_by_code(district_code) is None or (district is not None and district_code != district):
                raise OutsideArea(district_code)
            district = district_code
        block = self.block_code
        if block_code is not None:
            found = places.block_by_code(block_code)
            if found is None or (block is not None and block_code != block):
                raise OutsideArea(block_code)
            if district is not None and found.district_code != district:
                raise OutsideArea(block_code)
            district, block = found.district_code, block_code
        return Area(district, block)

    def blocks(self) -> list[places.Block]:
        """The blocks a filter may offer: those of the area's district (none for all of Bihar)."""
        if self.district_code is None:
            return []
        return [b for b in places.blocks_of(self.district_code) if self.block_code in (None, b.code)]

    def districts(self) -> list[places.District]:
        if self.district_code is None:
            return places.districts()
        found = places.district_by_code(self.district_code)
        return [found] if found else []
