"""The grid's thumbnails: fetched a few at a time, in the order they are wanted, and decoded off the
event loop.

A page of the grid is 20-40 thumbnails. One task per thumbnail (as before) opened as many
connections at once (more than httpx keeps alive) and decoded each arrival on the event loop, in
the frames that draw the page. Here a few lanes (workers) take names from one queue: the page on
screen first, then the next one (ahead of a page down); a name no longer wanted (a page flown by) is
never fetched. The bytes come through the app's thumbnail cache (shared with the preview); each is
decoded in a thread and the picture kept while its bytes are still cached, so a prefetched page is
drawn without decoding anything.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from PIL import Image as PILImage

log = logging.getLogger(__name__)

LANES = 16  # thumbnails fetched at once: the server works on a page while our frames draw; fewer than the
# connections httpx keeps alive (20), so paging does not open new ones


# One thread for every grid: decoding a thumbnail is short, and every thread that allocates gets a
# malloc arena of its own.
_decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thumbnail-decode")


def decode(data: bytes) -> PILImage.Image | None:
    """The picture in thumbnail bytes (None: not an image; a bad thumbnail is an empty cell, never a crash)."""
    try:
        picture = PILImage.open(io.BytesIO(data))
        picture.load()
    except Exception as exc:  # noqa: BLE001
        log.warning("grid: cannot read a thumbnail: %s", exc)
        return None
    return picture


class GridThumbnails:
    """Loads thumbnails for ``owner`` (a widget: its workers die with it) through ``cache`` (the app's
    ThumbnailCache) and hands each decoded picture to ``arrived(name, picture)``."""

    def __init__(self, owner, cache, arrived: Callable[[str, PILImage.Image | None], None]) -> None:
        self._owner = owner
        self._cache = cache
        self._arrived = arrived
        self._queue: list[str] = []  # wanted, not started: the first is taken first
        self._in_flight: set[str] = set()
        self._lanes = 0
        self._pictures: OrderedDict[str, tuple[bytes, PILImage.Image | None]] = OrderedDict()
        self.keep = 2 * 25  # decoded pictures kept (the grid sets it: the page on screen and the next)

    @property
    def busy(self) -> bool:
        """Thumbnails still wanted or on their way."""
        return bool(self._queue or self._in_flight)

    def picture(self, name: str) -> tuple[bool, PILImage.Image | None]:
        """(True, picture) when ``name``'s thumbnail is decoded and still cached, else (False, None)."""
        entry = self._pictures.get(name)
        if entry is None:
            return False, None
        if self._cache.cached(name) is not entry[0]:  # its bytes were dropped (cache cleared, evicted)
            del self._pictures[name]
            return False, None
        self._pictures.move_to_end(name)
        return True, entry[1]

    def want(self, names: list[str]) -> None:
        """Fetch these (in this order; the previous wishes not yet started are dropped)."""
        self._queue = [n for n in dict.fromkeys(names) if n not in self._in_flight and not self.picture(n)[0]]
        while self._queue and self._lanes < LANES:
            self._lanes += 1
            self._owner.run_worker(self._lane(), group="grid-thumbnails", exit_on_error=False,
                                   description="load a thumbnail")

    async def _lane(self) -> None:
        try:
            while self._queue:
                name = self._queue.pop(0)
                self._in_flight.add(name)
                try:
                    data = await self._cache.get(name)
                    picture = await asyncio.get_running_loop().run_in_executor(_decoder, decode, data)
                finally:
                    self._in_flight.discard(name)
                self._keep(name, data, picture)
                self._arrived(name, picture)
        finally:
            self._lanes -= 1

    def _keep(self, name: str, data: bytes, picture: PILImage.Image | None) -> None:
        self._pictures[name] = (data, picture)
        self._pictures.move_to_end(name)
        while len(self._pictures) > self.keep:
            self._pictures.popitem(last=False)
