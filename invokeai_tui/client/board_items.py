"""A board's items: its images and its videos in one list, newest (or oldest) first, paged.

The server keeps the two in separate endpoints, each paged and ordered the same way (starred first
when asked, then by creation time). A page of the merged list at ``offset`` starts after ``i`` images
and ``j`` videos with ``i + j == offset``; ``j`` is found by a binary search over the videos (the
split of two sorted lists), each probe reading one image and one video (``limit=1``), so a page of a
10,000-image board costs a few small requests, never the pages before it. Splits found are kept (a
page's end is the next page's start) until ``invalidate`` (the table reloads after a change).
Ties in time put the image first, the same rule every probe uses, so the order is a total one.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable, Union

from pydantic import Field

from .records import ImagePage, ImageRecord
from .records.videos import VideoPage, VideoRecord, frames_of

if TYPE_CHECKING:
    from .async_client import AsyncInvokeAIClient

VIDEO_SUFFIX = ".mp4"  # the server names every video "<uuid>.mp4" (names_default.create_video_name)


def is_video_name(name: str) -> bool:
    return name.lower().endswith(VIDEO_SUFFIX)


class BoardVideo(ImageRecord):
    """A video as a row of the board's list: an ImageRecord keyed by its video name (selection, caches
    and captions work unchanged), with what only a video has."""

    duration: float | None = None
    fps: float | None = None
    kind: str = "video"
    video: VideoRecord | None = Field(default=None, exclude=True, repr=False)  # the server's own record

    @classmethod
    def of(cls, video: VideoRecord) -> "BoardVideo":
        return cls(image_name=video.video_name, image_url=video.video_url, thumbnail_url=video.thumbnail_url,
                   image_origin=video.video_origin, image_category=video.video_category, width=video.width,
                   height=video.height, created_at=video.created_at, updated_at=video.updated_at,
                   is_intermediate=video.is_intermediate, session_id=video.session_id, node_id=video.node_id,
                   starred=video.starred, has_workflow=video.has_workflow, board_id=video.board_id,
                   duration=video.duration, fps=video.fps, video=video)

    @property
    def video_name(self) -> str:
        return self.image_name

    @property
    def frame_count(self) -> int | None:
        return frames_of(self.duration, self.fps)


VIDEO_MARK = "▶"  # what tells a video apart in the list, the grid and the preview


def _length_parts(video: BoardVideo | VideoRecord) -> list[str]:
    parts = [f"{video.duration:.1f} s"] if video.duration is not None else []
    if video.fps:
        parts.append(f"{video.fps:g} fps")
    return parts


def video_length(video: BoardVideo) -> str:
    """"2.0 s 8 fps": what the server knows of its length (empty when it knows nothing)."""
    return " ".join(_length_parts(video))


def describe_video(video: VideoRecord) -> str:
    """One line: name, size, length and rate (a video picker's row)."""
    return " · ".join([video.video_name, f"{video.width}×{video.height}", *_length_parts(video)])


def is_video(record: ImageRecord | None) -> bool:
    return isinstance(record, BoardVideo)


ImageLister = Callable[[int, int], Awaitable[ImagePage]]
VideoLister = Callable[[int, int], Awaitable[VideoPage]]
Item = Union[ImageRecord, BoardVideo]


class BoardItems:
    """The merged, paged list. ``images(offset, limit)`` and ``videos(offset, limit)`` list one board
    with the same order, starred-first and search; ``order_dir`` and ``starred_first`` say how they sort."""

    @classmethod
    def of_board(cls, client: "AsyncInvokeAIClient", board_id: str, *, order_dir: str = "DESC",
                 starred_first: bool = False, search_term: str | None = None) -> "BoardItems":
        """A board's items as the app's board shows them (every category, no intermediates)."""
        images, videos = client.image_repo, client.video_repo

        async def list_images(offset: int, limit: int) -> ImagePage:
            return await images.list_images(board_id, offset=offset, limit=limit, order_dir=order_dir,
                                            starred_first=starred_first, search_term=search_term,
                                            categories=None, is_intermediate=False)

        async def list_videos(offset: int, limit: int) -> VideoPage:
            return await videos.list_videos(board_id, offset=offset, limit=limit, order_dir=order_dir,
                                            starred_first=starred_first, search_term=search_term,
                                            is_intermediate=False)

        return cls(list_images, list_videos, order_dir=order_dir, starred_first=starred_first)

    def __init__(self, images: ImageLister, videos: VideoLister, *, order_dir: str = "DESC",
                 starred_first: bool = False) -> None:
        self._images, self._videos = images, videos
        self.descending = order_dir.upper() == "DESC"
        self.starred_first = starred_first
        self._totals: tuple[int, int] | None = None
        self._splits: dict[int, int] = {0: 0}  # offset -> videos before it
        self.probes = 0  # single-item reads made to find splits (tests check the cost stays small)

    @property
    def counts(self) -> tuple[int, int] | None:
        """(images, videos) as last read; None before the first page."""
        return self._totals

    def invalidate(self) -> None:
        """The board changed: count again and find the splits again."""
        self._totals = None
        self._splits = {0: 0}

    def _precedes(self, video: VideoRecord, image: ImageRecord) -> bool:
        """Does ``video`` come before ``image`` in the merged order (ties: the image first)?"""
        if self.starred_first and video.starred != image.starred:
            return video.starred
        video_time, image_time = video.created_at or "", image.created_at or ""
        return video_time > image_time if self.descending else video_time < image_time

    async def _counts(self) -> tuple[int, int]:
        if self._totals is None:
            images, videos = await asyncio.gather(self._images(0, 0), self._videos(0, 0))
            self._totals = (images.total, videos.total)
        return self._totals

    async def _video_in_first(self, offset: int, j: int, n_images: int) -> bool:
        """Is the (j+1)-th video among the first ``offset`` items? It is when fewer than
        ``offset - j`` images come before it."""
        i = offset - j - 1
        if i >= n_images:
            return True
        self.probes += 1
        image_page, video_page = await asyncio.gather(self._images(i, 1), self._videos(j, 1))
        if not image_page.items or not video_page.items:  # the board changed under us: best effort
            return not image_page.items
        return self._precedes(video_page.items[0], image_page.items[0])

    async def _split(self, offset: int) -> int:
        """How many videos come before item ``offset``."""
        if offset in self._splits:
            return self._splits[offset]
        n_images, n_videos = await self._counts()
        low, high = max(0, offset - n_images), min(offset, n_videos)
        while low < high:  # the first j whose video is not among the first ``offset``
            middle = (low + high) // 2
            if await self._video_in_first(offset, middle, n_images):
                low = middle + 1
            else:
                high = middle
        self._splits[offset] = low
        return low

    async def page(self, offset: int, limit: int) -> ImagePage:
        """Items ``offset`` to ``offset + limit`` of the merged list (videos as ``BoardVideo``)."""
        j = await self._split(offset)
        i = offset - j
        image_page, video_page = await asyncio.gather(self._images(i, limit), self._videos(j, limit))
        self._totals = (image_page.total, video_page.total)
        images, videos = list(image_page.items), list(video_page.items)
        items: list[Item] = []
        a = b = 0
        while len(items) < limit and (a < len(images) or b < len(videos)):
            if b < len(videos) and (a >= len(images) or self._precedes(videos[b], images[a])):
                items.append(BoardVideo.of(videos[b]))
                b += 1
            else:
                items.append(images[a])
                a += 1
        self._splits[offset + len(items)] = j + b
        return ImagePage(items=items, offset=offset, limit=limit, total=image_page.total + video_page.total)

    async def all(self, page_size: int = 1000) -> AsyncIterator[Item]:
        """Every item in order, a page at a time (the server's largest page is 1,000)."""
        offset = 0
        while True:
            page = await self.page(offset, page_size)
            for item in page.items:
                yield item
            offset += len(page.items)
            if not page.items or offset >= page.total:
                return
