"""The `prices:` section of config.yaml, checked when settings load."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from bot.config import ConfigError, Settings, _get

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")



@dataclass(frozen=True)
class PriceSettings:
    states: tuple[str, ...]  # imported from the API and used as the last tier of answers (Bihar first)
    import_at: tuple[int, int]  # Bihar time of the daily import
    daily_line_at: tuple[int, int]  # Bihar time of the daily price line
    recent_days: int  # reports newer than this are preferred in any tier
    old_after_days: int  # older reports say their date plainly
    lines_shown: int
    max_queries_per_hour: int
    api_url: str
    api_page_size: int
    api_timeout_seconds: float
    api_retries: int
    api_backoff_seconds: float


def _time(raw: Mapping[str, Any], key: str, default: str) -> tuple[int, int]:
    value = _get(raw, f"prices.{key}", str, default)
    match = _TIME.match(value)
    if not match:
        raise ConfigError(f"config.yaml: 'prices.{key}' must be HH:MM (Bihar time), got {value!r}")
    return int(match.group(1)), int(match.group(2))


def parse_prices(raw: Mapping[str, Any]) -> PriceSettings:
    states = _get(raw, "prices.states", list, ["Bihar", "Uttar Pradesh", "Jharkhand", "West Bengal"], items=str)
    if "Bihar" not in states:
        states = ["Bihar", *states]
    url = _get(raw, "prices.api_url", str,
               "https://api.data.gov.in/resource/9ef84268-d588-465a-a308-a864a43d0070")
    if not url.startswith(("http://", "https://")):
        raise ConfigError("config.yaml: 'prices.api_url' must start with http:// or https://")
    return PriceSettings(
        states=tuple(states),
        import_at=_time(raw, "import_at", "06:30"),
        daily_line_at=_time(raw, "daily_line_at", "07:30"),
        recent_days=_get(raw, "prices.recent_days", int, 30, minimum=1),
        old_after_days=_get(raw, "prices.old_after_days", int, 7, minimum=0),
        lines_shown=_get(raw, "prices.lines_shown", int, 3, minimum=1),
        max_queries_per_hour=_get(raw, "prices.max_queries_per_hour", int, 20, minimum=1),
        api_url=url,
        api_page_size=_get(raw, "prices.api_page_size", int, 1000, minimum=1),
        api_timeout_seconds=_get(raw, "prices.api_timeout_seconds", float, 30.0, minimum=0.1),
        api_retries=_get(raw, "prices.api_retries", int, 5, minimum=0),
        api_backoff_seconds=_get(raw, "prices.api_backoff_seconds", float, 2.0, minimum=0),
    )


def price_settings(settings: Settings) -> PriceSettings:
    return parse_prices(settings.raw)
