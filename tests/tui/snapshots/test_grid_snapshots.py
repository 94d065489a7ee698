"""SVG snapshots of the Boards grid view (half-cell thumbnails, and the plain mode without images),
drawn from the real server with the run-to-run values fixed.

Update after an intended change with: pytest tests/tui/snapshots/test_grid_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.support import rest as helpers
from tests.support.app_driving import open_boards, wait_for
from tests.support.snapshot_data import redact_app, redact_boards
from invokeai_tui.config.settings import Settings
from invokeai_tui.tui.app import InvokeAITUI

BOARD_NAME = "Lighthouses"
COLOURS = ((220, 120, 30), (30, 120, 220), (40, 180, 90), (200, 40, 120), (240, 220, 60), (90, 60, 200),
           (30, 200, 200), (160, 160, 160))
SIZES = ((64, 48), (48, 48), (96, 32), (32, 64), (64, 64), (80, 40), (40, 40), (72, 48))


@pytest.fixture(scope="module")
def grid_board(server_url):
    board_id = helpers.make_board(server_url, "grid-snapshot-board")
    for (width, height), colour in zip(SIZES, COLOURS):
        helpers.upload_png(server_url, board_id, width, height, colour)
    yield board_id
    helpers.delete_board(server_url, board_id)


def app_for(server_url, tmp_path) -> InvokeAITUI:
    settings = Settings(path=tmp_path / "config.toml", start_mode="boards", boards_view="grid")
    settings.download_dir = tmp_path / "downloads"
    return InvokeAITUI(settings=settings, url=server_url)


def grid_ready(board_id, marks: int = 0):
    async def run_before(pilot):
        app = pilot.app
        screen = await open_boards(pilot, board_id)
        table, grid = screen.table, screen.image_pane.grid
        await wait_for(pilot, lambda: table.total == len(SIZES) and table.record_at(len(SIZES) - 1) is not None,
                       what="rows")
        await wait_for(pilot, lambda: grid.cells and grid.thumbnails_shown(), what="the thumbnails")
        await wait_for(pilot, lambda: app.connection_state == "live", what="live")
        grid.focus()
        await pilot.press(*["space"] * marks)
        preview = screen.query_one("#preview")
        await wait_for(pilot, lambda: preview.showing == table.current.image_name and preview.kind == "thumbnail",
                       what="the preview of the cursor image")
        await pilot.pause(0.3)  # the live queue counts settle before they are fixed
        # The fixed names do not exist on the server: their thumbnails are the real ones, copied.
        fixed = {table.record_at(i).image_name: f"image-{i + 1:03d}.png" for i in range(table.total)}
        for real, name in fixed.items():
            app.thumbnails._entries[name] = app.thumbnails.cached(real)
        marked = {fixed[name] for name in table.marked}
        redact_app(app)
        redact_boards(screen, board_id, BOARD_NAME)
        table.marked.clear()
        table.marked.update(marked)
        grid.sync()
        await wait_for(pilot, lambda: all(c.record is None or c.showing == c.record.image_name for c in grid.cells),
                       what="the redacted thumbnails")
        await pilot.pause(0.3)

    return run_before


def test_snapshot_boards_grid(snap_compare, server_url, grid_board, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=grid_ready(grid_board, 2))
