"""An independent Socket.IO listener: records when the server says a queue item completed.

It shares no code with invokeai_tui.client (raw python-socketio), so the benchmarks have a witness
of when the server's ``queue_item_status_changed(completed)`` event arrived. Prints ``READY`` once
subscribed, then one line ``COMPLETED <item_id> <monotonic time>`` per completed item.

    python -m bench.listener http://127.0.0.1:9090
"""

from __future__ import annotations

import asyncio
import sys
import time

import socketio


async def main(url: str) -> None:
    sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)

    @sio.on("queue_item_status_changed")
    async def _changed(payload):
        if payload.get("status") == "completed":
            print(f"COMPLETED {payload.get('item_id')} {time.monotonic():.6f}", flush=True)

    await sio.connect(url, socketio_path="/ws/socket.io", transports=["websocket"])
    await sio.emit("subscribe_queue", {"queue_id": "default"})
    await asyncio.sleep(0.2)  # the subscription is handled before anything we measure is enqueued
    print("READY", flush=True)
    await sio.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1]))
    except KeyboardInterrupt:
        pass
