"""However fast progress events come, the pane draws at most a few frames a second, and the last
event is never lost. The flood is fed into the client's real event stream (as the socket would)."""

from __future__ import annotations

import base64
import io
import time

from PIL import Image

from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.live_server import FRAMES_PER_SECOND
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import RunningView


ITEM = 987654


def data_url(shade: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (shade, 0, 0)).save(buffer, format="WEBP")
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()


def progress_payload(step: int, total: int, image: str) -> dict:
    return {
        "queue_id": "default", "item_id": ITEM, "batch_id": "flood", "origin": "test", "destination": "gallery",
        "session_id": "s", "invocation": {"id": "denoise", "type": "denoise_latents"},
        "invocation_source_id": "denoise", "message": f"Step {step}/{total}", "percentage": step / total,
        "image": {"width": 16, "height": 16, "dataURL": image}, "timestamp": 1,
    }


async def test_a_flood_of_progress_events_is_drawn_at_a_few_frames_a_second(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, what="connected")
        await pilot.press("f2")
        monitor = app.live
        running = screen.query_one(QueuePane).query_one(RunningView)
        images = [data_url(shade) for shade in (40, 120, 200)]
        start_frames = monitor.frames_published
        total = 2000
        started = time.monotonic()
        for step in range(1, total + 1):
            app.client.events.feed("invocation_progress", progress_payload(step, total, images[step % 3]))
            if step % 50 == 0:
                await pilot.pause(0.02)  # let the loop run, as a real socket would between packets
        elapsed = time.monotonic() - started
        await wait_for(pilot, lambda: monitor.progress and monitor.progress.percentage == 1.0,
                       what="the last event drawn")
        frames = monitor.frames_published - start_frames
        print(f"\n{total} progress events in {elapsed:.2f} s -> {frames} frames drawn")
        allowed = FRAMES_PER_SECOND * (elapsed + 0.5) + 2
        assert 1 <= frames <= allowed, (frames, elapsed)
        assert frames < total / 20
        await wait_for(pilot, lambda: running.shown_item == ITEM and "Step 2000/2000" in str(
            running.query_one("#running-text").render()), what="the pane shows the last step")
        assert running.shown_frames == monitor.progress.frames >= 1
