"""Videos, the minimum: a board's listing, the poster frame (the server's WebP thumbnail of the
first frame), saving the MP4 (atomic, never overwriting) and uploading one (no video model needed:
the server only checks that it is an H.264 MP4 whose first frame decodes)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import InvalidImageError, UnexpectedResponseError
from ..image_files import resolve_destination, safe_file_name, write_atomically
from ..records.boards import UNCATEGORIZED_BOARD_ID
from ..records.videos import VideoPage, VideoRecord

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

VIDEOS = "/api/v1/videos"
MAX_PAGE = 1000
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # the server's own cap


def _video_path(name: str) -> str:
    quoted = quote(name, safe="")
    return f"{VIDEOS}/i/{quoted.replace('.', '%2E') if quoted in ('.', '..') else quoted}"


def is_mp4(data: bytes) -> bool:
    """An ISO-BMFF file (its first box is ``ftyp``), as the server checks before probing the codec."""
    return len(data) >= 12 and data[4:8] == b"ftyp"


def _read_upload(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise InvalidImageError(f"Cannot upload {path}: it is not a regular file.")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise InvalidImageError(f"Cannot upload {path}: the server takes videos up to 1 GiB.")
        return path.read_bytes()
    except OSError as exc:
        raise InvalidImageError(f"Cannot upload {path}: it cannot be read ({exc.strerror or exc}).") from None


class VideoRepository:
    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    async def list_videos(self, board_id: str | None = None, *, offset: int = 0, limit: int = 100,
                          order_dir: str = "DESC") -> VideoPage:
        """One page of videos. board_id None = every board, "none" = uncategorized."""
        params: list[tuple[str, Any]] = [("offset", max(0, offset)), ("limit", max(0, min(limit, MAX_PAGE))),
                                         ("order_dir", order_dir.upper()), ("is_intermediate", "false")]
        if board_id is not None:
            params.append(("board_id", board_id))
        body = await self._client.request_json("GET", f"{VIDEOS}/", params=params, what="Listing videos")
        if not isinstance(body, dict):
            raise UnexpectedResponseError(f"Listing videos: unexpected answer {str(body)[:80]!r}")
        return VideoPage.model_validate(body)

    async def get_video(self, video_name: str) -> VideoRecord:
        body = await self._client.request_json("GET", _video_path(video_name), what=f"Reading video {video_name}")
        return VideoRecord.model_validate(body)

    async def get_poster(self, video_name: str) -> bytes:
        """The poster frame: the server's WebP thumbnail of the video's first frame."""
        return await self._client.request_bytes(_video_path(video_name) + "/thumbnail",
                                                what=f"Downloading the poster of {video_name}")

    async def get_full(self, video_name: str) -> bytes:
        return await self._client.request_bytes(_video_path(video_name) + "/full", what=f"Downloading {video_name}")

    async def save_video_in_folder(self, video_name: str, folder: str | os.PathLike[str]) -> Path:
        """Download the MP4 into ``folder`` (made if missing) under its sanitised name; a name already
        taken becomes ``name (1).mp4``…: written atomically, an existing file never overwritten."""
        data = await self.get_full(video_name)
        if not is_mp4(data):
            raise UnexpectedResponseError(f"Downloading {video_name}: the server did not send an MP4 video.")
        folder_path = Path(folder).expanduser()
        folder_path.mkdir(parents=True, exist_ok=True)
        return write_atomically(resolve_destination(video_name, folder_path), data, rename_on_conflict=True)

    async def upload_video(self, file_path: str | os.PathLike[str], *, board_id: str | None = None,
                           metadata: dict[str, Any] | None = None) -> VideoRecord:
        """Upload an H.264 MP4 (a user video). Non-MP4 files are refused before anything is sent."""
        path = Path(file_path).expanduser()
        data = await asyncio.to_thread(_read_upload, path)
        if not is_mp4(data):
            raise InvalidImageError(f"Cannot upload {path}: it is not an MP4 video.")
        params: dict[str, Any] = {"video_category": "user", "is_intermediate": "false"}
        if board_id and board_id != UNCATEGORIZED_BOARD_ID:
            params["board_id"] = board_id
        name = safe_file_name(path.name)
        body = await self._client.request_json(
            "POST", f"{VIDEOS}/upload", params=params, files={"file": (name, data, "video/mp4")},
            data={"metadata": json.dumps(metadata)} if metadata else None, what=f"Uploading {name}",
        )
        return VideoRecord.model_validate(body)
