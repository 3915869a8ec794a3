"""The `digests:` section of config.yaml, checked when settings load."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Mapping

from bot.config import ConfigError, Settings, _get

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


@dataclass(frozen=True)
class DigestSettings:
    city_at: tuple[tuple[int, int], ...]  # Bihar times of the scheduled city-group digests
    village_at: tuple[tuple[int, int], ...]  # and of the village-group digests
    every_hours: int  # a scheduled digest skips a group that got one this recently
    first_days: int  # a group's first digest looks back this far
    listings_shown: int  # links under each product line of a city digest
    lines_shown: int  # product lines (city) or demands (village) in one digest
    bot_username: str  # for t.me/<bot>?start=L-482 links; "" gives codes without links


def _times(raw: Mapping[str, Any], key: str, default: list[str]) -> tuple[tuple[int, int], ...]:
    values = _get(raw, f"digests.{key}", list, default, items=str)
    out = []
    for value in values:
        match = _TIME.match(value)
        if not match:
            raise ConfigError(f"config.yaml: 'digests.{key}' must be a list of HH:MM (Bihar time), got {value!r}")
        out.append((int(match.group(1)), int(match.group(2))))
    return tuple(out)


def parse_digests(raw: Mapping[str, Any], env: Mapping[str, str] | None = None) -> DigestSettings:
    env = os.environ if env is None else env
    username = (_get(raw, "digests.bot_username", str, "") or env.get("TELEGRAM_BOT_USERNAME", "")).lstrip("@")
    if username and not _USERNAME.match(username):
        raise ConfigError(f"'digests.bot_username' (or TELEGRAM_BOT_USERNAME) is not a Telegram username: {username!r}")
    return DigestSettings(
        city_at=_times(raw, "city_at", ["18:00"]),
        village_at=_times(raw, "village_at", ["08:00"]),
        every_hours=_get(raw, "digests.every_hours", int, 6, minimum=0),
        first_days=_get(raw, "digests.first_days", int, 1, minimum=1),
        listings_shown=_get(raw, "digests.listings_shown", int, 3, minimum=1),
        lines_shown=_get(raw, "digests.lines_shown", int, 12, minimum=1),
        bot_username=username,
    )


def digest_settings(settings: Settings) -> DigestSettings:
    return parse_digests(settings.raw)
