"""Low-level Socket.IO connection to InvokeAI: websocket only, prefix-aware path, token auth."""

from __future__ import annotations

import inspect
import json as _stdlib_json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .connection import ServerLocation
from .socketio_compat import inline_async_client_class

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


def new_socketio_client(*, inline_messages: bool = False, **kwargs: Any) -> socketio.AsyncClient:
    """An AsyncClient that never installs a SIGINT handler (the app owns Ctrl+C) and decodes
    packets with FastJSON (python-socketio sets the codec for every client of the process).
    `inline_messages`: handle messages in the read loop (see socketio_compat): only for
    the client's own event stream, whose handler is quick and never awaits the socket."""
    import socketio

    params = inspect.signature(socketio.AsyncClient.__init__).parameters
    if "handle_sigint" in params:
        kwargs.setdefault("handle_sigint", False)
    kwargs.setdefault("json", FastJSON)
    return (inline_async_client_class() if inline_messages else socketio.AsyncClient)(**kwargs)


TokenSource = Callable[[], "str | None"]


def auth_of(token: "str | None | TokenSource") -> tuple[Any, Any]:
    """The connect headers and Socket.IO auth for a token, or (given a callable) two callables
    that python-socketio calls on every (re)connect, so a token rotated meanwhile is the one sent."""
    if callable(token):
        source = token
        return (lambda: _headers(source())), (lambda: _auth(source()))
    return _headers(token), _auth(token)


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _auth(token: str | None) -> dict[str, str] | None:
    return {"token": token} if token else None


async def connect_socketio_client(
    sio: socketio.AsyncClient,
    location: ServerLocation,
    token: "str | None | TokenSource",
    *,
    wait_timeout: float = 10.0,
    retry: bool = False,
) -> None:
    """Connect `sio` to the server. Websocket transport only: the polling handshake
    answers HTTP 500 on InvokeAI 6.14 with newer starlette when gzip is accepted.
    `retry`: keep trying (python-socketio's reconnection policy) when the first attempt fails."""
    headers, auth = auth_of(token)
    kwargs: dict[str, Any] = {"retry": True} if retry else {}
    await sio.connect(
        location.origin,
        headers=headers,
        auth=auth,
        transports=["websocket"],
        socketio_path=location.socketio_path,
        wait_timeout=wait_timeout,
        **kwargs,
    )
