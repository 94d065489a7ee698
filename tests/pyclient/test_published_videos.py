"""Videos through the published-style client (`client.video_repo`; invokeai-py-client 1.1.1 has no video
support, the names follow its BoardHandle's image calls), against the real server, with no video model."""

from __future__ import annotations

import uuid

import pytest

from invokeai_tui.client import InvalidVideoError
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.pyclient.models import ImageCategory
from invokeai_tui.pyclient.video import IvkVideo, VideoRepository
from tests.support.video_media import clip


def test_videos_the_published_way(server_url, tmp_path):
    client = InvokeAIClient.from_url(server_url)
    board = client.board_repo.create_board(f"published-videos-{uuid.uuid4().hex[:8]}")
    other = client.board_repo.create_board(f"published-videos-{uuid.uuid4().hex[:8]}")
    try:
        videos = client.video_repo
        assert isinstance(videos, VideoRepository) and client.video_repo is videos
        mp4 = clip("h264-128x96")
        video = videos.upload_video(str(mp4), board_id=board.board_id)
        assert isinstance(video, IvkVideo) and video.board_id == board.board_id
        assert video.video_category == ImageCategory.USER and (video.width, video.height) == (128, 96)
        assert videos.list_videos(board.board_id) == [video.video_name] and videos.get_video_count(board.board_id) == 1
        assert videos.download_video(video.video_name) == mp4.read_bytes()
        assert videos.download_video(video.video_name, full_resolution=False)[8:12] == b"WEBP"
        assert videos.save_video(video.video_name, tmp_path).read_bytes() == mp4.read_bytes()
        assert videos.star_video(video.video_name) and videos.get_video_by_name(video.video_name).starred
        assert videos.unstar_video(video.video_name)
        assert videos.move_video_to(video.video_name, other.board_id)
        assert videos.list_videos(other.board_id) == [video.video_name]
        assert videos.core.list_videos(other.board_id).total == 1  # the core repository, blocking
        with pytest.raises(InvalidVideoError, match="MPEG-4 Part 2"):
            videos.upload_video(clip("mpeg4-128x96"), board_id=board.board_id)
        assert videos.delete_video(video.video_name) is True
        assert videos.get_video_by_name(video.video_name) is None and videos.delete_video(video.video_name) is False
    finally:
        for handle in (board, other):
            client.board_repo.delete_board(handle.board_id, delete_images=True)
        client.close()
