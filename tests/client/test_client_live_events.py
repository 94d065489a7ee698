"""The event stream against the real server: the events of one run arrive in order, with
denoising percentages, through a subscription registered before the enqueue."""

import uuid

import pytest

from tests.support import rest as helpers
from invokeai_tui.client import (
    AsyncInvokeAIClient,
    InvocationCompleteEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    QueueItemStatusChangedEvent,
)


async def test_events_of_one_run_in_order_with_percentages(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        assert await client.events.start(timeout=15) is True
        sd15 = next(m for m in await client.dnn_model_repo.list_models(type="main") if m.base == "sd-1")
        graph = helpers.text_to_image_graph(sd15.model_dump(), None, steps=4, size=64)
        batch_id = f"client-events-{uuid.uuid4().hex[:8]}"
        sub = client.events.subscribe(batch_ids=[batch_id])  # registered BEFORE the enqueue
        result = await client.queue_repo.enqueue_batch(
            {"batch_id": batch_id, "graph": graph, "runs": 1, "origin": "client-tests", "destination": "gallery"}
        )
        item_id = result.item_ids[0]
        events = []
        async for event in sub:
            if getattr(event, "item_id", None) not in (None, item_id):
                continue
            events.append(event)
            if isinstance(event, QueueItemStatusChangedEvent) and event.is_terminal:
                break
        sub.close()

    kinds = [e.event for e in events if e.event != "connection_state"]
    statuses = [e.status for e in events if isinstance(e, QueueItemStatusChangedEvent)]
    assert statuses == ["in_progress", "completed"]
    assert kinds[0] in ("batch_enqueued", "queue_item_status_changed")
    assert kinds[-1] == "queue_item_status_changed"
    first_status = kinds.index("queue_item_status_changed")
    assert all(k != "invocation_started" for k in kinds[:first_status])

    # Each node: started before complete; every graph node completes.
    order = {}
    for index, event in enumerate(events):
        if isinstance(event, (InvocationStartedEvent, InvocationCompleteEvent)):
            order.setdefault(event.invocation_source_id, []).append((event.event, index))
    assert set(order) == set(graph["nodes"])
    for node, seen in order.items():
        assert [name for name, _ in seen] == ["invocation_started", "invocation_complete"], node

    percentages = [e.percentage for e in events
                   if isinstance(e, InvocationProgressEvent) and e.node_id == "denoise" and e.percentage is not None]
    assert len(percentages) >= 4
    assert percentages == sorted(percentages) and percentages[-1] == pytest.approx(1.0)
    previews = [e.image for e in events if isinstance(e, InvocationProgressEvent) and e.image]
    assert previews and previews[0].dataURL.startswith("data:image/")
    l2i = next(e for e in events if isinstance(e, InvocationCompleteEvent) and e.node_id == "l2i")
    assert l2i.image_name and l2i.item_id == item_id
