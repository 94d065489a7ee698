"""The Boards image list titled by prompts (issue 15): two generated images (prompt, model, seed)
and an upload (its file name), at a width where every column shows."""

from __future__ import annotations

from tests.support.app_driving import open_boards, wait_for
from tests.support.snapshot_data import redact_app, redact_boards
from tests.tui.snapshots.test_snapshots import BOARD_NAME, app_for, snapshot_board  # noqa: F401 - a fixture

TITLED = {
    0: {"positive_prompt": "a lighthouse at dawn, oil painting\nwith a second line", "seed": 42,
        "model": {"name": "tiny-sd15", "base": "sd-1"}},
    1: {"positive_prompt": "a lighthouse in a storm, long exposure photograph of the waves", "seed": 1234567890,
        "model": {"name": "tiny-sdxl", "base": "sdxl"}},
}


def titled_ready(board_id):
    async def run_before(pilot):
        screen = await open_boards(pilot, board_id)
        await wait_for(pilot, lambda: screen.table.total == 3 and screen.table.record_at(2) is not None, what="rows")
        await wait_for(pilot, lambda: screen.query_one("#preview").kind == "thumbnail", what="thumbnail")
        await wait_for(pilot, lambda: pilot.app.connection_state == "live", what="live")
        await pilot.pause(0.3)
        redact_app(pilot.app)
        redact_boards(screen, board_id, BOARD_NAME, metadata=TITLED)
        screen.table.focus()
        await pilot.pause(0.2)

    return run_before


def test_snapshot_boards_titled(snap_compare, server_url, snapshot_board, tmp_path):  # noqa: F811
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(160, 32), run_before=titled_ready(snapshot_board))
