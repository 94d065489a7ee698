"""Videos against the real server (InvokeAI 6.14 keeps them beside images): an H.264 MP4 made here,
uploaded with no video model installed, listed on its board with its poster frame, saved atomically
and never over an existing file; non-MP4 files refused before anything is sent."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from invokeai_tui.client import AsyncInvokeAIClient, InvalidImageError, NotFoundError
from invokeai_tui.client.image_files import sniff_image_type

SERVER_PYTHON = (Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
                 / "server-venv-6.14.2" / "bin" / "python")
# 16 frames of 128×96 at 8 fps, H.264: written with the server's own imageio + bundled ffmpeg (no system ffmpeg).
MAKE_MP4 = """
import sys, numpy as np, imageio.v2 as iio
frames = [np.full((96, 128, 3), i * 15, dtype=np.uint8) for i in range(16)]
iio.mimwrite(sys.argv[1], frames, fps=8, codec="libx264", pixelformat="yuv420p", macro_block_size=16)
"""


@pytest.fixture(scope="module")
def mp4(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    subprocess.run([str(SERVER_PYTHON), "-c", MAKE_MP4, str(path)], check=True, timeout=120)
    return path


@pytest.fixture
async def client(server_url):
    async with AsyncInvokeAIClient.from_url(server_url) as c:
        yield c


@pytest.fixture
async def new_board(client):
    board = await client.board_repo.create_board(f"videos-{uuid.uuid4().hex[:8]}")
    yield board
    try:
        await client.board_repo.delete_board(board.board_id, include_images=True)
    except NotFoundError:
        pass


async def test_an_uploaded_video_is_listed_with_its_poster_and_saved_without_overwriting(client, new_board, mp4,
                                                                                          tmp_path):
    videos = client.video_repo
    uploaded = await videos.upload_video(mp4, board_id=new_board.board_id, metadata={"note": "no model"})
    assert uploaded.video_origin == "external" and (uploaded.width, uploaded.height) == (128, 96)
    page = await videos.list_videos(new_board.board_id)
    assert page.total == 1 and [v.video_name for v in page.items] == [uploaded.video_name]
    assert page.items[0].duration == pytest.approx(2.0, abs=0.2)
    assert sniff_image_type(await videos.get_poster(uploaded.video_name)) == "image/webp"

    first = await videos.save_video_in_folder(uploaded.video_name, tmp_path / "downloads")
    assert first.read_bytes() == mp4.read_bytes()  # the very file uploaded
    second = await videos.save_video_in_folder(uploaded.video_name, tmp_path / "downloads")
    assert second != first and second.name.endswith(" (1).mp4")
    assert first.read_bytes() == mp4.read_bytes()
    assert not [p for p in first.parent.iterdir() if p.name.endswith(".partial")]


async def test_only_mp4_files_are_uploaded(client, new_board, tmp_path):
    png = tmp_path / "still.mp4"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(InvalidImageError):
        await client.video_repo.upload_video(png, board_id=new_board.board_id)
    assert (await client.video_repo.list_videos(new_board.board_id)).total == 0
