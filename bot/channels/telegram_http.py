"""The Bot API's HTTP client: python-telegram-bot's `BaseRequest` over aiohttp, in place of the
default httpx one.

Why: with tens of sends in flight, PTB's HTTPXRequest spends ~1.5 ms of CPU per call (httpcore scans
its whole pool for every request, encode/httpcore#928); over aiohttp the same `Bot.send_message` is
~0.25 ms (bench/sender_http.py prints both). PTB documents `BaseRequest` as the place to plug in
another library; ptbcontrib's `AiohttpRequest` does the same but is not on PyPI, so this is ours.
aiohttp is already installed as twilio's dependency.

Timeouts map as httpx's do: connect -> sock_connect, read -> sock_read, pool -> waiting for a free
connection (aiohttp's `connect`). aiohttp has no write timeout; the read timeout covers a stalled upload."""
from __future__ import annotations

import asyncio

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """One aiohttp session (a pool of `connection_pool_size` keep-alive connections), made on the
    loop that initialises it: like PTB's own, an instance belongs to one event loop."""

    __slots__ = ("_size", "_read", "_write", "_connect", "_pool", "_session")

    def __init__(self, connection_pool_size: int = 8, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0) -> None:
        self._size = connection_pool_size
        self._read, self._write, self._connect, self._pool = read_timeout, write_timeout, connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._size),
                                                  timeout=aiohttp.ClientTimeout(total=None))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(self, read, write, connect, pool) -> aiohttp.ClientTimeout:
        def given(value, default):
            return default if value is BaseRequest.DEFAULT_NONE else value

        read = given(read, self._read)
        write = given(write, self._write)
        # The longer of read and write, so a slow upload is not cut by the read timeout alone.
        sock_read = None if read is None or write is None else max(read, write)
        return aiohttp.ClientTimeout(total=None, connect=given(pool, self._pool),
                                     sock_connect=given(connect, self._connect), sock_read=sock_read)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        data: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            if request_data.multipart_data:
                data = aiohttp.FormData(request_data.json_parameters)
                for name, (filename, content, mime_type) in request_data.multipart_data.items():
                    data.add_field(name, content, filename=filename, content_type=mime_type)
            else:
                data = request_data.json_parameters  # form-encoded, as PTB's httpx request sends it
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout)
        try:
            async with self._session.request(method, url, data=data, timeout=timeout,
                                             headers={"User-Agent": self.USER_AGENT}) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as err:  # aiohttp's timeouts are TimeoutError subclasses
            if isinstance(err, aiohttp.ConnectionTimeoutError):  # no connection in time: nothing was sent
                raise TimedOut("Connect or pool timeout: the request was not sent") from err
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err
