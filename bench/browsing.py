"""Benchmark 6: memory while browsing.

The real app (headless, in this process, see app_harness.py) on the boards screen, on a board of
1,000 128x128 images: press j 1,000 times, each time waiting until the preview shows the image under
the cursor (its thumbnail fetched and drawn), so 1,000 images are previewed one after another.
Resident memory is sampled every 100 previews. Targets: under 200 MB at the end, and flat after the
first few hundred (growth from preview 300 to 1,000 within 10 MB: the caches are bounded).

    python -m bench.browsing URL [COUNT]
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time

from textual import events
from invokeai_tui.tui.widgets.image_preview import ImagePreview

from .app_harness import SIZE, ScreenWitness, boards_screen, make_app, wait_until
from .common import emit_result, peak_rss_mb, row, rss_mb, say
from .pty_app import temp_home
from .server_data import ensure_board_with_images

FLAT_FROM = 300
FLAT_SLACK_MB = 10


async def browse(url: str, board_id: str, count: int) -> dict:
    app = make_app(url, temp_home())
    samples: dict[int, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = await boards_screen(app)
        screen.select_board(board_id)
        table = screen.table
        preview = screen.query_one("#preview", ImagePreview)
        await wait_until(lambda: table.total >= count, what="the board's images")
        table.focus()
        await wait_until(lambda: table.current is not None and preview.showing == table.current.image_name,
                         what="the first preview")
        samples[0] = rss_mb()
        started = time.monotonic()
        witness = ScreenWitness(app)
        for number in range(1, count):
            # The key as a terminal driver delivers it; then wait for the update showing that preview.
            shown = witness.expect(lambda n=number: table.cursor == n and table.current is not None
                                   and preview.showing == table.current.image_name)
            app.post_message(events.Key("j", "j"))
            await asyncio.wait_for(shown, 30)
            if number % 100 == 0 or number == count - 1:
                gc.collect()
                samples[number] = rss_mb()
        elapsed = time.monotonic() - started
        thumbs_cached = len(app.thumbnails)
    return {"rss_mb_by_preview": samples, "seconds": elapsed, "peak_mb": peak_rss_mb(),
            "thumbnails_cached": thumbs_cached}


def main(url: str, count: int = 1000) -> None:
    board_id = ensure_board_with_images(url, "bench-browse", count, size=128)
    say(f"browsing: previewing {count:,} images one after another")
    result = asyncio.run(browse(url, board_id, count))
    samples = result["rss_mb_by_preview"]
    last = samples[max(samples)]
    flat_from = samples.get(FLAT_FROM) or samples[min(k for k in samples if k >= FLAT_FROM)]
    growth = last - flat_from
    result["per_preview_ms"] = result["seconds"] * 1000 / max(1, count - 1)
    emit_result({"rows": [
        row("browsing_rss", f"6. Resident memory after previewing {count:,} images", "MB", last, "< 200 MB",
            last < 200, details=result),
        row("browsing_growth", f"6. ... growth from preview {FLAT_FROM} to {count:,}", "MB", growth,
            f"<= {FLAT_SLACK_MB} MB (flat)", growth <= FLAT_SLACK_MB),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
