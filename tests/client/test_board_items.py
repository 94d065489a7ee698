"""The merged list of a board's images and videos (client/board_items.py), offline: every page of every
order equals sorting both lists together, and the split search costs a few probes, not the pages before."""

from __future__ import annotations

import asyncio
import random

import pytest

from invokeai_tui.client.board_items import BoardItems, BoardVideo, is_video, is_video_name
from invokeai_tui.client.records import ImagePage, ImageRecord
from invokeai_tui.client.records.videos import VideoPage, VideoRecord


def _server_order(items, descending, starred_first):
    """The server's ORDER BY: starred DESC (when asked), created_at in the direction."""
    ordered = sorted(items, key=lambda r: r.created_at, reverse=descending)
    return sorted(ordered, key=lambda r: not r.starred) if starred_first else ordered


def _lister(items, page_cls, descending, starred_first, calls):
    ordered = _server_order(items, descending, starred_first)

    async def listing(offset, limit):
        calls.append((offset, limit))
        return page_cls(items=ordered[offset:offset + limit], offset=offset, limit=limit, total=len(ordered))
    return listing


def _board(n_images, n_videos, seed=1):
    rng = random.Random(seed)
    stamps = rng.sample(range(100_000), n_images + n_videos)
    images = [ImageRecord(image_name=f"i{k}.png", created_at=f"2026-12-06 {s:08d}", starred=rng.random() < 0.3)
              for k, s in enumerate(stamps[:n_images])]
    videos = [VideoRecord(video_name=f"v{k}.mp4", created_at=f"2026-12-06 {s:08d}", starred=rng.random() < 0.3,
                          duration=2.0, fps=8) for k, s in enumerate(stamps[n_images:])]
    return images, videos


@pytest.mark.parametrize("order_dir", ["DESC", "ASC"])
@pytest.mark.parametrize("starred_first", [False, True])
@pytest.mark.parametrize("sizes", [(30, 4), (0, 5), (7, 0), (250, 40)])
def test_every_page_is_the_merged_order(order_dir, starred_first, sizes):
    images, videos = _board(*sizes)
    descending = order_dir == "DESC"
    calls: list = []
    items = BoardItems(_lister(images, ImagePage, descending, starred_first, calls),
                       _lister(videos, VideoPage, descending, starred_first, calls),
                       order_dir=order_dir, starred_first=starred_first)
    everything = [r.image_name for r in _server_order([*images, *[BoardVideo.of(v) for v in videos]],
                                                      descending, starred_first)]
    page_size = 9
    # Pages read out of order (the end first, as G does), then with a fresh split cache.
    for offset in [*range(0, len(everything), page_size)][::-1]:
        items.invalidate()
        page = asyncio.run(items.page(offset, page_size))
        assert page.total == len(everything)
        assert [r.image_name for r in page.items] == everything[offset:offset + page_size]
    # In order, each page's end is the next page's start: no probes at all.
    items.invalidate()
    items.probes = 0
    for offset in range(0, len(everything), page_size):
        page = asyncio.run(items.page(offset, page_size))
        assert [r.image_name for r in page.items] == everything[offset:offset + page_size]
    assert items.probes == 0


def test_a_far_page_costs_a_few_probes():
    images, videos = _board(10_000, 50)
    calls: list = []
    items = BoardItems(_lister(images, ImagePage, True, False, calls), _lister(videos, VideoPage, True, False, calls))
    page = asyncio.run(items.page(9_950, 100))
    assert len(page.items) == 100 and page.total == 10_050
    assert items.probes <= 6  # log2(51)
    assert max(limit for _, limit in calls) == 100


def test_videos_are_told_apart():
    video = BoardVideo.of(VideoRecord(video_name="a.mp4", width=64, height=48, duration=1.125, fps=8))
    assert is_video(video) and not is_video(ImageRecord(image_name="a.png"))
    assert video.frame_count == 9 and video.video_name == "a.mp4" and is_video_name("A.MP4")
