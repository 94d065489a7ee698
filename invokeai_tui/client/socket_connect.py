"""Low-level Socket.IO connection to InvokeAI: websocket only, prefix-aware path, token auth."""

from __future__ import annotations

import asyncio
import inspect
import json as _stdlib_json
import time
from typing import TYPE_CHECKING, Any

from .connection import ServerLocation

if TYPE_CHECKING:
    import socketio

# python-socketio (with aiohttp and engine.io) is imported when the first socket is made, not
# when the client is: that import costs ~0.2 s, which an app would rather spend drawing.

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; without it events are only slower
    orjson = None


class FastJSON:
    """The json "module" handed to python-socketio (and through it to engine.io).

    Progress events carry a ~12 kB base64 preview each and arrive by the thousand: orjson
    decodes one about three times faster than the standard library. What orjson refuses
    (NaN/Infinity, which Python servers may send) is decoded by engine.io's own loader, which
    also keeps its guard against huge integers; orjson turns those into floats instead.
    Outgoing messages are few and small: the standard library writes them."""

    @staticmethod
    def loads(data: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if orjson is not None:
            try:
                return orjson.loads(data)
            except orjson.JSONDecodeError:
                pass
        from engineio import json as engineio_json

        return engineio_json.loads(data, *args, **kwargs)

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return _stdlib_json.dumps(obj, *args, **kwargs)


_inline_client_class: type | None = None
READ_SLICE_S = 0.004  # the longest the event read loop runs before giving the loop a turn


def _inline_async_client() -> type:
    """socketio.AsyncClient whose engine.io client hands each EVENT packet to Socket.IO in its
    read loop (made once, on first use, so that socketio is imported late)."""
    global _inline_client_class
    if _inline_client_class is not None:
        return _inline_client_class
    import engineio
    import socketio

    class InlineEngineIOClient(engineio.AsyncClient):
        """engine.io starts one asyncio task per message so that handlers may run concurrently;
        for a stream of thousands of small events that costs more than the handling itself and
        lets a backlog of tasks queue ahead of everything else on the loop (key presses
        included). Only for handlers that never wait on the socket themselves (an ack awaited
        here would deadlock)."""

        _slice_started = 0.0

        async def _trigger_event(self, event, *args, **kwargs):
            # Only plain Socket.IO EVENT packets ("2..."): a DISCONNECT handled in the read loop
            # would wait for the read loop to end, and connects/acks are rare anyway.
            if not (event == "message" and args and isinstance(args[0], str) and args[0][:1] == "2"):
                return await super()._trigger_event(event, *args, **kwargs)
            kwargs.pop("run_async", None)
            result = await super()._trigger_event(event, *args, **kwargs)
            # Buffered packets are read without the loop ever suspending: let the rest of the
            # program (key presses, drawing) run at least every few milliseconds of a flood.
            now = time.monotonic()
            if now - self._slice_started > READ_SLICE_S:
                await asyncio.sleep(0)
                self._slice_started = time.monotonic()
            return result

    class InlineAsyncClient(socketio.AsyncClient):
        def _engineio_client_class(self):
            return InlineEngineIOClient

    _inline_client_class = InlineAsyncClient
    return InlineAsyncClient


def new_socketio_client(*, inline_messages: bool = False, **kwargs: Any) -> socketio.AsyncClient:
    """An AsyncClient that never installs a SIGINT handler (the app owns Ctrl+C) and decodes
    packets with FastJSON (python-socketio sets the codec for every client of the process).
    `inline_messages`: handle messages in the read loop (see _InlineEngineIOClient): only for
    the client's own event stream, whose handler is quick and never awaits the socket."""
    import socketio

    params = inspect.signature(socketio.AsyncClient.__init__).parameters
    if "handle_sigint" in params:
        kwargs.setdefault("handle_sigint", False)
    kwargs.setdefault("json", FastJSON)
    return (_inline_async_client() if inline_messages else socketio.AsyncClient)(**kwargs)


async def connect_socketio_client(
    sio: socketio.AsyncClient,
    location: ServerLocation,
    token: str | None,
    *,
    wait_timeout: float = 10.0,
) -> None:
    """Connect `sio` to the server. Websocket transport only: the polling handshake
    answers HTTP 500 on InvokeAI 6.14 with newer starlette when gzip is accepted."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    await sio.connect(
        location.origin,
        headers=headers,
        auth={"token": token} if token else None,
        transports=["websocket"],
        socketio_path=location.socketio_path,
        wait_timeout=wait_timeout,
    )
