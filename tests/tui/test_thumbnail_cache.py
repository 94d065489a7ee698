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
