"""The Socket.IO packet codec: orjson for speed, engine.io's loader where orjson refuses."""

from __future__ import annotations

import json

import engineio.packet
import pytest
import socketio.packet

from invokeai_tui.client.socket_connect import FastJSON, new_socketio_client


def test_decodes_like_the_standard_library():
    payload = {"event": "invocation_progress", "percentage": 0.25, "image": {"dataURL": "data:image/jpeg;base64,"
               + "A" * 12000}, "nested": [1, 2.5, None, True, "é✓"], "item_id": 7}
    text = json.dumps(payload)
    assert FastJSON.loads(text) == json.loads(text)
    assert FastJSON.loads(text.encode()) == json.loads(text)
    assert json.loads(FastJSON.dumps(payload, separators=(",", ":"))) == payload


def test_nan_and_infinity_fall_back_to_the_standard_loader():
    decoded = FastJSON.loads('{"a": NaN, "b": Infinity, "c": 1}')
    assert decoded["a"] != decoded["a"] and decoded["b"] == float("inf") and decoded["c"] == 1


def test_huge_integers_cannot_stall_the_decoder():
    # orjson reads big ones as floats; past a double, engine.io's own guard refuses them
    # (Python's int parsing of a huge number is quadratic).
    assert FastJSON.loads('{"n": ' + "9" * 30 + "}")["n"] == 1e30
    with pytest.raises(ValueError, match="too large"):
        FastJSON.loads('{"n": ' + "9" * 5000 + "}")


def test_garbage_still_raises():
    with pytest.raises(ValueError):
        FastJSON.loads("{not json")


def test_clients_decode_packets_with_it():
    new_socketio_client()
    assert socketio.packet.Packet.json is FastJSON and engineio.packet.Packet.json is FastJSON
    packet = socketio.packet.Packet(encoded_packet='2["invocation_progress",{"item_id":3,"percentage":0.5}]')
    assert packet.data == ["invocation_progress", {"item_id": 3, "percentage": 0.5}]


async def test_event_stream_client_handles_events_in_the_read_loop():
    """EVENT packets are handled inline (no task per message); anything else still gets a task,
    so a server's DISCONNECT never waits on the read loop it runs in."""
    import asyncio

    seen = []

    async def handler(data):
        seen.append(data)

    eio = new_socketio_client(inline_messages=True).eio
    eio.handlers["message"] = handler
    assert await eio._trigger_event("message", '2["queue_cleared",{}]', run_async=True) is None
    assert seen == ['2["queue_cleared",{}]']  # already handled when the call returns
    task = await eio._trigger_event("message", "1", run_async=True)
    assert isinstance(task, asyncio.Task)
    await task
    assert seen[-1] == "1"
    plain = new_socketio_client().eio
    plain.handlers["message"] = handler
    assert isinstance(await plain._trigger_event("message", '2["x",{}]', run_async=True), asyncio.Task)
