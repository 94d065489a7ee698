"""A bounded cache of images' metadata, filled only for the images someone looks at.

The image list asks for the rows on screen; this fetches those it does not hold yet, a few at a
time, and keeps the most recently used ones, so memory stays flat on a board of any size. An image
without metadata (an upload) or whose metadata could not be read is held as ``None``: asked once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Iterable

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[dict[str, Any] | None]]
MISSING: Any = object()  # not fetched yet (None means "fetched: there is none")


class MetadataCache:
    def __init__(self, fetch: Fetch, max_entries: int = 2000, concurrency: int = 4) -> None:
        self._fetch = fetch
        self.max_entries = max_entries
        self._concurrency = concurrency
        self._entries: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
        self._pending: dict[str, asyncio.Future[None]] = {}  # name -> done when its fetch ends

    def get(self, name: str) -> dict[str, Any] | None:
        """The metadata held for ``name``: a dict, None (it has none), or ``MISSING``."""
        if name not in self._entries:
            return MISSING
        self._entries.move_to_end(name)
        return self._entries[name]

    def put(self, name: str, metadata: dict[str, Any] | None) -> None:
        self._entries[name] = metadata if isinstance(metadata, dict) else None
        self._entries.move_to_end(name)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def forget(self, names: Iterable[str] | None = None) -> None:
        """Drop ``names`` (all when None): they are fetched again when next asked for."""
        if names is None:
            self._entries.clear()
        else:
            for name in names:
                self._entries.pop(name, None)

    def wanted(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` neither held nor being fetched, in order, once each."""
        seen: set[str] = set()
        out = []
        for name in names:
            if name not in self._entries and name not in self._pending and name not in seen:
                seen.add(name)
                out.append(name)
        return out

    async def fetch_many(self, names: Iterable[str]) -> list[str]:
        """Fetch the ``wanted`` ones of ``names``; the names now held."""
        todo = self.wanted(names)
        if not todo:
            return []
        loop = asyncio.get_running_loop()
        for name in todo:
            self._pending[name] = loop.create_future()
        gate = asyncio.Semaphore(self._concurrency)

        async def one(name: str) -> None:
            async with gate:
                try:
                    self.put(name, await self._fetch(name))
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # shown by its file name meanwhile
                    log.debug("metadata of %s: %s", name, error)
                    status = getattr(error, "status", None)
                    if status is not None and 400 <= status < 500:
                        self.put(name, None)  # a deleted image or unreadable metadata: asked once
                    # else (the server unreachable, a 5xx): not held, so asked again when next shown
                finally:
                    self._settle(name)

        try:
            await asyncio.gather(*(one(name) for name in todo))
        finally:
            for name in todo:
                self._settle(name)
        return todo

    def _settle(self, name: str) -> None:
        future = self._pending.pop(name, None)
        if future is not None and not future.done():
            future.set_result(None)

    async def load(self, name: str) -> dict[str, Any] | None:
        """``name``'s metadata, fetched if need be (or awaited, if another caller is fetching it)."""
        for _attempt in range(3):
            if name in self._entries:
                return self.get(name)
            pending = self._pending.get(name)
            if pending is not None:
                await asyncio.shield(pending)  # that fetch may be cancelled: then ask again
            else:
                await self.fetch_many([name])
        metadata = self.get(name)
        return None if metadata is MISSING else metadata
