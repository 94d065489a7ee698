"""SVG snapshots of the generated forms of the SD1.5 and SDXL default workflows, from the real server.

Update after an intended change with: pytest tests/tui/snapshots/test_workflows_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.support.app_driving import wait_for, wait_for_workers
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from invokeai_tui.config.settings import Settings
from tests.support.snapshot_data import redact_app


SD15 = "default_7dde3e36-d78f-4152-9eea-00ef9c8124ed"
SDXL = "default_5e8b008d-c697-45d0-8883-085a954c6ace"


def app_for(server_url, tmp_path) -> InvokeAITUI:
    settings = Settings(path=tmp_path / "config.toml", start_mode="boards")
    settings.download_dir = tmp_path / "downloads"
    return InvokeAITUI(settings=settings, url=server_url)


def form_of(workflow_id: str):
    async def run_before(pilot):
        app = pilot.app
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="connected")
        await pilot.press("4")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen,
                                what="workflows")
        screen.query_one("#wf-category").value = "default"  # other tests may add user workflows
        await wait_for(pilot, lambda: len(screen.library) == 26 and all(w.category == "default"
                                                                        for w in screen.library), what="defaults")
        listing = screen.query_one("#wf-list")
        await wait_for(pilot, lambda: listing.option_count == 26, what="the list drawn")
        await wait_for_workers(app)
        listing.highlighted = next(i for i in range(listing.option_count)
                                   if listing.get_option_at_index(i).id == workflow_id)
        screen.open_workflow(workflow_id)
        await wait_for(pilot, lambda: screen.form is not None and screen.form.is_mounted
                       and screen.handle.definition.id == workflow_id, timeout=30, what="the form")
        await wait_for(pilot, lambda: app.connection_state == "live", what="live")
        redact_app(app)
        app.clear_notifications()
        listing.focus()
        await pilot.pause(0.3)

    return run_before


def test_snapshot_sd15_form(snap_compare, server_url, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 36), run_before=form_of(SD15))


def test_snapshot_sdxl_form(snap_compare, server_url, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 36), run_before=form_of(SDXL))
