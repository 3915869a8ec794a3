"""data.gov.in's AGMARKNET resource (current daily prices), page by page, per state.

The API is slow and flaky: requests with urllib3's `Retry` (exponential backoff, on connection
errors, read timeouts, 429 and 5xx; Retry-After honoured) and a timeout per request. The key comes
from DATA_GOV_IN_API_KEY only and never appears in an error message (it travels in the query)."""
from __future__ import annotations

import logging
from typing import Iterator

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .rows import normalise
from .settings import PriceSettings

log = logging.getLogger(__name__)
KEY_ENV = "DATA_GOV_IN_API_KEY"


class ApiError(Exception):
    """The API could not be read (after retries); the message never carries the key."""


def session_for(ps: PriceSettings) -> requests.Session:
    retry = Retry(total=ps.api_retries, connect=ps.api_retries, read=ps.api_retries, status=ps.api_retries,
                  backoff_factor=ps.api_backoff_seconds, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=frozenset({"GET"}), respect_retry_after_header=True, raise_on_status=True)
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def pages(ps: PriceSettings, api_key: str, state: str, http: requests.Session | None = None) -> Iterator[list[dict[str, str]]]:
    """Each page of one state's records, normalised (bot.prices.rows), until `total` is reached."""
    own = http is None
    http = http or session_for(ps)
    offset = 0
    try:
        while True:
            params = {"api-key": api_key, "format": "json", "limit": ps.api_page_size, "offset": offset,
                      "filters[state.keyword]": state}
            try:
                response = http.get(ps.api_url, params=params, timeout=ps.api_timeout_seconds)
                response.raise_for_status()
                body = response.json()
            except requests.RequestException as exc:
                raise ApiError(f"{state}, offset {offset}: {type(exc).__name__} after {ps.api_retries} retries") from None
            except ValueError:
                raise ApiError(f"{state}, offset {offset}: the answer was not JSON") from None
            records = body.get("records") if isinstance(body, dict) else None
            if not isinstance(records, list):
                raise ApiError(f"{state}, offset {offset}: no 'records' in the answer")
            if records:
                yield [normalise(r) for r in records if isinstance(r, dict)]
            offset += len(records)
            total = _int(body.get("total"))
            if not records or (total is not None and offset >= total):
                return
    finally:
        if own:
            http.close()


def _int(value: object) -> int | None:
    try:
        return int(value)  # data.gov.in sends numbers, sometimes as text
    except (TypeError, ValueError):
        return None
