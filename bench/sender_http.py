"""Bot API client cost: CPU per `Bot.send_message` with PTB's default HTTPXRequest and with ours
(bot/channels/telegram_http.py), the same Bot, the same sends in flight, in one run.

The server is a minimal keep-alive HTTP/1.1 responder in its own process on loopback, so the
figure is the client's: the sender process's CPU time divided by the sends.

    .venv/bin/python bench/sender_http.py [--sends 5000] [--in-flight 48]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ME = json.dumps({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Didi Haat", "username": "didihaat_bot"}})
_SENT = json.dumps({"ok": True, "result": {"message_id": 5, "date": 1700000000, "chat": {"id": 7, "type": "private"},
                                           "text": "ok"}})


def _serve(sock: socket.socket) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                if length:
                    await reader.readexactly(length)
                body = (_ME if b"/getMe" in head.split(b"\r\n", 1)[0] else _SENT).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                             % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, sock=sock)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


async def _measure(request, base_url: str, sends: int, in_flight: int) -> tuple[float, float]:
    from telegram import Bot

    bot = Bot("1:bench", base_url=base_url, request=request)
    await bot.initialize()
    gate = asyncio.Semaphore(in_flight)

    async def one(n: int) -> None:
        async with gate:
            await bot.send_message(7, f"Didi, {n}: 50 kilo makhana, ₹700/kilo — 1 रुचि है 2 नहीं")

    await asyncio.gather(*(one(n) for n in range(min(500, sends))))  # connections open, caches warm
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(sends)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await bot.shutdown()
    return 1000 * cpu / sends, sends / wall


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sends", type=int, default=5000)
    p.add_argument("--in-flight", type=int, default=48, help="sends in flight (config.yaml telegram.concurrency)")
    args = p.parse_args()
    from telegram.request import HTTPXRequest

    from bot.channels.telegram_http import AiohttpRequest

    sock = socket.create_server(("127.0.0.1", 0))
    server = multiprocessing.get_context("fork").Process(target=_serve, args=(sock,), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}/bot"
    try:
        figures = {}
        for name, make in (("httpx (PTB's default)", lambda: HTTPXRequest(connection_pool_size=args.in_flight)),
                           ("aiohttp (ours)", lambda: AiohttpRequest(args.in_flight))):
            cpu_ms, rate = asyncio.run(_measure(make(), base, args.sends, args.in_flight))
            figures[name] = cpu_ms
            print(f"{name}: {cpu_ms:.3f} ms CPU per send, {rate:.0f} sends/s, {args.in_flight} in flight", flush=True)
        first, second = figures.values()
        print(f"ours costs {second / first:.0%} of the default's CPU per send")
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
