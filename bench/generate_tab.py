"""Benchmark 7: the Generate mode's own time around a real generation.

The real app (headless, in this process) on the Generate screen with the tiny SD-1 model, 256x256,
4 steps. Per run, two figures:
- f5 to the enqueue request on the wire: from the key press to the moment the HTTP transport is
  handed `POST .../enqueue_batch` (validation, the graph, the batch: all ours);
- the server's completed event to the result's thumbnail on screen: from the app hearing the
  queue item's `completed` status to the first result's thumbnail drawn under the form.
The first run (the server loads the model, the app reads the node schemas once) is not counted.
The app talks to the server through a recording proxy (recording_proxy.py, its own process), so a
third figure is the same for both clients: the call (f5) to the enqueue request arriving at the
server's door. The published client has no Generate; its closest, QuickClient's SDXL text to image,
is run beside it (pyclient_generate.py, in its own venv).

    python -m bench.generate_tab URL [PYCLIENT_PYTHON] [RUNS]
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time

import httpx

from invokeai_tui.client.events import QueueItemStatusChangedEvent
from invokeai_tui.client.transport import TransportOnFirstUse
from invokeai_tui.config.settings import Settings
from invokeai_tui.pyclient import AsyncInvokeAIClient
from invokeai_tui.tui import image_support
from invokeai_tui.tui.app import InvokeAITUI

from .app_harness import ScreenWitness, wait_until
from .common import BENCH, emit_result, median, row, say
from .pty_app import temp_home

SIZE = (150, 45)


class RecordingProxy:
    """recording_proxy.py in a process of its own; ``arrivals``: when each enqueue request came in."""

    def __init__(self, target: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.recording_proxy", target], cwd=BENCH.parent,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            raise RuntimeError(f"the recording proxy did not start (said {line!r})")
        self.url = f"http://127.0.0.1:{line[1]}"
        self.arrivals: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 2 and parts[0] == "ENQUEUE":
                self.arrivals.append(float(parts[1]))

    def first_after(self, moment: float) -> float | None:
        return next((at for at in self.arrivals if at >= moment), None)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def theirs(proxy: RecordingProxy, python: str, runs: int) -> dict:
    """The published client's QuickClient SDXL text to image through the proxy: call -> arrival."""
    out = subprocess.run([python, str(BENCH / "pyclient_generate.py"), proxy.url, str(runs)],
                         capture_output=True, text=True, timeout=120 + runs * 60).stdout
    calls = [float(p[1]) for p in (line.split() for line in out.splitlines()) if p[:1] == ["CALL"]]
    outcomes = [line[5:] for line in out.splitlines() if line.startswith("DONE ")]
    time.sleep(0.2)  # the proxy's last line
    per_run = []
    for index, called in enumerate(calls):
        arrived = proxy.first_after(called)
        if arrived is not None and index + 1 < len(calls) and arrived > calls[index + 1]:
            arrived = None  # that request was the next call's
        per_run.append({"call_to_server_ms": (arrived - called) * 1000 if arrived else None,
                        "outcome": outcomes[index] if index < len(outcomes) else "no answer"})
    errors = sorted({r["outcome"] for r in per_run if not r["outcome"].startswith("ok")})
    return {"runs": per_run[1:], "warmup": per_run[:1], "errors": errors}


class WireWatch(TransportOnFirstUse):
    """The app's transport, noting when each enqueue request is handed to it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.enqueued_at: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/enqueue_batch"):
            self.enqueued_at.append(time.monotonic())
        return await super().handle_async_request(request)


async def run(url: str, runs: int, proxy: RecordingProxy | None = None) -> dict:
    from invokeai_tui.tui.screens.generate import GenerateScreen

    image_support.prepare("halfcell")
    wire = WireWatch(verify=True)
    home = temp_home()
    settings = Settings(path=home / "config" / "config.toml")  # the default start mode: Generate
    settings.download_dir = home / "downloads"
    app = InvokeAITUI(settings=settings, url=proxy.url if proxy else url,
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
            arrived = proxy.first_after(pressed) if proxy else None
            if index > 0:
                per_run.append({"f5_to_wire_ms": f5_to_wire, "completed_to_thumbnail_ms": completed_to_shown,
                                "f5_to_server_ms": (arrived - pressed) * 1000 if arrived else None})
            await pilot.pause(0.5)
    return {"runs": per_run}


def load() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def main(url: str, pyclient_python: str | None = None, runs: int = 5) -> None:
    load_at_start = load()  # the machine is shared: the figures go with how busy it was
    say(f"generate: {runs} tiny SD-1.5 runs through the Generate screen (load {load_at_start})")
    proxy = RecordingProxy(url)
    try:
        result = asyncio.run(run(url, runs, proxy))
        result["load_average"] = {"at_start": load_at_start, "after_ours": load()}
        published = None
        if pyclient_python:
            say("generate: the published client's QuickClient.generate_image_sdxl_t2i through the same proxy")
            published = theirs(proxy, pyclient_python, runs)
    finally:
        proxy.stop()

    def mid(rows: list[dict], key: str) -> float | None:
        return median([r[key] for r in rows if r.get(key) is not None])

    wire, shown = mid(result["runs"], "f5_to_wire_ms"), mid(result["runs"], "completed_to_thumbnail_ms")
    at_server = mid(result["runs"], "f5_to_server_ms")
    their_server = mid(published["runs"], "call_to_server_ms") if published else None
    note = ("ours: f5 on Generate, tiny SD-1.5; published: QuickClient.generate_image_sdxl_t2i, tiny SDXL "
            "(it has no Generate); both to the enqueue_batch request's arrival at a recording proxy")
    if published and published["errors"]:
        note += "; the published client failed: " + " | ".join(published["errors"])
    if published and their_server is None and published["errors"]:
        their_server = "failed (see the note)"  # shown in the table's published column
    emit_result({"rows": [
        row("generate_f5_to_wire", f"7. Generate: f5 to the enqueue request on the wire, median of {runs}", "ms",
            wire, "<= 20 ms", wire is not None and wire <= 20, details=result),
        row("generate_completed_to_thumbnail", f"7. Generate: completed event to the result's thumbnail, "
            f"median of {runs}", "ms", shown, "<= 50 ms", shown is not None and shown <= 50,
            details={"load_average": result["load_average"]}),
        row("generate_call_to_server", f"7. Generate: the call to the enqueue request at the server, median of {runs}",
            "ms", at_server, "-", None, theirs=their_server, details={"note": note, "published": published}),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
