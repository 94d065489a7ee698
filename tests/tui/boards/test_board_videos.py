"""Videos in Boards against the real server: a board's images and its videos (H.264 MP4s uploaded with no
video model) in one list, newest first, paged in small pages so both sources page; told apart by the
marker, with poster, length and fps in the list, the grid and the preview; starred first and star, the
MP4 downloaded byte for byte and never over a file; u uploads an MP4 (another codec refused), m and d;
f plays the frames (the decoder's count is the
clip's), and without a decoder the poster stays and the sentence names the extra."""

from __future__ import annotations

import sys
import time

import pytest

from invokeai_tui.client.board_items import BoardVideo, is_video
from invokeai_tui.tui.screens.dialogs import ConfirmDialog, PickDialog, TextPromptDialog
from invokeai_tui.tui.video_frames import MISSING_DECODER, count_frames
from invokeai_tui.tui.widgets.image_table import format_row
from tests.support import rest as helpers
from tests.support.app_driving import open_boards, wait_for
from tests.support.mp4_frames import video_frame_counts
from tests.support.video_media import clip

SMALL = (100, 24)
PAGE = 8  # rows per fetched page here: 30 images and 3 videos take 5 pages, each source paged


def _upload_video(server_url: str, path, board_id: str) -> dict:
    files = {"file": (path.name, path.read_bytes(), "video/mp4")}
    return helpers.api(server_url, "POST", "/api/v1/videos/upload", files=files,
                       params={"board_id": board_id, "video_category": "user", "is_intermediate": "false"})


@pytest.fixture(scope="module")
def mp4():
    return clip("h264-128x96")  # 16 frames at 8 fps


@pytest.fixture(scope="module")
def mixed_board(server_url, mp4):
    """30 images with a video after each 10th (newest first: v3, 10 images, v2, 10 images, v1, 10 images)."""
    board_id = helpers.make_board(server_url)
    names: list[str] = []
    for group in range(3):
        for _ in range(10):
            names.append(helpers.upload_png(server_url, board_id, 32, 24)["image_name"])
        time.sleep(0.01)
        names.append(_upload_video(server_url, mp4, board_id)["video_name"])
        time.sleep(0.01)
    yield board_id, names[::-1]
    videos = [n for n in names if n.endswith(".mp4")]
    helpers.api(server_url, "POST", "/api/v1/videos/delete", json={"video_names": videos})
    helpers.delete_board(server_url, board_id)


async def _open(pilot, board_id):
    screen = await open_boards(pilot)
    screen.table.cache.page_size = PAGE
    screen.select_board(board_id)
    await wait_for(pilot, lambda: screen.board_id == board_id and screen.table.total, what="the board")
    return screen


async def _all_rows(pilot, table) -> list:
    """Every row, read by moving the cursor down (each page fetched as it comes on screen)."""
    table.focus()
    rows = []
    for index in range(table.total):
        table.cursor = index
        await wait_for(pilot, lambda: table.record_at(index) is not None, what=f"row {index}")
        rows.append(table.record_at(index))
    return rows


async def test_a_board_lists_images_and_videos_newest_first_in_pages(make_app, mixed_board):
    board_id, expected = mixed_board
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, board_id)
        table = screen.table
        assert table.total == 33
        assert screen.current_board.item_count == 33  # the board list counts the videos too
        rows = await _all_rows(pilot, table)
        assert [r.image_name for r in rows] == expected
        assert len(table.cache.cached_pages) >= 4
        video = rows[0]
        assert is_video(video) and video.fps == pytest.approx(8) and video.duration == pytest.approx(2.0, abs=0.2)
        line = format_row(video, False, 90)
        assert "▶ 2.0 s 8 fps" in line and "128×96" in line and "video" in line
        assert "▶" not in format_row(rows[1], False, 90)
        # Its poster in the preview, the marker and length in the caption, the length in the metadata.
        table.cursor = 0
        preview = screen.image_pane.preview
        await wait_for(pilot, lambda: preview.showing == video.image_name, what="the poster")
        caption = str(preview.query_one("#preview-caption").render())
        assert "▶ 2.0 s 8 fps · f: play · 128×96" in caption
        # The metadata follows the poster (it is read after it is drawn): waited for, not assumed there.
        metadata_text = screen.image_pane.metadata.query_one("#metadata-text")
        await wait_for(pilot, lambda: "16 frames" in str(metadata_text.render()), what="the video's metadata")
        # The grid: the video's cell caption carries the marker, and its poster is drawn.
        await pilot.press("v")
        grid = screen.image_pane.grid
        await wait_for(pilot, lambda: grid.cells and grid.cells[0].record is not None and grid.thumbnails_shown(),
                       what="the grid with posters")
        assert str(grid.cells[0].caption.render()).startswith("▶ 2.0 s 8 fps")
        assert grid.cells[0].showing == video.image_name
        await pilot.press("v")
        # Image-only actions say so in one sentence for a video.
        table.focus()
        await pilot.press("r")
        await wait_for(pilot, lambda: any("this is a video" in n.message for n in app._notifications),
                       what="the sentence")


