"""SVG snapshot of the Generate screen with the tiny SD-1 model: its prompt panel (the dynamic prompt
counted by the server), only the SD-1 controls, and the submit bar.

Update after an intended change with: pytest tests/tui/snapshots/test_generate_snapshots.py --snapshot-update
"""

from __future__ import annotations

from invokeai_tui.config.settings import Settings
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.tui.screens.generate import GenerateScreen
from tests.support.app_driving import wait_for, wait_for_workers
from tests.support.snapshot_data import redact_app


def generate_app(server_url, tmp_path) -> InvokeAITUI:
    settings = Settings(path=tmp_path / "config.toml")  # the default start mode: Generate
    settings.download_dir = tmp_path / "downloads"
    app = InvokeAITUI(settings=settings, url=server_url)
    app.generate_state_path = tmp_path / "generate.json"
    return app


def test_snapshot_generate_sd1(snap_compare, server_url, tmp_path):
    async def run_before(pilot):
        app = pilot.app
        screen = await wait_for(pilot, lambda: isinstance(app.screen, GenerateScreen) and app.screen, 30, "generate")
        await wait_for(pilot, lambda: screen.loaded, 30, "the models")
        key = next(m.key for group in screen.main_models.values() for m in group if m.name == "tiny-sd15")
        screen.prompts.model.value = key
        await wait_for(pilot, lambda: screen.params.model is not None and screen.params.model.key == key, what="sd-1")
        screen.prompts.prompt.text = "a lighthouse at dawn, {red|blue} sky"
        screen.prompts.negative.text = "blurry"
        await wait_for(pilot, lambda: "2 prompts" in str(screen.prompts.count.render()), what="the count")
        await wait_for(pilot, lambda: app.connection_state == "live", what="live")
        await wait_for_workers(app)  # a queue read still under way would overwrite the fixed counts
        redact_app(app)
        app.clear_notifications()
        screen.prompts.model.focus()
        await pilot.pause(0.3)

    assert snap_compare(generate_app(server_url, tmp_path), terminal_size=(120, 40), run_before=run_before)
