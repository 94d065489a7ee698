"""A board's video in the list (marked ▶, its length and fps; its poster in the preview) and in the
preview after f played it (its last frame, the count of frames played). Two images and an H.264 clip
uploaded with no video model; names and times fixed as in the other Boards snapshots."""

from __future__ import annotations

import pytest

from invokeai_tui.client.board_items import BoardVideo
from tests.support import rest as helpers
from tests.support.app_driving import open_boards, wait_for
from tests.support.snapshot_data import redact_app, redact_boards
from tests.support.video_media import clip
from tests.tui.boards.test_board_videos import _upload_video
from tests.tui.snapshots.test_snapshots import BOARD_NAME, app_for


@pytest.fixture(scope="module")
def video_board(server_url):
    board_id = helpers.make_board(server_url, "snapshot-videos")
    for width, height, colour in ((64, 48, (220, 120, 30)), (48, 48, (30, 120, 220))):
        helpers.upload_png(server_url, board_id, width, height, colour)
    video = _upload_video(server_url, clip("h264-128x96"), board_id)
    yield board_id
    helpers.api(server_url, "POST", "/api/v1/videos/delete", json={"video_names": [video["video_name"]]})
    helpers.delete_board(server_url, board_id)


def video_ready(board_id, play: bool):
    async def run_before(pilot):
        screen = await open_boards(pilot, board_id)
        table, preview, player = screen.table, screen.query_one("#preview"), screen.image_pane.player
        await wait_for(pilot, lambda: table.total == 3 and table.record_at(2) is not None, what="rows")
        await wait_for(pilot, lambda: preview.showing == table.record_at(0).image_name, what="the poster")
        await wait_for(pilot, lambda: pilot.app.connection_state == "live", what="live")
        if play:
            table.focus()
            await pilot.press("f")
            await wait_for(pilot, lambda: player.frames_decoded == 16 and player.playing is None, timeout=30,
                           what="played to the end")
        await pilot.pause(0.3)
        redact_app(pilot.app)
        redact_boards(screen, board_id, BOARD_NAME)
        for index in range(table.total):  # a video keeps an .mp4 name
            if isinstance(record := table.record_at(index), BoardVideo):
                table.cache.replace(index, record.model_copy(update={"image_name": f"video-{index + 1:03d}.mp4"}))
        screen.query_one("#metadata").show(table.current, None, BOARD_NAME)  # an upload: no generation metadata
        table.focus()
        await pilot.pause(0.2)

    return run_before


def test_snapshot_board_video_in_the_list(snap_compare, server_url, video_board, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=video_ready(video_board, False))


def test_snapshot_board_video_played_in_the_preview(snap_compare, server_url, video_board, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=video_ready(video_board, True))