async def test_star_starred_first_and_download_a_video(make_app, mixed_board, mp4, tui_settings):
    board_id, expected = mixed_board
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, board_id)
        table = screen.table
        table.focus()
        target = expected[11]  # the middle video
        table.cursor = 11
        await wait_for(pilot, lambda: table.current is not None and table.current.image_name == target, what="it")
        await pilot.press("s")
        await wait_for(pilot, lambda: table.record_at(11) is not None and table.record_at(11).starred,
                       what="starred")
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: table.record_at(0) is not None and table.record_at(0).image_name == target,
                       what="the starred video first")
        rows = await _all_rows(pilot, table)
        assert [r.image_name for r in rows] == [target] + [n for n in expected if n != target]
        # w: the MP4, byte for byte; a second time under a new name.
        table.cursor = 0
        folder = tui_settings.download_dir
        await pilot.press("w")
        await wait_for(pilot, lambda: folder.exists() and len(list(folder.glob("*.mp4"))) == 1, what="saved")
        await pilot.press("w")
        await wait_for(pilot, lambda: len(list(folder.glob("*.mp4"))) == 2, what="saved again")
        assert all(p.read_bytes() == mp4.read_bytes() for p in folder.glob("*.mp4"))
        await pilot.press("s")  # unstar: the board as the other tests expect it
        await wait_for(pilot, lambda: table.record_at(0) is not None and not table.record_at(0).starred
                       or table.record_at(0).image_name != target, what="unstarred")


async def test_f_plays_the_frames_and_esc_stops(make_app, mixed_board, mp4):
    board_id, expected = mixed_board
    assert count_frames(mp4.read_bytes()) == video_frame_counts(mp4.read_bytes())[0] == 16  # the decoder sees every frame
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, board_id)
        table, player = screen.table, screen.image_pane.player
        table.focus()
        await wait_for(pilot, lambda: isinstance(table.current, BoardVideo), what="the video")
        await pilot.press("f")
        await wait_for(pilot, lambda: player.frame_index >= 2, what="frames advancing")
        await wait_for(pilot, lambda: player.playing is None and player.frames_decoded == 16, timeout=30,
                       what="played to the end")
        caption = str(screen.image_pane.preview.query_one("#preview-caption").render())
        assert caption.startswith("played 16 frames")
        # Again, stopped with esc midway: the frame stays, the index stops.
        await pilot.press("f")
        await wait_for(pilot, lambda: player.playing is not None and player.frame_index >= 1, what="playing again")
        await pilot.press("escape")
        await wait_for(pilot, lambda: player.playing is None, what="stopped")
        stopped_at = player.frame_index
        await pilot.pause(0.3)
        assert player.frame_index == stopped_at < 16


async def test_without_a_decoder_the_poster_and_the_sentence(make_app, mixed_board, monkeypatch):
    board_id, _ = mixed_board
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` now raises ImportError
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, board_id)
        table, player, preview = screen.table, screen.image_pane.player, screen.image_pane.preview
        table.focus()
        await wait_for(pilot, lambda: isinstance(table.current, BoardVideo), what="the video")
        await pilot.press("f")
        await wait_for(pilot, lambda: player.reason == MISSING_DECODER, what="the reason")
        await wait_for(pilot, lambda: any(n.message == MISSING_DECODER for n in app._notifications), what="said")
        assert preview.showing == table.current.image_name and player.frames_decoded == 0
        assert "no video decoder" in str(preview.query_one("#preview-caption").render())


async def test_u_uploads_an_mp4_m_moves_and_d_deletes_a_video(make_app, server_url, board, mp4):
    other = helpers.make_board(server_url)
    try:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            screen = await open_boards(pilot, board)
            table = screen.table
            table.focus()
            await pilot.press("u")
            dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen,
                                    what="the upload dialog")
            dialog.query_one("Input").value = str(mp4)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(table.record_at(0), BoardVideo), what="the uploaded video")
            # An MPEG-4 Part 2 clip is refused before it is sent, with the reason.
            await pilot.press("u")
            dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen,
                                    what="the upload dialog")
            dialog.query_one("Input").value = str(clip("mpeg4-128x96"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: any("not H.264" in n.message for n in app._notifications),
                           what="the refusal")
            assert table.total == 1
            # m: to the other board (the pick dialog), then it is gone from this one.
            table.focus()
            await pilot.press("m")
            pick = await wait_for(pilot, lambda: isinstance(app.screen, PickDialog) and app.screen, what="the pick")
            pick.dismiss(other)
            await wait_for(pilot, lambda: table.total == 0, what="moved away")
            listed = helpers.api(server_url, "GET", "/api/v1/videos/", params={"board_id": other})
            assert listed["total"] == 1
            # d on the other board: confirmed, deleted on the server.
            screen.select_board(other)
            await wait_for(pilot, lambda: screen.board_id == other and isinstance(table.record_at(0), BoardVideo),
                           what="the other board")
            table.focus()
            await pilot.press("d")
            confirm = await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog) and app.screen,
                                     what="the confirmation")
            confirm.dismiss(True)
            await wait_for(pilot, lambda: table.total == 0, what="deleted")
            assert helpers.api(server_url, "GET", "/api/v1/videos/", params={"board_id": other})["total"] == 0
    finally:
        helpers.delete_board(server_url, other)
