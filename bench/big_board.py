"""Benchmark 3: a board with 10,000 images.

The real app runs headless in this process (see app_harness.py: every screen update is rendered to
terminal bytes and timed). Per repetition: open the board from the boards screen and time until the
first page of the table is on screen; then press G (last image) and time until the last rows are on
screen. Peak resident memory (VmHWM) of the whole process at the end. Beside it, the published
client's ``BoardHandle.list_images()`` on the same board (in its own venv).

Then the same board in the grid view (half-cell thumbnails, as headless draws them), thumbnails not
cached: open the board → the update that shows the first page's thumbnails; page down → the update
that shows the next page's; then page down through 1,000 images, resident memory every ~200.

    python -m bench.big_board URL PYCLIENT_PYTHON [REPEATS]
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time

from .app_harness import SIZE, ScreenWitness, boards_screen, make_app, wait_until
from .common import BENCH, emit_result, median, peak_rss_mb, row, rss_mb, say
from .pty_app import temp_home
from .server_data import ensure_board_with_images

COUNT = 10_000
BOARD = "bench-10k"


async def ours(url: str, board_id: str, repeats: int) -> dict:
    app = make_app(url, temp_home())
    first, last = [], []
    async with app.run_test(size=SIZE) as pilot:
        witness = ScreenWitness(app)
        screen = await boards_screen(app)
        table = screen.table
        for _ in range(repeats):
            screen.select_board("none")  # start from another board, as a person switching boards
            await wait_until(lambda: screen.board_id == "none" and table.cache.cached_pages, what="uncategorized")
            await pilot.pause(0.2)
            shown = witness.expect(lambda: table.total == COUNT and table.record_at(0) is not None
                                   and screen.board_id == board_id)
            started = time.monotonic()
            screen.select_board(board_id)
            first.append((await asyncio.wait_for(shown, 30) - started) * 1000)
            table.focus()
            await pilot.pause(0.1)
            shown = witness.expect(lambda: table.cursor == COUNT - 1 and table.record_at(COUNT - 1) is not None)
            started = time.monotonic()
            await pilot.press("G")
            last.append((await asyncio.wait_for(shown, 30) - started) * 1000)
        await pilot.pause(0.2)
        rss_now = rss_mb()
    return {"first_ms": first, "last_ms": last, "peak_mb": peak_rss_mb(), "rss_mb": rss_now}


def page_drawn(grid, first: int) -> bool:
    """The grid shows the page starting at image ``first``, every thumbnail drawn."""
    return bool(grid.cells) and grid.cells[0].index == first and grid.thumbnails_shown()


def captions_shown(grid, first: int) -> bool:
    """The grid shows the page starting at ``first`` with every caption (thumbnails may still come)."""
    return bool(grid.cells) and grid.cells[0].index == first and all(c.record is not None for c in grid.cells)


async def page_down(pilot, witness, view, settled: bool) -> tuple[float, float]:
    """Press pagedown: (ms to the captions, ms to every thumbnail). ``settled``: first let the grid
    finish prefetching the next page's thumbnails, as it does while a person looks at a page."""
    if settled:
        await wait_until(lambda: not view.thumbnails.busy, what="the prefetch")
        await pilot.pause(0.05)
    target = view.top_row * view.columns + view.per_page
    captions = witness.expect(lambda: captions_shown(view, target))
    drawn = witness.expect(lambda: page_drawn(view, target))
    started = time.monotonic()
    await pilot.press("pagedown")
    return ((await asyncio.wait_for(captions, 30) - started) * 1000,
            (await asyncio.wait_for(drawn, 30) - started) * 1000)


async def grid(url: str, board_id: str, repeats: int) -> dict:
    app = make_app(url, temp_home())
    first, captions, down, down_at_once, rss_by_image = [], [], [], [], {}
    async with app.run_test(size=SIZE) as pilot:
        witness = ScreenWitness(app)
        screen = await boards_screen(app)
        pane, table = screen.image_pane, screen.table
        pane.show_grid(True)
        view = pane.grid
        for _ in range(repeats):
            screen.select_board("none")
            await wait_until(lambda: screen.board_id == "none" and table.cache.cached_pages, what="uncategorized")
            await pilot.pause(0.2)
            app.thumbnails.clear()  # a board seen for the first time: no thumbnail at hand
            texts = witness.expect(lambda: screen.board_id == board_id and table.total == COUNT
                                   and captions_shown(view, 0))
            shown = witness.expect(lambda: screen.board_id == board_id and table.total == COUNT
                                   and page_drawn(view, 0))
            started = time.monotonic()
            screen.select_board(board_id)
            captions.append((await asyncio.wait_for(texts, 30) - started) * 1000)
            first.append((await asyncio.wait_for(shown, 30) - started) * 1000)
        view.focus()
        await pilot.pause(0.2)
        for _ in range(repeats):
            down.append((await page_down(pilot, witness, view, settled=True))[1])
        for _ in range(repeats):
            down_at_once.append((await page_down(pilot, witness, view, settled=False))[1])
        # Through 1,000 images, a page at a time, each page drawn before the next key.
        await pilot.press("g")
        await wait_until(lambda: page_drawn(view, 0), what="the top")
        rss_by_image[0] = rss_mb()
        next_sample = 200
        while view.top_row * view.columns + view.per_page <= 1000:
            target = view.top_row * view.columns + view.per_page
            await pilot.press("pagedown")
            await wait_until(lambda: page_drawn(view, target), what=f"the page at {target}")
            if target + view.per_page >= next_sample:
                rss_by_image[target + view.per_page] = rss_mb()
                next_sample += 200
        shape = (view.columns, view.rows)
    return {"first_ms": first, "first_captions_ms": captions, "pagedown_ms": down,
            "pagedown_without_prefetch_ms": down_at_once, "rss_mb_by_image": rss_by_image, "grid": shape}


