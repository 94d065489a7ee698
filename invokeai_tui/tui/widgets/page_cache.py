"""A bounded cache of fixed-size pages of a long, server-side list (Textual-free, unit-tested).

The image table asks it for row ``i``; a missing row names the page to fetch. Only the most
recently used pages are kept, so memory stays flat however long the list is.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")


class PageCache(Generic[T]):
    def __init__(self, page_size: int = 100, max_pages: int = 40) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.total = 0
        self.generation = 0  # bumped on reset; pages of an older generation are ignored
        self._pages: OrderedDict[int, list[T]] = OrderedDict()
        self._pending: set[int] = set()

    def reset(self, total: int | None = None) -> None:
        self.generation += 1
        self._pages.clear()
        self._pending.clear()
        if total is not None:
            self.total = total

    def page_of(self, index: int) -> int:
        return index // self.page_size

    def get(self, index: int) -> T | None:
        page = self._pages.get(self.page_of(index))
        if page is None:
            return None
        self._pages.move_to_end(self.page_of(index))
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def needs(self, index: int) -> int | None:
        """The page to fetch for row ``index``, or None if it is cached, pending or out of range."""
        if index < 0 or (self.total and index >= self.total):
            return None
        page = self.page_of(index)
        if page in self._pages or page in self._pending:
            return None
        return page

    def mark_pending(self, page: int) -> None:
        self._pending.add(page)

    def store(self, page: int, items: list[T], total: int, generation: int) -> bool:
        """Keep a fetched page; False if it belongs to an older generation (then it is dropped)."""
        if generation != self.generation:
            return False
        self._pending.discard(page)
        self.total = total
        self._pages[page] = items
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return True

    def failed(self, page: int, generation: int) -> None:
        if generation == self.generation:
            self._pending.discard(page)

    def replace(self, index: int, item: T) -> None:
        page = self._pages.get(self.page_of(index))
        if page is not None and index % self.page_size < len(page):
            page[index % self.page_size] = item

    def find(self, predicate) -> int | None:
        """Index of the first cached row matching ``predicate``."""
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if predicate(item):
                    return number * self.page_size + offset
        return None

    @property
    def cached_pages(self) -> list[int]:
        return sorted(self._pages)
