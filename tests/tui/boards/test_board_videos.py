"""Videos on Boards (first step; issue 17 makes them part of the gallery): ``V`` lists the board's
videos, an MP4 uploaded with no video model, with its poster frame; ``d`` saves it to the download
folder, a second time under a new name (never over the first)."""

from __future__ import annotations

import asyncio
import uuid

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.tui.screens.board_videos import BoardVideosScreen
from tests.client.test_client_videos import mp4  # noqa: F401 - the fixture: an H.264 MP4
from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for


async def _upload(server_url: str, path, board_id: str):
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        return await client.video_repo.upload_video(path, board_id=board_id)


async def test_v_lists_the_boards_videos_with_a_poster_and_d_downloads(make_app, server_url, tui_settings,
                                                                     mp4):  # noqa: F811 - the fixture
    board_id = helpers.make_board(server_url, f"videos-{uuid.uuid4().hex[:6]}")
    try:
        video = await _upload(server_url, mp4, board_id)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_boards(pilot, board_id)
            await pilot.press("V")
            dialog = await wait_for(pilot, lambda: isinstance(app.screen, BoardVideosScreen) and app.screen,
                                    what="the videos dialog")
            await wait_for(pilot, lambda: [v.video_name for v in dialog.videos] == [video.video_name],
                           what="the video listed")
            poster = dialog.query_one("#videos-poster")
            await wait_for(pilot, lambda: poster.showing == video.video_name and poster.kind == "poster",
                           what="its poster frame")
            await pilot.press("d")
            folder = tui_settings.download_dir
            await wait_for(pilot, lambda: folder.exists() and len(list(folder.glob("*.mp4"))) == 1, what="saved")
            await pilot.press("d")
            await wait_for(pilot, lambda: len(list(folder.glob("*.mp4"))) == 2, what="saved again")
            assert all(p.read_bytes() == mp4.read_bytes() for p in folder.glob("*.mp4"))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, BoardVideosScreen), what="closed")
    finally:
        await asyncio.to_thread(helpers.delete_board, server_url, board_id)
