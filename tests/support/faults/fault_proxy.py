"""A loopback TCP proxy that misbehaves on cue, for fault tests.

It runs its own asyncio loop in a thread, so it keeps working while a test blocks (sync helpers,
subprocesses) and whatever loop the app under test uses. Every fault is a plain attribute or method:

    proxy = FaultProxy("127.0.0.1", server_port).start()   # proxy.url -> http://127.0.0.1:<port>
    proxy.delay = 0.2            # seconds added before each chunk, both directions
    proxy.stall = True           # accept and read, never answer (new and open connections)
    proxy.cut_next(2)            # the next 2 connections are cut once their request arrived
    proxy.drop_answer_to(b"enqueue_batch")  # forward that request once, swallow its answer, cut
    proxy.go_down() / proxy.come_back()     # stop listening (refused) and cut everything / listen again
    proxy.cut_all()              # cut every open connection now

With ``ssl_context`` it terminates TLS itself (a local TLS proxy in front of a plain server).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ProxyCounters:
    connections: int = 0
    cut: int = 0  # connections cut on purpose
    answers_dropped: int = 0
    requests_seen: list[bytes] = field(default_factory=list)  # first line of each request (bounded)


class _Conn:
    def __init__(self, down_writer: asyncio.StreamWriter) -> None:
        self.down_writer = down_writer  # to the client
        self.up_writer: asyncio.StreamWriter | None = None  # to the server
        self.swallow = False  # drop everything the server sends, then cut
        self.tasks: list[asyncio.Task] = []

    def abort(self) -> None:
        for writer in (self.down_writer, self.up_writer):
            if writer is not None:
                transport = writer.transport
                if transport is not None and not transport.is_closing():
                    transport.abort()
        for task in self.tasks:
            task.cancel()


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, listen_port: int | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.target = (target_host, target_port)
        self.port = listen_port or free_port()
        self.ssl_context = ssl_context
        self.delay = 0.0
        self.stall = False
        self.counters = ProxyCounters()
        self._cut_next = 0
        self._drop_pattern: bytes | None = None
        self._conns: set[_Conn] = set()
        self._server: asyncio.base_events.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)

    @classmethod
    def for_url(cls, url: str, **kwargs) -> "FaultProxy":
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        return cls(parts.hostname or "127.0.0.1", parts.port or 80, **kwargs)

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    # -- control (called from the test's thread) -----------------------------------------------
    def _call(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def start(self) -> "FaultProxy":
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._call(self._close(cut=True))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def go_down(self) -> None:
        """Stop listening (new connections are refused) and cut every open one."""
        self._call(self._close(cut=True))

    def come_back(self) -> None:
        self._call(self._listen())

    def cut_all(self) -> int:
        return self._call(self._cut_all())

    def cut_next(self, count: int) -> None:
        self._cut_next = count

    def drop_answer_to(self, pattern: bytes) -> None:
        """The next request containing ``pattern`` reaches the server; its answer never comes back."""
        self._drop_pattern = pattern

    # -- the loop side ----------------------------------------------------------------------------
    async def _listen(self) -> None:
        if self._server is None:
            for _ in range(50):  # the port may linger for a moment after go_down()
                try:
                    self._server = await asyncio.start_server(
                        self._handle, "127.0.0.1", self.port, ssl=self.ssl_context, reuse_address=True)
                    return
                except OSError:
                    await asyncio.sleep(0.1)
            raise OSError(f"cannot listen on port {self.port} again")

    async def _close(self, cut: bool) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if cut:
            await self._cut_all()

    async def _cut_all(self) -> int:
        conns = list(self._conns)
        for conn in conns:
            conn.abort()
        self.counters.cut += len(conns)
        self._conns.clear()
        return len(conns)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        conn = _Conn(writer)
        self._conns.add(conn)
        try:
            up_reader, conn.up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            conn.abort()
            self._conns.discard(conn)
            return
        cut_this = self._cut_next > 0
        if cut_this:
            self._cut_next -= 1
        conn.tasks = [
            asyncio.create_task(self._upstream(reader, conn, cut_this)),
            asyncio.create_task(self._downstream(up_reader, conn)),
        ]

    async def _upstream(self, reader: asyncio.StreamReader, conn: _Conn, cut_this: bool) -> None:
        try:
            while data := await reader.read(65536):
                if len(self.counters.requests_seen) < 5000 and data[:8].split(b" ")[0].isalpha():
                    self.counters.requests_seen.append(data.split(b"\r\n", 1)[0])
                if cut_this:
                    self.counters.cut += 1
                    conn.abort()
                    return
                if self._drop_pattern is not None and self._drop_pattern in data[:2048]:
                    self._drop_pattern = None
                    conn.swallow = True
                while self.stall:
                    await asyncio.sleep(0.05)
                if self.delay:
                    await asyncio.sleep(self.delay)
                conn.up_writer.write(data)
                await conn.up_writer.drain()
        except (OSError, asyncio.CancelledError, ssl.SSLError):
            pass
        finally:
            self._finish(conn)

    async def _downstream(self, reader: asyncio.StreamReader, conn: _Conn) -> None:
        try:
            while data := await reader.read(65536):
                if conn.swallow:
                    # The server answered the request whose answer must be lost: let the rest of the
                    # answer arrive, then cut the client's connection without a byte of it.
                    await asyncio.sleep(0.2)
                    self.counters.answers_dropped += 1
                    self.counters.cut += 1
                    conn.abort()
                    return
                while self.stall:
                    await asyncio.sleep(0.05)
                if self.delay:
                    await asyncio.sleep(self.delay)
                conn.down_writer.write(data)
                await conn.down_writer.drain()
        except (OSError, asyncio.CancelledError, ssl.SSLError):
            pass
        finally:
            self._finish(conn)

    def _finish(self, conn: _Conn) -> None:
        if conn in self._conns:
            self._conns.discard(conn)
            for writer in (conn.down_writer, conn.up_writer):
                if writer is not None and not writer.is_closing():
                    writer.close()


def wait_until(predicate, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
