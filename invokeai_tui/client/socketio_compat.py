"""Every use of a private python-socketio / python-engineio internal, in one place.

Pinned: python-socketio 5.18.1 (pyproject.toml) with python-engineio 4.15.1, the version it
resolves to. tests/unit/test_client_socketio_compat.py fails when either installed version
moves: read the internals used below again in the new release before changing the pins.

What is worked around, and why:
- ``engineio.AsyncClient._trigger_event`` (overridden): engine.io starts one asyncio task per
  incoming message so that handlers may run concurrently. For thousands of small progress events a
  second that costs more than the handling itself and lets a backlog of tasks queue ahead of key
  presses. The override handles plain Socket.IO EVENT packets in the read loop instead (and gives
  the loop a turn every few milliseconds of a flood).
- ``socketio.AsyncClient._engineio_client_class`` (overridden): the only way to make a Socket.IO
  client use that engine.io client class.
"""

from __future__ import annotations

import asyncio
import time

PINNED = {"python-socketio": "5.18.1", "python-engineio": "4.15.1"}
READ_SLICE_S = 0.004  # the longest the event read loop runs before giving the loop a turn

_inline_client_class: type | None = None


def installed_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in PINNED}


def inline_async_client_class() -> type:
    """socketio.AsyncClient whose engine.io client hands each EVENT packet to Socket.IO in its
    read loop (made once, on first use, so that socketio is imported late). Only for handlers that
    never wait on the socket themselves (an ack awaited in the read loop would deadlock)."""
    global _inline_client_class
    if _inline_client_class is not None:
        return _inline_client_class
    import engineio
    import socketio

    class InlineEngineIOClient(engineio.AsyncClient):
        _slice_started = 0.0

        async def _trigger_event(self, event, *args, **kwargs):  # private: see the module docstring
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
        def _engineio_client_class(self):  # private: see the module docstring
            return InlineEngineIOClient

    _inline_client_class = InlineAsyncClient
    return InlineAsyncClient
