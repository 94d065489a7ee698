"""Benchmark 5: the app's overhead on a real generation.

The real app (headless, in this process, see app_harness.py) opens "Text to Image - SD1.5" from the
server's library in the Workflows mode, picks the tiny SD-1 model, 256x256, 4 steps. Then, per
run: from pressing submit (f5) to the result image shown under the form (its thumbnail drawn), minus
the server's own run time of the queue item (completed_at - started_at, the server's timestamps).
What is left is ours plus the server's queue pick-up (created_at -> started_at, also reported).

    python -m bench.generation URL [RUNS]
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime

from invokeai_tui.client.events import QueueItemStatusChangedEvent

from .app_harness import ScreenWitness, make_app, wait_until
from .common import emit_result, http_json, median, row, say
from .pty_app import temp_home

SD15 = "Text to Image - SD1.5"
SIZE = (150, 45)
STEPS = 4


def server_seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def type_into(pilot, editor, text: str) -> None:
    widget = editor.query_one("Input, TextArea")
    widget.focus()
    if hasattr(widget, "clear"):
        widget.clear()
    await pilot.press(*text)


async def run(url: str, runs: int) -> dict:
    from invokeai_tui.tui.screens.workflows import WorkflowsScreen
    from invokeai_tui.tui.widgets.image_preview import ImagePreview

    models = http_json("GET", f"{url}/api/v2/models/?model_type=main")["models"]
    sd15 = next(m for m in models if m["base"] == "sd-1")
    library = http_json("GET", f"{url}/api/v1/workflows/?per_page=100&query=SD1.5")["items"]
    workflow_id = next(w["workflow_id"] for w in library if w["name"] == SD15)
    app = make_app(url, temp_home())
    per_run = []
    async with app.run_test(size=SIZE) as pilot:
        witness = ScreenWitness(app)
        await wait_until(lambda: app.connected, what="connected")
        await pilot.press("4")
        screen = await wait_until(lambda: isinstance(app.screen, WorkflowsScreen) and app.screen, what="workflows")
        screen.open_workflow(workflow_id)
        await wait_until(lambda: screen.handle is not None and screen.form is not None and screen.form.is_mounted,
                         timeout=60, what="the SD1.5 workflow open")
        await pilot.pause(0.3)
        form, handle = screen.form, screen.handle
        labels = [i.label for i in handle.inputs]
        form.editor(labels.index("Model")).query_one("Select").value = sd15["key"]
        await wait_until(lambda: (handle.inputs[labels.index("Model")].field.get() or {}).get("key") == sd15["key"],
                         what="the model chosen")
        for label, value in (("Width", "256"), ("Height", "256")):
            await type_into(pilot, form.editor(labels.index(label)), value)
        # Steps is not on the form: set it on the node (fewer steps, same path; the server's time is
        # subtracted anyway, this only keeps the benchmark short).
        denoise = next(n for n in handle.definition.nodes if n.get("data", {}).get("type") == "denoise_latents")
        handle.set_field_value(denoise["id"], "steps", STEPS)
        await pilot.pause(0.3)
        preview = screen.query_one(ImagePreview)
        seen: dict[tuple[int, str], float] = {}  # (item id, status) -> when the app heard it

        def on_event(event) -> None:
            if isinstance(event, QueueItemStatusChangedEvent) and event.item_id is not None:
                seen.setdefault((event.item_id, event.status), time.monotonic())

        app.live.add_listener(on_event)
        for index in range(runs + 1):  # the first run loads the model into the server's cache: not counted
            previous, old_results = handle.last_submission, screen.results
            shown = witness.expect(lambda: handle.last_submission is not previous and screen.results
                                   and screen.results is not old_results and preview.showing == screen.results[0][0])
            pressed = time.monotonic()
            await pilot.press("f5")
            at = await asyncio.wait_for(shown, 300)
            item = http_json("GET", f"{url}/api/v1/queue/default/i/{handle.last_submission.item_ids[0]}")
            server = server_seconds(item.get("started_at"), item.get("completed_at"))
            pickup = server_seconds(item.get("created_at"), item.get("started_at"))
            total = at - pressed
            say(f"generation run {index}: {total:.3f} s on screen, server {server:.3f} s")
            item_id = handle.last_submission.item_ids[0]
            started_heard, completed_heard = seen.get((item_id, "in_progress")), seen.get((item_id, "completed"))
            if index > 0:
                per_run.append({
                    "submit_to_shown_s": total, "server_run_s": server, "queue_pickup_s": pickup,
                    "overhead_ms": (total - server) * 1000,
                    # Where the remainder goes, as the app saw it:
                    "press_to_started_event_ms": (started_heard - pressed) * 1000 if started_heard else None,
                    "started_to_completed_event_s": (completed_heard - started_heard)
                    if started_heard and completed_heard else None,
                    "completed_event_to_shown_ms": (at - completed_heard) * 1000 if completed_heard else None,
                })
            await pilot.pause(0.5)
    return {"runs": per_run}


def main(url: str, runs: int = 3) -> None:
    say(f"generation: {runs} tiny SD-1.5 runs through the Workflows screen")
    result = asyncio.run(run(url, runs))
    overhead = median([r["overhead_ms"] for r in result["runs"]])
    result["pickup_median_ms"] = median([r["queue_pickup_s"] * 1000 for r in result["runs"]])
    emit_result({"rows": [
        row("generation_overhead", f"5. Overhead on a tiny SD-1.5 run (submit to image shown, minus server run), "
            f"median of {runs}", "ms", overhead, "<= 50 ms", overhead <= 50, details=result),
    ]})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
