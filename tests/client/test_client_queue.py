"""The session queue against the real server: enqueue, status, items, cancel (incl. a long
model-free run), cancel by batch, clear, prune, retry of a failed item, pause/resume."""

import asyncio

import pytest

from tests.support import rest as helpers
from tests.support.client_support import wait_status
from invokeai_tui.client import AsyncInvokeAIClient, NotFoundError


@pytest.fixture
async def client(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as c:
        yield c
        await c.queue_repo.resume_processor()  # never leave the queue paused


def batch(graph, runs=1):
    return {"graph": graph, "runs": runs, "origin": "client-tests", "destination": "gallery"}


async def test_pause_resume_status_items_and_batch(client):
    queue = client.queue_repo
    assert (await queue.pause_processor()).is_started is False
    status = await queue.get_status()
    assert status.processor.is_started is False
    result = await queue.enqueue_batch(batch(helpers.blank_blur_graph(None, 8, 8), runs=2))
    assert result.enqueued == 2 and result.item_ids == sorted(result.item_ids) and result.batch_id
    await asyncio.sleep(0.5)
    status = await queue.get_status()
    assert status.queue.pending >= 2
    summaries = await queue.get_summaries_by_ids(result.item_ids)
    assert [s.item_id for s in summaries] == result.item_ids
    assert all(s.status == "pending" and s.batch_id == result.batch_id for s in summaries)
    items = await queue.get_items_by_ids(result.item_ids)
    assert all(i.session and "graph" in i.session for i in items)
    assert set(result.item_ids) <= set(await queue.get_item_ids())
    rows, total = await queue.list_items(0, 2)
    assert total >= 2 and len(rows) == 2
    batch_status = await queue.get_batch_status(result.batch_id)
    assert (batch_status.pending, batch_status.total) == (2, 2) and not batch_status.is_done
    assert await queue.get_current() is None

    assert (await queue.resume_processor()).is_started is True
    for item_id in result.item_ids:
        assert await wait_status(client, item_id, {"completed", "failed"}) == "completed"
    assert (await queue.get_batch_status(result.batch_id)).is_done


async def test_cancel_a_long_model_free_run(client):
    queue = client.queue_repo
    result = await queue.enqueue_batch(batch(helpers.long_running_graph()))
    item_id = result.item_ids[0]
    await wait_status(client, item_id, {"in_progress"}, timeout=30)
    current = await queue.get_current()
    assert current is not None and current.item_id == item_id
    canceled = await queue.cancel_item(item_id)
    assert canceled.status == "canceled"
    assert (await queue.get_item(item_id)).status == "canceled"
    for _ in range(100):  # the running node finishes, then nothing else runs
        if await queue.get_current() is None:
            break
        await asyncio.sleep(0.1)
    assert await queue.get_current() is None


async def test_cancel_by_batch_and_clear(client):
    queue = client.queue_repo
    await queue.pause_processor()
    first = await queue.enqueue_batch(batch(helpers.blank_blur_graph(None, 8, 8), runs=2))
    assert await queue.cancel_by_batch_ids([first.batch_id]) == 2
    assert {i.status for i in await queue.get_items_by_ids(first.item_ids)} == {"canceled"}

    second = await queue.enqueue_batch(batch(helpers.blank_blur_graph(None, 8, 8), runs=3))
    deleted = await queue.clear()
    assert deleted >= 3
    assert await queue.get_item_ids() == []
    with pytest.raises(NotFoundError):
        await queue.get_item(second.item_ids[0])


async def test_retry_failed_item_then_prune(client):
    queue = client.queue_repo
    failed_id = (await queue.enqueue_batch(batch(helpers.failing_graph()))).item_ids[0]
    assert await wait_status(client, failed_id, {"completed", "failed"}) == "failed"
    failed = await queue.get_item(failed_id)
    assert failed.error_type == "ImageRecordNotFoundException" and failed.error_message

    assert await queue.retry_items([failed_id]) == [failed_id]
    retried = [i for i in await queue.get_items_by_ids(await queue.get_item_ids()) if i.retried_from_item_id == failed_id]
    assert len(retried) == 1 and retried[0].item_id != failed_id
    assert await wait_status(client, retried[0].item_id, {"completed", "failed"}) == "failed"

    assert await queue.prune() >= 2
    remaining = await queue.get_items_by_ids(await queue.get_item_ids())
    assert all(not i.is_terminal for i in remaining)
