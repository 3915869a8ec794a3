"""Every CSV the dashboard sends: UTF-8 with a byte-order mark (so Excel shows Hindi), cells that
Excel would run as formulas kept as text, streamed in pieces from a session of its own."""
from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterable, Iterator

from flask import Response, stream_with_context

from ..runtime import runtime
from .web import now


def inert(cell: Any) -> str:
    """A name typed as "=HYPERLINK(...)" stays text in Excel (OWASP's CSV-injection advice)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def lines(headings: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff"
    writer.writerow(headings)
    yield flush()
    for n, row in enumerate(rows, 1):
        writer.writerow([inert(cell) for cell in row])
        if n % 500 == 0:
            yield flush()
    yield flush()


def csv_response(name: str, headings: list[str], rows_of: Callable[[Any], Iterable[list[Any]]]) -> Response:
    """`rows_of(session)` is read while the response streams, in a read-only session of its own
    (the request's is closed by then); everything it needs was checked before this is called."""

    def body():
        with runtime().db.sessions() as db:
            yield from lines(headings, rows_of(db))

    stamp = now().strftime("%Y%m%d")
    return Response(stream_with_context(body()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="didihaat-{name}-{stamp}.csv"',
                             "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store"})
