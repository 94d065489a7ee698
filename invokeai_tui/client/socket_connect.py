"""Low-level Socket.IO connection to InvokeAI: websocket only, prefix-aware path, token auth."""

from __future__ import annotations

import inspect
from typing import Any

import socketio

from .connection import ServerLocation


def new_socketio_client(**kwargs: Any) -> socketio.AsyncClient:
    """An AsyncClient that never installs a SIGINT handler (the app owns Ctrl+C)."""
    params = inspect.signature(socketio.AsyncClient.__init__).parameters
    if "handle_sigint" in params:
        kwargs.setdefault("handle_sigint", False)
    return socketio.AsyncClient(**kwargs)


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
