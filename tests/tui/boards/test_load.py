"""Under load: 200 queued items and a board of 10,000 images at once. The app stays responsive
(keys answered within generous bounds) and its memory bounded (the image table keeps a bounded
number of pages; resident memory grows by far less than the data). Measured figures go to the
report through tests/support/figures.py, not into tight assertions.

The 10,000 images are made once per server with fan-out graphs (~100 s on 2 cores) and kept while
the server runs."""

from __future__ import annotations

import time

import pytest

from tests.support import rest as helpers
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.app_probes import make_app, peak_rss_mb, responsive, rss_mb
from tests.support.figures import record
from tests.support.load_data import ensure_board_with_images


BIG = 10_000
QUEUED = 200


@pytest.fixture(scope="module")
def big_board(server_url):
    started = time.monotonic()
    board_id = ensure_board_with_images(server_url, BIG)
    record("load: making/finding the 10k board (s)", round(time.monotonic() - started, 1))
    return board_id


@pytest.fixture
def paused_queue(server_url):
    helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/pause")
    try:
        yield
    finally:
        helpers.api(server_url, "PUT", "/api/v1/queue/default/cancel_all_except_current")
        helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")


async def test_200_queued_items_and_a_10k_board_at_once(server_url, big_board, paused_queue, tui_settings):
    app = make_app(tui_settings, server_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot)
        await pilot.press("f2")
        pane = screen.query_one(QueuePane)
        table = pane.query_one(QueueTable)
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live")
        rss_before = rss_mb()

        # 200 items in one enqueue while the app watches, and the big board opened at the same time.
        started = time.monotonic()
        batch = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), runs=QUEUED, origin="load-200")
        ids = batch["item_ids"]
        assert len(ids) == QUEUED
        screen.select_board(big_board)
        key_times = [await responsive(pilot, bound=3.0)]
        await wait_for(pilot, lambda: set(ids) <= set(table.shown_ids), timeout=60, what="200 items in the pane")
        record("load: 200 enqueued -> all in the pane (s)", round(time.monotonic() - started, 2))
        images = screen.table
        await wait_for(pilot, lambda: screen.board_id == big_board and images.total == BIG
                       and images.record_at(0) is not None, timeout=60, what="the 10k board's first page")
        record("load: 10k board first page with 200 queued (s)", round(time.monotonic() - started, 2))
        assert app.queue_counts and app.queue_counts[0] >= QUEUED  # the status bar counts them

        # Walk the whole board: end, home, and paging, the keys still answered at once.
        images.focus()
        started = time.monotonic()
        await pilot.press("G")
        await wait_for(pilot, lambda: images.cursor == BIG - 1 and images.record_at(BIG - 1) is not None,
                       timeout=30, what="the last image")
        record("load: G to the last of 10k images (s)", round(time.monotonic() - started, 2))
        for _ in range(30):
            await pilot.press("pageup")
        await pilot.press("g")
        for _ in range(50):
            await pilot.press("pagedown")
        await wait_for(pilot, lambda: images.current is not None, timeout=30, what="the row under the cursor")
        key_times.append(await responsive(pilot, bound=3.0))
        # Memory: the table keeps a bounded set of pages, not 10,000 records.
        assert len(images.cache.cached_pages) <= images.cache.max_pages
        grown = rss_mb() - rss_before
        record("load: resident memory growth (MB)", round(grown, 1))
        record("load: peak resident memory of the test process (MB)", round(peak_rss_mb(), 1))
        record("load: help open+close under load, worst (s)", round(max(key_times), 3))
        assert grown < 300, f"memory grew by {grown:.0f} MB"

        # The queue pane follows the work being cancelled in bulk.
        helpers.api(server_url, "PUT", "/api/v1/queue/default/cancel_all_except_current")
        await wait_for(pilot, lambda: app.queue_counts and app.queue_counts[0] == 0, timeout=60,
                       what="pending back to 0")
