"""Benchmark 4: event flood.

The app (headless, in this process, see app_harness.py) connects to a loopback server
(flood_server.py) that forwards REST to the real server and owns the Socket.IO side. With the boards
screen open on a board and the queue pane shown, the flood server sends 10,000
``invocation_progress`` events with real 256x256 JPEG previews as fast as it can. Meanwhile a key
(j: next image) is pressed every 20 ms and the time until the moved cursor is on screen recorded.

Figures: events handled (delivered to the app's live-server service listeners, as its queue model
hears them) per second, from the first event sent to the last handled; how many were handled;
key-press-to-screen p99 during the flood; resident memory before and 3 s after.
Diagnostics: BENCH_NO_KEYS=1 floods without key presses; BENCH_PROFILE=path cProfiles the flood.

    python -m bench.event_flood URL [EVENTS]
"""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import time

import httpx
from textual import events

from invokeai_tui.client.events import InvocationProgressEvent

from .app_harness import SIZE, ScreenWitness, boards_screen, make_app, wait_until
from .common import emit_result, median, percentile, row, rss_mb, say
from .pty_app import temp_home
from .server_data import ensure_board_with_images

KEY_EVERY_S = 0.02
MEMORY_SLACK_MB = 10


class FloodServer:
    def __init__(self, real_url: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.flood_server", real_url], stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "LISTENING":
            raise RuntimeError(f"the flood server did not start (said {line!r})")
        self.url = line[1]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _profiler():
    """BENCH_PROFILE=path: cProfile the app during the flood only (for finding what costs the time)."""
    if not os.environ.get("BENCH_PROFILE"):
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


async def flood(url: str, count: int) -> dict:
    async with httpx.AsyncClient(timeout=300) as http:
        response = await http.post(f"{url}/_bench/flood", json={"count": count, "item_id": 424242})
        response.raise_for_status()
        return response.json()


async def measure(url: str, board_id: str, count: int) -> dict:
    app = make_app(url, temp_home())
    handled = {"n": 0, "last": 0.0}
    async with app.run_test(size=SIZE) as pilot:
        witness = ScreenWitness(app)
        screen = await boards_screen(app)
        await wait_until(lambda: app.connection_state == "live", what="the event socket")

        def on_event(event) -> None:
            if isinstance(event, InvocationProgressEvent):
                handled["n"] += 1
                handled["last"] = time.monotonic()

        app.live.add_listener(on_event)  # called as the live service handles each event
        screen.select_board(board_id)
        table = screen.table
        await wait_until(lambda: table.total > 100, what="the board's images")
        table.focus()
        await pilot.press("f2")  # the queue pane shows the running item's progress and preview
        # Warm up (JPEG decoder, first frames) so "before" is the app at work, not half-loaded.
        await flood(url, 300)
        await wait_until(lambda: handled["n"] >= 300, what="the warm-up events")
        await pilot.pause(1.0)
        gc.collect()
        before = rss_mb()
        handled["n"] = 0

        latencies: list[float] = []
        done = asyncio.Event()

        async def press_keys() -> None:
            # Keys arrive as a terminal driver delivers them (posted to the app), one every 20 ms,
            # whether or not the previous one is on screen yet; each waits for its own cursor move.
            pending = []
            target = table.cursor
            while not done.is_set() and target < table.total - 2 and not os.environ.get("BENCH_NO_KEYS"):
                target += 1
                shown = witness.expect(lambda t=target: table.cursor >= t)
                pending.append((time.monotonic(), shown))
                app.post_message(events.Key("j", "j"))
                await asyncio.sleep(KEY_EVERY_S)
            for started, shown in pending:
                try:
                    latencies.append((await asyncio.wait_for(shown, 10) - started) * 1000)
                except asyncio.TimeoutError:
                    latencies.append(10_000.0)

        profiler = _profiler()
        cpu_before = time.process_time()
        keys = asyncio.create_task(press_keys())
        sent = await flood(url, count)
        try:
            await wait_until(lambda: handled["n"] >= count, timeout=60, what="every event handled")
        except TimeoutError:
            pass
        done.set()
        await keys
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(os.environ["BENCH_PROFILE"])
        elapsed = (handled["last"] or time.monotonic()) - sent["started"]
        cpu = time.process_time() - cpu_before
        await pilot.pause(3.0)
        gc.collect()
        after = rss_mb()
        dropped = app.live.events_dropped
        frames = app.live.frames_published
    return {"handled": handled["n"], "sent": sent["sent"], "send_s": sent["finished"] - sent["started"],
            "bytes_per_event": sent["bytes_per_event"], "elapsed_s": elapsed, "app_cpu_s": cpu, "events_per_s": handled["n"] / elapsed,
            "key_ms": latencies, "rss_before_mb": before, "rss_after_mb": after, "dropped": dropped,
            "progress_frames_published": frames, "screen_updates": witness.updates}


def main(real_url: str, count: int = 10_000) -> None:
    board_id = ensure_board_with_images(real_url, "bench-flood", 1000)
    server = FloodServer(real_url)
    try:
        say(f"event flood: {count:,} progress events")
        result = asyncio.run(measure(server.url, board_id, count))
    finally:
        server.stop()
    keys = result.pop("key_ms")
    p99 = percentile(keys, 99)
    result.update(key_presses=len(keys), key_median_ms=median(keys), key_p99_ms=p99)
    grew = result["rss_after_mb"] - result["rss_before_mb"]
    emit_result({"rows": [
        row("flood_handled", f"4. Event flood: events handled of {count:,}", "events", result["handled"],
            f"= {count:,}", result["handled"] == count, details=result),
        row("flood_rate", "4. ... events handled per second", "ev/s", result["events_per_s"], ">= 5,000 ev/s",
            result["events_per_s"] >= 5000),
        row("flood_key_p99", "4. ... key press to screen, p99 during the flood", "ms", p99, "< 50 ms",
            p99 is not None and p99 < 50),
        row("flood_memory", "4. ... resident memory after minus before", "MB", grew,
            f"<= {MEMORY_SLACK_MB} MB", grew <= MEMORY_SLACK_MB),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
