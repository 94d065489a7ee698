"""Event parsing (whole catalogue), stale-update dropping and listener fan-out."""

import asyncio

import pytest

from invokeai_tui.client import AsyncInvokeAIClient, ConnectionStateEvent, GenericEvent
from invokeai_tui.client import events as ev

BASE = {"timestamp": 1795721079, "queue_id": "default", "item_id": 1, "batch_id": "b1", "origin": "t",
        "destination": "gallery", "user_id": "system"}
INV = {**BASE, "session_id": "s", "invocation": {"id": "x", "type": "blank_image"}, "invocation_source_id": "blank"}

SAMPLES = {
    "invocation_started": INV,
    "invocation_progress": {**INV, "message": "Denoising", "percentage": 0.5,
                            "image": {"width": 8, "height": 8, "dataURL": "data:image/jpeg;base64,AA"}, "device": None},
    "invocation_complete": {**INV, "result": {"image": {"image_name": "i.png"}, "type": "image_output"}},
    "invocation_error": {**INV, "error_type": "E", "error_message": "m", "error_traceback": "tb"},
    "queue_item_status_changed": {**BASE, "status": "in_progress", "status_sequence": 1, "session_id": "s",
                                  "batch_status": {"queue_id": "default", "batch_id": "b1", "pending": 0,
                                                   "in_progress": 1, "total": 1},
                                  "queue_status": {"queue_id": "default", "pending": 0, "in_progress": 1}},
    "batch_enqueued": {"timestamp": 1, "queue_id": "default", "batch_id": "b1", "enqueued": 2, "requested": 2,
                       "priority": 0, "origin": "t", "user_id": "system"},
    "queue_items_retried": {"timestamp": 1, "queue_id": "default", "retried_item_ids": [8], "user_ids": ["system"]},
    "queue_items_canceled": {"timestamp": 1, "queue_id": "default", "canceled_item_ids": [7, 8]},
    "queue_cleared": {"timestamp": 1, "queue_id": "default", "user_id": None},
    "recall_parameters_updated": {"timestamp": 1, "queue_id": "default", "parameters": {"a": 1}},
    "model_load_started": {"timestamp": 1, "config": {"key": "k"}, "submodel_type": "unet"},
    "model_load_complete": {"timestamp": 1, "config": {"key": "k"}, "submodel_type": None},
    "model_install_download_progress": {"timestamp": 1, "id": 3, "source": "s", "bytes": 5, "total_bytes": 9},
    "model_install_downloads_complete": {"timestamp": 1, "id": 3, "source": "s"},
    "model_install_started": {"timestamp": 1, "id": 3, "source": "s"},
    "model_install_complete": {"timestamp": 1, "id": 3, "source": "s", "key": "k", "total_bytes": 9},
    "model_install_cancelled": {"timestamp": 1, "id": 3, "source": "s"},
    "model_install_error": {"timestamp": 1, "id": 3, "source": "s", "error_type": "E", "error": "x"},
    "download_started": {"timestamp": 1, "source": "u", "download_path": "/p"},
    "download_progress": {"timestamp": 1, "source": "u", "download_path": "/p", "current_bytes": 1, "total_bytes": 2},
    "download_complete": {"timestamp": 1, "source": "u", "download_path": "/p", "total_bytes": 2},
    "download_cancelled": {"timestamp": 1, "source": "u"},
    "download_error": {"timestamp": 1, "source": "u", "error_type": "E", "error": "x"},
    "bulk_download_started": {"timestamp": 1, "bulk_download_id": "default", "bulk_download_item_name": "z.zip"},
    "bulk_download_complete": {"timestamp": 1, "bulk_download_id": "default", "bulk_download_item_name": "z.zip"},
    "bulk_download_error": {"timestamp": 1, "bulk_download_id": "default", "error": "x"},
    "workflow_created": {"timestamp": 1, "workflow_id": "w", "user_id": "u", "is_public": True},
    "workflow_updated": {"timestamp": 1, "workflow_id": "w", "old_is_public": False, "new_is_public": True},
    "workflow_deleted": {"timestamp": 1, "workflow_id": "w", "is_public": True},
    "workflow_access_revoked": {"timestamp": 1, "workflow_id": "w", "user_id": "u"},
    "llm_task_progress": {"timestamp": 1, "task_id": "t", "phase": "generating", "percentage": 0.1},
    "llm_task_complete": {"timestamp": 1, "task_id": "t"},
    "llm_task_error": {"timestamp": 1, "task_id": "t", "error": "x"},
}


