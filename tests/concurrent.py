"""A real threaded HTTP server for an app, and requests fired at it at the same moment."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Iterator

import httpx
from werkzeug.serving import make_server


@contextmanager
def serving(app) -> Iterator[str]:
    """The app on 127.0.0.1 (a thread per request, like `serve`); yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(5)


def at_once(base: str, requests: list[dict]) -> list[httpx.Response]:
    """POST every request (kwargs for httpx: path, json/data/headers) together, released by a barrier."""
    barrier = threading.Barrier(len(requests))

    def post(request: dict) -> httpx.Response:
        request = dict(request)
        path = request.pop("path")
        with httpx.Client(base_url=base, timeout=60) as client:
            barrier.wait()
            return client.post(path, **request)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(post, requests))