def theirs(url: str, python: str, board_id: str, repeats: int) -> dict:
    out = subprocess.run([python, str(BENCH / "pyclient_list_images.py"), url, board_id, str(repeats)],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    runs = [(int(p[1]), float(p[2]) * 1000) for p in (l.split() for l in out.splitlines()) if p and p[0] == "LIST"]
    peak = next(float(l.split()[1]) for l in out.splitlines() if l.startswith("PEAK "))
    return {"list_ms": [ms for _, ms in runs], "counts": [n for n, _ in runs], "peak_mb": peak}


def main(url: str, python: str, repeats: int = 5) -> None:
    board_id = ensure_board_with_images(url, BOARD, COUNT)
    say("big board: ours")
    o = asyncio.run(ours(url, board_id, repeats))
    say("big board: the grid (a process of its own: its memory is the grid's alone)")
    # Rendered for a truecolor terminal, as every terminal with kitty or sixel graphics is (and as
    # pty_app.py tells the real binary): a 256-colour console spends most of a page matching each
    # half-cell's colours to its palette (rich's downgrade).
    env = dict(os.environ, COLORTERM="truecolor")
    out = subprocess.run([sys.executable, "-m", "bench.big_board", "--grid", url, board_id, str(repeats)],
                         capture_output=True, text=True, timeout=600, check=True, cwd=BENCH.parent, env=env).stdout
    g = next(json.loads(line[5:]) for line in out.splitlines() if line.startswith("GRID "))
    say("big board: published client")
    t = theirs(url, python, board_id, repeats)
    first, last, listed = median(o["first_ms"]), median(o["last_ms"]), median(t["list_ms"])
    details = {"ours": o, "published": t, "board_images": COUNT, "screen": SIZE}
    grid_first, grid_down = median(g["first_ms"]), median(g["pagedown_ms"])
    samples = list(g["rss_mb_by_image"].values())
    grid_rss, grid_growth = samples[-1], samples[-1] - samples[1] if len(samples) > 2 else None
    emit_result({"rows": [
        row("big_board_first_page", f"3. {COUNT:,}-image board: first page on screen (vs its list_images)", "ms",
            first, "<= 300 ms", first <= 300, theirs=listed, details=details),
        row("big_board_last_page", "3. ... jump to the last page (G)", "ms", last, "<= 500 ms", last <= 500),
        row("big_board_peak_rss", "3. ... peak resident memory (whole app process)", "MB", o["peak_mb"],
            "<= 150 MB", o["peak_mb"] <= 150, theirs=t["peak_mb"]),
        row("big_board_grid_first_cells", "3. ... the grid: first page, its cells and captions (thumbnails follow)",
            "ms", median(g["first_captions_ms"]), "-", None),
        row("big_board_grid_first_page", "3. ... the grid: first page, thumbnails drawn", "ms", grid_first,
            "<= 300 ms", grid_first <= 300, details={"grid": g}),
        row("big_board_grid_page_down", "3. ... the grid: a page down, thumbnails drawn (next page prefetched)",
            "ms", grid_down,
            "<= 150 ms", grid_down <= 150),
        row("big_board_grid_rss", "3. ... the grid: resident memory after paging 1,000 images (growth after "
            "the first 200)", "MB", grid_rss, "<= 150 MB, flat", grid_rss <= 150 and (grid_growth or 0) <= 10,
            theirs=None, details={"growth_mb": grid_growth}),
    ]})


if __name__ == "__main__":
    if sys.argv[1] == "--grid":
        print("GRID " + json.dumps(asyncio.run(grid(sys.argv[2], sys.argv[3], int(sys.argv[4])))), flush=True)
        sys.exit(0)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