def test_samples_cover_whole_catalogue():
    assert set(SAMPLES) == set(ev.EVENT_TYPES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_catalogue_event_is_typed(name):
    event = ev.parse_event(name, SAMPLES[name])
    assert type(event) is ev.EVENT_TYPES[name]
    assert event.event == name


def test_typed_fields():
    progress = ev.parse_event("invocation_progress", SAMPLES["invocation_progress"])
    assert progress.percentage == 0.5 and progress.image.width == 8 and progress.node_id == "blank"
    complete = ev.parse_event("invocation_complete", SAMPLES["invocation_complete"])
    assert complete.image_name == "i.png"
    status = ev.parse_event("queue_item_status_changed", SAMPLES["queue_item_status_changed"])
    assert status.batch_status.in_progress == 1 and not status.is_terminal
    status = ev.parse_event("queue_item_status_changed", {**SAMPLES["queue_item_status_changed"], "status": "waiting"})
    assert status.status == "waiting"  # unknown-to-us statuses are kept as strings


@pytest.mark.parametrize(("name", "payload"), [
    ("something_new_in_7_0", {"x": 1}),
    ("invocation_progress", "not a dict"),
    ("queue_item_status_changed", {"item_id": "not-an-int"}),
    ("batch_enqueued", None),
])
def test_unknown_or_malformed_become_generic(name, payload):
    event = ev.parse_event(name, payload)
    assert isinstance(event, GenericEvent)
    assert event.event == name and event.payload == payload


def status(item_id, seq, st):
    return {**BASE, "item_id": item_id, "status": st, "status_sequence": seq}


async def test_stale_status_updates_are_dropped():
    stream = AsyncInvokeAIClient().events
    sub = stream.subscribe(event_types=["queue_item_status_changed"])
    assert stream.feed("queue_item_status_changed", status(1, 2, "completed")) is not None
    assert stream.feed("queue_item_status_changed", status(1, 1, "in_progress")) is None  # stale
    assert stream.feed("queue_item_status_changed", status(1, 2, "completed")) is None  # duplicate
    assert stream.feed("queue_item_status_changed", status(2, 1, "in_progress")) is not None  # other item
    got = [sub.get_nowait(), sub.get_nowait(), sub.get_nowait()]
    assert [(e.item_id, e.status) for e in got if e] == [(1, "completed"), (2, "in_progress")]
    assert stream.stale_dropped == 2


async def test_filters_by_item_and_batch_and_type():
    stream = AsyncInvokeAIClient().events
    by_item = stream.subscribe(item_ids=[5])
    by_batch = stream.subscribe(batch_ids=["bX"], event_types=["invocation_complete"])
    stream.feed("invocation_started", {**INV, "item_id": 5})
    stream.feed("invocation_complete", {**INV, "item_id": 6, "batch_id": "bX"})
    stream.feed("invocation_complete", {**INV, "item_id": 7, "batch_id": "other"})
    assert by_item.get_nowait().item_id == 5 and by_item.get_nowait() is None
    assert by_batch.get_nowait().item_id == 6 and by_batch.get_nowait() is None


async def test_bounded_queue_drops_oldest():
    stream = AsyncInvokeAIClient().events
    sub = stream.subscribe(maxsize=3)
    for i in range(5):
        stream.feed("invocation_started", {**INV, "item_id": i})
    assert [sub.get_nowait().item_id for _ in range(3)] == [2, 3, 4]
    assert sub.dropped == 2


async def test_listeners_get_events_in_order_and_closed_subscription_stops():
    stream = AsyncInvokeAIClient().events
    seen_async, seen_sync = [], []

    async def slow(event):
        await asyncio.sleep(0.001)
        seen_async.append(event.item_id)

    remove = stream.add_listener(slow)
    stream.add_listener(lambda e: seen_sync.append(e.item_id))
    for i in range(20):
        stream.feed("invocation_started", {**INV, "item_id": i})
    await asyncio.sleep(0.2)
    assert seen_async == list(range(20)) and seen_sync == list(range(20))
    remove()
    stream.feed("invocation_started", {**INV, "item_id": 99})
    await asyncio.sleep(0.05)
    assert 99 not in seen_async and 99 in seen_sync


async def test_connection_state_events_pass_every_filter():
    stream = AsyncInvokeAIClient().events
    sub = stream.subscribe(item_ids=[1], event_types=["invocation_complete"])
    stream._set_state(ev.ConnectionState.RECONNECTING, "lost")
    event = await sub.get(timeout=1)
    assert isinstance(event, ConnectionStateEvent) and event.state == "reconnecting"
    sub.close()
    with pytest.raises(StopAsyncIteration):
        await sub.get(timeout=1)


async def test_stream_against_nothing_reports_not_live():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = AsyncInvokeAIClient(host="127.0.0.1", port=port)
    stream = client.events
    stream.reconnect_delay = 0.01
    sub = stream.subscribe()
    assert await stream.start(timeout=1.0) is False
    states = []
    while (e := sub.get_nowait()) is not None:
        states.append(e.state)
    assert "connecting" in states and "live" not in states
    assert "offline" in states  # after `offline_after` failed attempts; it keeps retrying
    assert stream.running
    await client.close()
    assert stream.state == "offline" and not stream.running


async def test_sequences_forgotten_after_reconnect_or_clear():
    stream = AsyncInvokeAIClient().events
    assert stream.feed("queue_item_status_changed", status(1, 2, "completed"))
    stream._forget_sequences()  # what a (re)connect does: a restarted server may reuse item ids
    assert stream.feed("queue_item_status_changed", status(1, 1, "in_progress")) is not None
    stream.feed("queue_cleared", {"timestamp": 1, "queue_id": "default", "user_id": None})
    assert stream.feed("queue_item_status_changed", status(1, 1, "in_progress")) is not None
