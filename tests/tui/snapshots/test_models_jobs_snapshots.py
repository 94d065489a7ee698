"""SVG snapshot of the Models screen's install jobs list with a job downloading, drawn from fixed job
records (the server's models are redacted as in test_snapshots.py).

Update after an intended change with:
pytest tests/tui/snapshots/test_models_jobs_snapshots.py --snapshot-update
"""

from __future__ import annotations

from invokeai_tui.client.install_jobs_model import JobRow
from invokeai_tui.client.records import ModelInstallJob
from invokeai_tui.tui.widgets.install_jobs import InstallJobsPane
from tests.support.app_driving import open_models, wait_for
from tests.support.snapshot_data import redact_app, redact_models
from tests.tui.snapshots.test_snapshots import app_for

MB = 1_000_000


def fixed_jobs() -> dict[int, JobRow]:
    def url(name: str) -> dict:
        return {"type": "url", "url": f"http://models.example/{name}"}

    downloading = JobRow(ModelInstallJob(id=3, status="downloading", source=url("realistic-vision.safetensors"),
                                         bytes=1_240 * MB, total_bytes=2_130 * MB))
    downloading.samples.extend([(10.0, 1_000 * MB), (14.0, 1_240 * MB)])  # 60 MB/s, 15 s left
    done = ModelInstallJob(id=2, status="completed", source={"type": "hf", "repo_id": "someone/tiny-lora"},
                           bytes=18 * MB, total_bytes=18 * MB)
    failed = ModelInstallJob(id=1, status="error", source=url("missing.safetensors"), error_reason="HTTPError",
                             error="404 Client Error: Not Found for url: http://models.example/missing.safetensors")
    return {3: downloading, 2: JobRow(done), 1: JobRow(failed)}


def test_snapshot_models_install_jobs(snap_compare, server_url, tmp_path):
    async def run_before(pilot):
        screen = await open_models(pilot)
        await wait_for(pilot, lambda: pilot.app.live.install_jobs.synced, what="the jobs read")
        redact_app(pilot.app)
        redact_models(screen)
        pilot.app.live.install_jobs.rows = fixed_jobs()
        pane = screen.query_one(InstallJobsPane)
        pane.refresh_jobs()
        await pilot.press("j")
        await pilot.press("down", "down")  # the failed job: its error under the list
        await pilot.pause(0.3)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=run_before)
