"""The import actions the CLI and the daily job call: a CSV file, or data.gov.in for every
configured state. Each is one run with its counts; the threshold alerts are checked afterwards."""
from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from models import PriceImport, utcnow

from . import api, rows, store, alerts
from .settings import price_settings

log = logging.getLogger(__name__)


def import_file(rt, path: Path | str) -> dict[str, int]:
    ps = price_settings(rt.settings)
    with rt.db.session() as session:
        run = store.start(session, Path(path).name)
        store.import_rows(session, run, rows.read_csv_file(path), ps.states)
        counts = dict(run.counts)
    alerts.check(rt)
    return counts


def import_api(rt, api_key: str | None = None) -> dict[str, int]:
    """Every configured state, page by page; a page is stored as it arrives, so a failure later
    loses nothing already read, and running again adds only what is new."""
    ps = price_settings(rt.settings)
    api_key = api_key or os.environ.get(api.KEY_ENV, "").strip()
    if not api_key:
        raise api.ApiError(f"set {api.KEY_ENV} (see README: getting a data.gov.in key)")
    errors: list[str] = []
    with rt.db.session() as session:
        run = store.start(session, API_SOURCE)
        session.commit()
        http = api.session_for(ps)
        try:
            for state in ps.states:
                try:
                    for page in api.pages(ps, api_key, state, http):
                        store.import_rows(session, run, page, ps.states)
                        session.commit()
                except api.ApiError as exc:
                    log.warning("price import: %s", exc)
                    errors.append(str(exc))
        finally:
            http.close()
        counts = dict(run.counts)
        run.finished_at = None if errors else utcnow()  # an incomplete run is tried again next sweep
        if errors:
            counts["failed_states"] = len(errors)
            run.counts = counts
    alerts.check(rt)
    if errors:
        raise api.ApiError("; ".join(errors) + f" (stored so far: {counts.get(store.KEPT, 0)} new reports)")
    return counts


API_SOURCE = "data.gov.in"
EVERY = timedelta(hours=20)  # a daily job: a restart or a second sweep the same day fetches nothing


def daily_import(rt, now=None) -> dict[str, int] | None:
    """The scheduler's job: the API import when a key is set and the last complete one is older than
    20 hours (idempotent like every sweep); without a key, nothing."""
    if not os.environ.get(api.KEY_ENV, "").strip():
        log.info("price import skipped: %s is not set", api.KEY_ENV)
        return None
    now = now or utcnow()
    with rt.db.sessions() as session:
        last = session.scalar(select(func.max(PriceImport.finished_at)).where(PriceImport.source == API_SOURCE))
    if last is not None and now - last < EVERY:
        return None
    try:
        return import_api(rt)
    except api.ApiError as exc:
        log.warning("price import incomplete: %s", exc)
        return None
