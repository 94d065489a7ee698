"""After the server is stopped and started again on the same port, the event stream reconnects
and resubscribes to the queue by itself (queue_cleared only reaches subscribed sockets)."""

import asyncio

import pytest

from tests.support.server import run_server_script, script_instance
from invokeai_tui.client import AsyncInvokeAIClient, ConnectionStateEvent, QueueClearedEvent

pytestmark = pytest.mark.restarts_server


async def next_state(sub, wanted: str, timeout: float):
    deadline = asyncio.get_running_loop().time() + timeout
    seen = []
    while True:
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"no {wanted!r} state within {timeout} s; saw {seen}"
        event = await sub.get(timeout=left)
        if isinstance(event, ConnectionStateEvent):
            seen.append(event.state.value)
            if event.state == wanted:
                return seen


async def test_stream_reconnects_and_resubscribes_after_restart(server_url, monkeypatch):
    import socketio

    instance = script_instance(server_url)
    emitted = []
    real_emit = socketio.AsyncClient.emit

    async def spy_emit(self, event, data=None, *args, **kwargs):
        emitted.append((event, data))
        return await real_emit(self, event, data, *args, **kwargs)

    monkeypatch.setattr(socketio.AsyncClient, "emit", spy_emit)
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        stream = client.events
        stream.reconnect_delay_max = 2.0
        states = stream.subscribe(event_types=[])
        assert await stream.start(timeout=15)
        assert stream.connect_count == 1

        await asyncio.to_thread(run_server_script, "kill", instance=instance)
        await next_state(states, "reconnecting", 30)
        url = await asyncio.to_thread(run_server_script, "start", instance=instance)
        assert url.rstrip("/") == server_url.rstrip("/")  # same port
        seen = await next_state(states, "live", 60)
        assert stream.connect_count == 2 and stream.is_live
        assert emitted.count(("subscribe_queue", {"queue_id": "default"})) == 2  # once per connection
        assert "live" not in seen[:-1]

        cleared = stream.subscribe(event_types=["queue_cleared"])
        await client.queue_repo.clear()
        event = await cleared.get(timeout=15)
        assert isinstance(event, QueueClearedEvent) and event.queue_id == "default"
        assert await client.health_check()
