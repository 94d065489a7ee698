"""The Boards image list titled by prompts (issue 15): two generated images (prompt, model, seed)
and an upload (its file name), at a width where every column shows."""

from __future__ import annotations

from tests.tui.snapshots.test_snapshots import app_for, boards_ready, snapshot_board  # noqa: F401 - a fixture

TITLED = {
    0: {"positive_prompt": "a lighthouse at dawn, oil painting\nwith a second line", "seed": 42,
        "model": {"name": "tiny-sd15", "base": "sd-1"}},
    1: {"positive_prompt": "a lighthouse in a storm, long exposure photograph of the waves", "seed": 1234567890,
        "model": {"name": "tiny-sdxl", "base": "sdxl"}},
}


def test_snapshot_boards_titled(snap_compare, server_url, snapshot_board, tmp_path):  # noqa: F811
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(160, 32), run_before=boards_ready(snapshot_board, TITLED))
