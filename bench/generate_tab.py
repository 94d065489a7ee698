"""Benchmark 7: the Generate mode's own time around a real generation.

The real app (headless, in this process) on the Generate screen with the tiny SD-1 model, 256x256,
4 steps. Per run, two figures:
- f5 to the enqueue request on the wire: from the key press to the moment the HTTP transport is
  handed `POST .../enqueue_batch` (validation, the graph, the batch: all ours);
- the server's completed event to the result's thumbnail on screen: from the app hearing the
  queue item's `completed` status to the first result's thumbnail drawn under the form.
The first run (the server loads the model, the app reads the node schemas once) is not counted.

    python -m bench.generate_tab URL [RUNS]
"""

from __future__ import annotations

import asyncio
import sys
import time

import httpx

from invokeai_tui.client.events import QueueItemStatusChangedEvent
from invokeai_tui.client.transport import TransportOnFirstUse
from invokeai_tui.config.settings import Settings
from invokeai_tui.pyclient import AsyncInvokeAIClient
from invokeai_tui.tui import image_support
from invokeai_tui.tui.app import InvokeAITUI

from .app_harness import ScreenWitness, wait_until
from .common import emit_result, median, row, say
from .pty_app import temp_home

SIZE = (150, 45)


class WireWatch(TransportOnFirstUse):
    """The app's transport, noting when each enqueue request is handed to it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.enqueued_at: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/enqueue_batch"):
            self.enqueued_at.append(time.monotonic())
        return await super().handle_async_request(request)


async def run(url: str, runs: int) -> dict:
    from invokeai_tui.tui.screens.generate import GenerateScreen

    image_support.prepare("halfcell")
    wire = WireWatch(verify=True)
    home = temp_home()
    settings = Settings(path=home / "config" / "config.toml")  # the default start mode: Generate
    settings.download_dir = home / "downloads"
    app = InvokeAITUI(settings=settings, url=url,
                      client_factory=lambda u, **kw: AsyncInvokeAIClient.from_url(u, transport=wire, **kw))
    app.generate_state_path = home / "generate.json"
    per_run = []
    async with app.run_test(size=SIZE) as pilot:
        witness = ScreenWitness(app)  # the time of the first screen update that shows the result
        screen = await wait_until(lambda: isinstance(app.screen, GenerateScreen) and app.screen.loaded and app.screen,
                                  timeout=60, what="the generate screen")
        sd15 = next(m for m in screen.main_models.get("sd-1", []) if m.name == "tiny-sd15")
        screen.prompts.model.value = sd15.key
        await wait_until(lambda: screen.params.model is not None and screen.params.model.key == sd15.key,
                         what="tiny-sd15 chosen")
        screen.prompts.prompt.text = "a lighthouse at dawn"
        settings_form = screen.settings
        settings_form.width.value = settings_form.height.value = "256"
        settings_form.steps.value = "4"
        await pilot.pause(0.5)
        heard: dict[tuple[int, str], float] = {}

        def on_event(event) -> None:
            if isinstance(event, QueueItemStatusChangedEvent) and event.item_id is not None:
                heard.setdefault((event.item_id, event.status), time.monotonic())

        app.live.add_listener(on_event)
        preview = screen.run_results.preview
        for index in range(runs + 1):
            sent_before = len(wire.enqueued_at)
            old_prepared = screen.last_prepared
            drawn = witness.expect(lambda: screen.last_prepared is not old_prepared and screen.results
                                   and preview.showing == screen.results[0][0])
            pressed = time.monotonic()
            await pilot.press("f5")
            shown = await asyncio.wait_for(drawn, 300)
            completed = [at for (_item, status), at in heard.items() if status == "completed" and at >= pressed]
            on_wire = wire.enqueued_at[sent_before] if len(wire.enqueued_at) > sent_before else None
            f5_to_wire = (on_wire - pressed) * 1000 if on_wire else None
            completed_to_shown = (shown - max(completed)) * 1000 if completed else None
            say(f"generate run {index}: f5 -> wire {f5_to_wire:.1f} ms, completed -> thumbnail "
                f"{completed_to_shown:.1f} ms" if f5_to_wire is not None and completed_to_shown is not None
                else f"generate run {index}: incomplete timings")
            if index > 0:
                per_run.append({"f5_to_wire_ms": f5_to_wire, "completed_to_thumbnail_ms": completed_to_shown})
            await pilot.pause(0.5)
    return {"runs": per_run}


def main(url: str, runs: int = 3) -> None:
    say(f"generate: {runs} tiny SD-1.5 runs through the Generate screen")
    result = asyncio.run(run(url, runs))
    wire = median([r["f5_to_wire_ms"] for r in result["runs"] if r["f5_to_wire_ms"] is not None])
    shown = median([r["completed_to_thumbnail_ms"] for r in result["runs"] if r["completed_to_thumbnail_ms"] is not None])
    emit_result({"rows": [
        row("generate_f5_to_wire", f"7. Generate: f5 to the enqueue request on the wire, median of {runs}", "ms",
            wire, "<= 20 ms", wire is not None and wire <= 20, details=result),
        row("generate_completed_to_thumbnail", f"7. Generate: completed event to the result's thumbnail, "
            f"median of {runs}", "ms", shown, "<= 50 ms", shown is not None and shown <= 50),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
