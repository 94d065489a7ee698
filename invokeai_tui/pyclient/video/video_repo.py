"""Videos for the published client (`client.video_repo`), blocking, over the async client's video
repository. invokeai-py-client 1.1.1 has no video support; the names follow its BoardHandle's image
calls (list_images, upload_image, download_image, move_image_to, star_image, delete_image)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import NotFoundError

from ..board.board_model import UNCATEGORIZED
from ..models import ImageCategory
from .video_model import IvkVideo

if TYPE_CHECKING:
    from ..client import InvokeAIClient


def _video(record: Any) -> IvkVideo:
    return IvkVideo.from_api_response(record.model_dump())


class VideoRepository:
    """Videos on any board ("none" = uncategorized): list (paged on the server), look up, upload an H.264
    MP4, download it or its poster, save, move, star, delete. The core repository's other calls
    (list_videos returning a VideoPage, star_videos, ...) are reached through `core`."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self._client = client

    @property
    def core(self) -> Any:
        """The async client's VideoRepository, blocking."""
        return self._client._proxy("video_repo")

    @property
    def _videos(self):
        return self._client.async_client.video_repo

    def _run(self, coro):
        return self._client.run(coro)

    def list_videos(self, board_id: str | None = None, offset: int = 0, limit: int = 100, order_dir: str = "DESC",
                    starred_first: bool = False, search_term: str | None = None) -> list[str]:
        """Names of one page of a board's videos (None = every board), newest first by default."""
        page = self._run(self._videos.list_videos(board_id, offset=offset, limit=limit, order_dir=order_dir,
                                                  starred_first=starred_first, search_term=search_term))
        return page.names

    def get_video_count(self, board_id: str | None = None) -> int:
        return self._run(self._videos.count_videos(board_id))

    def get_video_by_name(self, video_name: str) -> IvkVideo | None:
        try:
            return _video(self._run(self._videos.get_video(video_name)))
        except NotFoundError:
            return None

    def upload_video(self, file_path: str | os.PathLike[str], board_id: str | None = None, is_intermediate: bool = False,
                     video_category: ImageCategory = ImageCategory.USER, session_id: str | None = None,
                     metadata: dict[str, Any] | None = None) -> IvkVideo:
        """Upload an H.264 MP4; anything else raises InvalidVideoError before it is sent."""
        return _video(self._run(self._videos.upload_video(
            file_path, board_id=board_id or UNCATEGORIZED, is_intermediate=is_intermediate,
            video_category=ImageCategory(video_category).value, session_id=session_id, metadata=metadata)))

    def upload_video_data(self, video_data: bytes, filename: str | None = None, board_id: str | None = None,
                          is_intermediate: bool = False, video_category: ImageCategory = ImageCategory.USER,
                          session_id: str | None = None, metadata: dict[str, Any] | None = None) -> IvkVideo:
        return _video(self._run(self._videos.upload_video_data(
            video_data, filename or "upload.mp4", board_id=board_id or UNCATEGORIZED, is_intermediate=is_intermediate,
            video_category=ImageCategory(video_category).value, session_id=session_id, metadata=metadata)))

    def download_video(self, video_name: str, full_resolution: bool = True) -> bytes:
        """The MP4's bytes, or with full_resolution=False the poster (the WebP of its first frame)."""
        return self._run(self._videos.get_full(video_name) if full_resolution else self._videos.get_poster(video_name))

    def save_video(self, video_name: str, dest: str | os.PathLike[str], overwrite: bool = False) -> Path:
        """Save the MP4 atomically into a folder (its own name) or at a path; never over a file unless asked."""
        return self._run(self._videos.save_video(video_name, dest, overwrite=overwrite))

    def move_video_to(self, video_name: str, target_board_id: str | None) -> bool:
        result = self._run(self._videos.add_videos_to_board([video_name], target_board_id or UNCATEGORIZED))
        return video_name in result.changed_videos

    def star_video(self, video_name: str) -> bool:
        return video_name in self._run(self._videos.star_videos([video_name])).changed_videos

    def unstar_video(self, video_name: str) -> bool:
        return video_name in self._run(self._videos.unstar_videos([video_name])).changed_videos

    def delete_video(self, video_name: str) -> bool:
        """Delete a video; False when there is no such video."""
        try:
            return self._run(self._videos.delete_video(video_name))
        except NotFoundError:
            return False

    def __repr__(self) -> str:
        return f"VideoRepository(client={self._client.base_url})"
