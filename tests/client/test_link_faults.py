"""The client over a slow or lossy link (a loopback proxy in front of the real server): delays,
stalls that must time out with a clear message, cut connections (reads retried, writes never),
an enqueue whose answer is lost (exactly one queue item afterwards) and an outage."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from tests.support import rest as helpers
from tests.support.faults.fault_proxy import FaultProxy
from invokeai_tui.client import (
    AsyncInvokeAIClient,
    RequestTimeoutError,
    ServerUnreachableError,
)

pytestmark = pytest.mark.faults


@pytest.fixture
def proxy(server_url):
    with FaultProxy.for_url(server_url) as running:
        yield running


def items_of_origin(url: str, origin: str) -> list[dict]:
    ids = helpers.api(url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]
    items = helpers.api(url, "POST", "/api/v1/queue/default/items_by_ids", json={"item_ids": ids})
    return [item for item in items if item.get("origin") == origin]


async def test_slow_link_still_works(proxy):
    proxy.delay = 0.15
    async with AsyncInvokeAIClient.from_url(proxy.url, timeout=10) as client:
        started = time.monotonic()
        assert await client.get_version()
        boards = await client.board_repo.list_boards(include_uncategorized=True)
        assert any(b.board_id == "none" for b in boards)
        took = time.monotonic() - started
        assert took >= 0.3  # the delay really applied (two requests, two ways)
        assert await client.events.start(timeout=20) is True  # the socket works through it too


async def test_stalled_server_times_out_with_a_clear_message(proxy):
    async with AsyncInvokeAIClient.from_url(proxy.url, timeout=1.0, max_retries=1, retry_backoff=0.05) as client:
        await client.get_version()  # a live connection first
        proxy.stall = True
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            await client.board_repo.list_boards()
        took = time.monotonic() - started
        message = str(info.value)
        assert "did not answer within 1 s" in message and "Traceback" not in message
        assert took < 6, f"a 1 s timeout with one retry took {took:.1f} s"
        proxy.stall = False
        proxy.cut_all()  # the stalled connections are dead for good
        client.timeout = 30.0  # the server may be busy; recovery is the point here
        assert await client.board_repo.list_boards() is not None  # and the client recovers


async def test_cut_connections_reads_are_retried(proxy):
    async with AsyncInvokeAIClient.from_url(proxy.url, max_retries=3, retry_backoff=0.05) as client:
        proxy.cut_next(2)
        boards = await client.board_repo.list_boards(include_uncategorized=True)
        assert boards and proxy.counters.cut >= 2


async def test_cut_connections_beyond_retries_fail_clearly(proxy):
    async with AsyncInvokeAIClient.from_url(proxy.url, max_retries=2, retry_backoff=0.05) as client:
        proxy.cut_next(10)
        with pytest.raises(ServerUnreachableError) as info:
            await client.board_repo.list_boards()
        assert "connection" in str(info.value).lower() and "Traceback" not in str(info.value)


async def test_cut_write_is_not_resent(proxy, server_url):
    origin = f"cut-{uuid.uuid4().hex[:8]}"
    batch = {"graph": helpers.blank_blur_graph(None), "runs": 1, "origin": origin, "destination": "gallery"}
    async with AsyncInvokeAIClient.from_url(proxy.url, max_retries=3, retry_backoff=0.05) as client:
        await client.get_version()
        proxy.cut_all()
        proxy.cut_next(1)  # cut once the enqueue's bytes arrived, before the server sees them
        with pytest.raises(ServerUnreachableError):
            await client.queue_repo.enqueue_batch(batch)
    await asyncio.sleep(0.5)
    assert items_of_origin(server_url, origin) == []  # never resent: nothing was enqueued


async def test_enqueue_whose_answer_is_lost_is_never_repeated(proxy, server_url):
    origin = f"dropped-{uuid.uuid4().hex[:8]}"
    batch = {"graph": helpers.blank_blur_graph(None), "runs": 1, "origin": origin, "destination": "gallery"}
    async with AsyncInvokeAIClient.from_url(proxy.url, max_retries=3, retry_backoff=0.05) as client:
        proxy.drop_answer_to(b"enqueue_batch")
        with pytest.raises(ServerUnreachableError) as info:
            await client.queue_repo.enqueue_batch(batch)
        message = str(info.value)
        assert proxy.counters.answers_dropped == 1
        # The person must learn that it may have reached the server, and that it was not resent.
        assert "not sent again" in message and "queue" in message.lower(), message
        # The link works again for the next request.
        assert await client.get_version()
    await asyncio.sleep(0.5)
    found = items_of_origin(server_url, origin)
    assert len(found) == 1, f"expected exactly one queue item, found {len(found)}"
    helpers.wait_for_item(server_url, found[0]["item_id"])


async def test_outage_then_recovery(proxy):
    async with AsyncInvokeAIClient.from_url(proxy.url, max_retries=0) as client:
        client.events.reconnect_delay = 0.1
        client.events.reconnect_delay_max = 1.0
        assert await client.events.start(timeout=20) is True
        proxy.go_down()
        with pytest.raises(ServerUnreachableError) as info:
            await client.board_repo.list_boards()
        assert "cannot connect" in str(info.value)
        deadline = time.monotonic() + 15
        while client.events.is_live and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert not client.events.is_live
        proxy.come_back()
        back = time.monotonic()
        assert await client.events.wait_until_live(10)
        assert time.monotonic() - back < 5
        assert await client.board_repo.list_boards() is not None
