"""WorkflowRun apart from any form: subscribe before enqueue, stream outputs, fall back to the server,
and the handle's seed names going through it. A fake client stands for the server."""

from __future__ import annotations

import asyncio

import pytest
from .test_workflow_run_events import GRAPH, complete, status

from invokeai_tui.client import AsyncInvokeAIClient, EnqueueResult, QueueItem, QueueItemSummary
from invokeai_tui.workflow import OutputNaming, WorkflowClient, WorkflowRun
from invokeai_tui.workflow.errors import WorkflowRunError

IMAGE = {"image": {"image_name": "x.png"}, "type": "image_output"}


class FakeSubscription:
    def __init__(self) -> None:
        self.queue: asyncio.Queue = asyncio.Queue()
        self.dropped = 0
        self.closed = False

    async def get(self, timeout=None):
        return await asyncio.wait_for(self.queue.get(), timeout)

    def get_nowait(self):
        return None if self.queue.empty() else self.queue.get_nowait()

    def close(self) -> None:
        self.closed = True


class FakeEvents:
    is_live = True

    def __init__(self) -> None:
        self.subscriptions: list[tuple[dict, FakeSubscription]] = []

    async def start(self, wait=True, timeout=10.0) -> bool:
        return True

    def subscribe(self, **filters) -> FakeSubscription:
        sub = FakeSubscription()
        self.subscriptions.append((filters, sub))
        return sub


class FakeQueue:
    def __init__(self, events: FakeEvents) -> None:
        self.events = events
        self.stored: dict[int, QueueItem] = {}
        self.canceled: list[str] = []

    async def enqueue_batch(self, batch, prepend=False) -> EnqueueResult:
        assert self.events.subscriptions, "the run listens before it enqueues"
        return EnqueueResult(enqueued=1, requested=1, item_ids=[1], batch={"batch_id": batch["batch_id"]})

    async def get_summaries_by_ids(self, item_ids):
        return [QueueItemSummary(item_id=i, status=self.stored[i].status if i in self.stored else "in_progress")
                for i in item_ids]

    async def get_items_by_ids(self, item_ids):
        return [self.stored[i] for i in item_ids if i in self.stored]

    async def cancel_by_batch_ids(self, batch_ids) -> int:
        self.canceled += batch_ids
        return 1


class FakeClient:
    def __init__(self) -> None:
        self.events = FakeEvents()
        self.queue_repo = FakeQueue(self.events)
        self.image_repo = None
        self.dnn_model_repo = None

    async def get_openapi(self, refresh=False):
        return {}


def body():
    return {"batch": {"graph": GRAPH, "workflow": {"name": "w"}, "data": []}, "prepend": False}


async def started(client: FakeClient) -> tuple[WorkflowRun, FakeSubscription]:
    run = await WorkflowRun.start(client, body(), name="w", naming=OutputNaming({"save": "Save"}))
    filters, sub = client.events.subscriptions[-1]
    assert filters["batch_ids"] == [run.batch_id] and run.item_ids == [1]
    return run, sub


def feed_one_item(sub: FakeSubscription, final: str = "completed") -> None:
    sub.queue.put_nowait(complete(1, "save", "p2", "save_image", IMAGE, is_intermediate=False,
                                  board={"board_id": "B"}))
    sub.queue.put_nowait(status(1, final, **({"error_type": "Boom", "error_message": "no"} if final == "failed" else {})))


async def test_outputs_stream_as_they_are_saved_and_the_item_comes_from_events():
    client = FakeClient()
    run, sub = await started(client)
    feed_one_item(sub)
    outputs = [out async for out in run.outputs(timeout=5)]
    assert [(o.node_id, o.label, o.image_names, o.board_id) for o in outputs] == [("save", "Save", ["x.png"], "B")]
    assert [item.item_id for item in run.completed] == [1] and run.completed[0].from_events
    assert sub.closed


async def test_outputs_missed_by_events_come_from_the_server_at_the_end():
    client = FakeClient()
    run, sub = await started(client)
    run.events.distrust()  # e.g. a reconnect: the server's items decide
    stored = {"item_id": 1, "status": "completed", "session": {
        "graph": GRAPH, "results": {"p2": IMAGE}, "prepared_source_mapping": {"p2": "save"}}}
    client.queue_repo.stored[1] = QueueItem.model_validate(stored)
    outputs = [out async for out in run.outputs(timeout=5, poll_interval=0.05)]
    assert [(o.node_id, o.image_names) for o in outputs] == [("save", ["x.png"])]


async def test_wait_for_all_calls_on_output_then_raises_the_servers_error():
    client = FakeClient()
    run, sub = await started(client)
    feed_one_item(sub, "failed")
    announced = []
    with pytest.raises(WorkflowRunError) as caught:
        await run.wait_for_all(timeout=5, on_output=announced.append)
    assert (caught.value.error_type, caught.value.item_id) == ("Boom", 1)
    assert [o.node_id for o in announced] == ["save"]
    assert await run.cancel() == 1 and client.queue_repo.canceled == [run.batch_id]


def test_the_client_service_satisfies_the_engines_protocol():
    assert isinstance(AsyncInvokeAIClient(host="fake"), WorkflowClient)
    assert isinstance(FakeClient(), WorkflowClient)
