"""Benchmark 3: a board with 10,000 images.

The real app runs headless in this process (see app_harness.py: every screen update is rendered to
terminal bytes and timed). Per repetition: open the board from the boards screen and time until the
first page of the table is on screen; then press G (last image) and time until the last rows are on
screen. Peak resident memory (VmHWM) of the whole process at the end. Beside it, the published
client's ``BoardHandle.list_images()`` on the same board (in its own venv).

    python -m bench.big_board URL PYCLIENT_PYTHON [REPEATS]
"""

from __future__ import annotations

import asyncio
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
    say("big board: published client")
    t = theirs(url, python, board_id, repeats)
    first, last, listed = median(o["first_ms"]), median(o["last_ms"]), median(t["list_ms"])
    details = {"ours": o, "published": t, "board_images": COUNT, "screen": SIZE}
    emit_result({"rows": [
        row("big_board_first_page", f"3. {COUNT:,}-image board: first page on screen (vs its list_images)", "ms",
            first, "<= 300 ms", first <= 300, theirs=listed, details=details),
        row("big_board_last_page", "3. ... jump to the last page (G)", "ms", last, "<= 500 ms", last <= 500),
        row("big_board_peak_rss", "3. ... peak resident memory (whole app process)", "MB", o["peak_mb"],
            "<= 150 MB", o["peak_mb"] <= 150, theirs=t["peak_mb"]),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
