"""The app's one thumbnail cache: every preview (the boards pane, a run's results, the image picker)
asks it, so an image seen in one place is not fetched again in another."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Awaitable, Callable

THUMBNAIL_CACHE_SIZE = 64  # WebP thumbnails of at most 256 px: a few MB at most


class ThumbnailCache:
    """An LRU of thumbnail bytes keyed by image name, bounded to ``size`` entries. ``fetch`` asks the
    server (through whatever client the app uses at that moment: it changes on a new login)."""

    def __init__(self, fetch: Callable[[str], Awaitable[bytes]], size: int = THUMBNAIL_CACHE_SIZE) -> None:
        self._fetch = fetch
        self._size = size
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._fetching: dict[str, asyncio.Future[bytes]] = {}  # asked for, not here yet

    def __len__(self) -> int:
        return len(self._entries)

    def cached(self, image_name: str) -> bytes | None:
        """The bytes if they are here already (no request)."""
        data = self._entries.get(image_name)
        if data is not None:
            self._entries.move_to_end(image_name)
        return data

    async def get(self, image_name: str) -> bytes:
        """The thumbnail of ``image_name``, from the cache or the server (errors are the client's).
        Asked for again while on its way (the preview and the grid want the cursor's image at once),
        it is fetched once."""
        data = self.cached(image_name)
        if data is not None:
            return data
        fetching = self._fetching.get(image_name)
        if fetching is not None:
            return await asyncio.shield(fetching)  # a waiter cancelled does not cancel the fetch
        fetching = asyncio.ensure_future(self._fetch(image_name))
        self._fetching[image_name] = fetching
        fetching.add_done_callback(lambda done: self._arrived(image_name, done))
        return await asyncio.shield(fetching)

    def _arrived(self, image_name: str, done: asyncio.Future[bytes]) -> None:
        wanted = self._fetching.get(image_name) is done  # not if the cache was cleared meanwhile
        if wanted:
            del self._fetching[image_name]
        if done.cancelled() or done.exception() is not None or not wanted:
            return
        self._entries[image_name] = done.result()
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def reserve(self, count: int) -> None:
        """Keep at least ``count`` thumbnails (the grid: the pages on and around the screen)."""
        self._size = max(self._size, count)

    def clear(self) -> None:
        self._entries.clear()
        self._fetching.clear()  # on their way still, but not kept
