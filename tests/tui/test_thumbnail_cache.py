"""The app's one thumbnail cache: fetched once, least recently used dropped first, bounded."""

import asyncio

from invokeai_tui.tui.thumbnails import ThumbnailCache


def test_fetches_once_and_drops_the_least_recently_used():
    asked: list[str] = []

    async def fetch(name: str) -> bytes:
        asked.append(name)
        return name.encode()

    async def scenario() -> None:
        cache = ThumbnailCache(fetch, size=2)
        assert await cache.get("a") == b"a"
        assert await cache.get("a") == b"a"  # from the cache
        await cache.get("b")
        assert cache.cached("a") == b"a"  # a is now the most recently used
        await cache.get("c")  # drops b
        assert len(cache) == 2 and cache.cached("b") is None
        await cache.get("b")
        cache.clear()
        assert len(cache) == 0

    asyncio.run(scenario())
    assert asked == ["a", "b", "c", "b"]


def test_asked_again_on_its_way_it_is_fetched_once_and_errors_reach_every_caller():
    asked: list[str] = []

    async def fetch(name: str) -> bytes:
        asked.append(name)
        await asyncio.sleep(0.01)
        if name == "bad":
            raise OSError("gone")
        return name.encode()

    async def scenario() -> None:
        cache = ThumbnailCache(fetch, size=4)
        assert await asyncio.gather(cache.get("a"), cache.get("a")) == [b"a", b"a"]
        errors = await asyncio.gather(cache.get("bad"), cache.get("bad"), return_exceptions=True)
        assert all(isinstance(e, OSError) for e in errors) and cache.cached("bad") is None
        waiter = asyncio.ensure_future(cache.get("c"))
        await asyncio.sleep(0)
        waiter.cancel()  # a caller that gives up (a preview replaced) leaves the fetch to finish
        await asyncio.sleep(0.03)
        assert cache.cached("c") == b"c"

    asyncio.run(scenario())
    assert asked == ["a", "bad", "c"]
