"""A loopback TCP proxy in front of the real server that notes when each enqueue request arrives.

Bytes are forwarded untouched both ways (HTTP, keep-alive, the Socket.IO websocket), so any client
talks to it as to the server. Each chunk from a client that carries a request line
``POST …/enqueue_batch`` is reported on stdout as ``ENQUEUE <time.monotonic()>`` the moment it is
read (CLOCK_MONOTONIC: comparable with the times of other processes on the machine). Its own
process, so that neither client's event loop delays the stamp.

    python -m bench.recording_proxy TARGET_URL      # prints "PORT <n>" once listening
"""

from __future__ import annotations

import asyncio
import sys
import time
from urllib.parse import urlsplit

MARK = b"/enqueue_batch"


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, watch: bool) -> None:
    try:
        while data := await reader.read(65536):
            if watch and MARK in data and b"POST " in data:
                print(f"ENQUEUE {time.monotonic():.6f}", flush=True)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def serve(host: str, port: int) -> None:
    async def handle(client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, True), pipe(server_reader, client_writer, False))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main(target: str) -> None:
    parts = urlsplit(target)
    asyncio.run(serve(parts.hostname or "127.0.0.1", parts.port or 80))


if __name__ == "__main__":
    main(sys.argv[1])
