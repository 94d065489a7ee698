"""The synchronous facade: generic wrapping of async repositories and handles."""

import asyncio

import httpx

from invokeai_tui.pyclient.sync_client import InvokeAIClient, SyncProxy  # the seed facade: generic wrapping
from invokeai_tui.client.repositories.boards import BoardHandle


class Thing:
    __sync_proxy__ = True

    def __init__(self):
        self.n = 0

    async def bump(self, by=1):
        self.n += by
        return self.n

    async def wait_for_completion(self, timeout=None):
        return ("done", timeout)

    async def child(self):
        return Thing()

    def plain(self):
        return "plain"

    async def outputs(self, count):
        for n in range(count):
            await asyncio.sleep(0)
            yield n


def test_sync_proxy_blocks_and_maps_sync_suffix():
    client = InvokeAIClient(host="fake")
    try:
        proxy = SyncProxy(Thing(), client._runner)
        assert proxy.bump(2) == 2 and proxy.bump() == 3
        assert proxy.wait_for_completion_sync(timeout=5) == ("done", 5)  # seed-style *_sync name
        assert isinstance(proxy.child(), SyncProxy)
        assert proxy.plain() == "plain" and proxy.n == 3
        assert list(proxy.outputs(3)) == [0, 1, 2]  # an async generator iterates blocking
    finally:
        client.close()


def test_repository_methods_are_blocking_and_handles_wrapped():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/boards/b1":
            return httpx.Response(200, json={"board_id": "b1", "board_name": "one"})
        if request.url.path == "/api/v1/images/":
            assert request.url.params["board_id"] == "b1"
            assert request.url.params["offset"] == "20" and request.url.params["limit"] == "10"
            return httpx.Response(200, json={"items": [{"image_name": "a.png"}], "offset": 20, "limit": 10,
                                             "total": 21})
        return httpx.Response(404, json={"detail": "nope"})

    with InvokeAIClient(host="fake", transport=httpx.MockTransport(handler)) as client:
        handle = client.board_repo.get_board_handle("b1")
        assert isinstance(handle, SyncProxy) and isinstance(handle.async_target, BoardHandle)
        assert handle.board_name == "one"
        assert handle.list_images(offset=20, limit=10) == ["a.png"]
