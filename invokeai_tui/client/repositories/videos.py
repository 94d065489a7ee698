"""Videos (InvokeAI 6.14's ``/api/v1/videos``), with the same care as images: listing with real paging,
order and starred-first; records and metadata; the full MP4 and its poster (the server's WebP of the
first frame), saved atomically and never over a file; upload of what the server takes (an H.264 MP4,
checked here from the file's boxes before anything is sent; its 415 explained if it still comes);
star/unstar, board moves and deletion. No video model is needed for any of it."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InvalidVideoError, RequestRejectedError, UnexpectedResponseError
from ..image_files import resolve_destination, safe_file_name, sniff_image_type, write_atomically
from ..records.boards import UNCATEGORIZED_BOARD_ID
from ..records.videos import VideoPage, VideoRecord, VideosChangeResult
from ..video_files import explain_server_415, is_mp4, require_h264_mp4
from .media_requests import MAX_BATCH, chunks as _chunks, item_path, read_upload
from .patch_body import patch_body

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

VIDEOS = "/api/v1/videos"
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # the server's own cap

__all__ = ["VideoRepository", "is_mp4"]


def _video_path(name: str) -> str:
    return item_path(VIDEOS, name)


def _read_upload(path: Path) -> bytes:
    """The bytes of a file to upload, or InvalidVideoError saying why it cannot be read."""
    return read_upload(path, refused=InvalidVideoError, max_bytes=MAX_UPLOAD_BYTES, choose="an MP4 video file",
                       too_big="the server takes up to 1 GiB")


def _change_result(body: Any, key: str) -> VideosChangeResult:
    if not isinstance(body, dict):
        raise UnexpectedResponseError(f"Changing videos: unexpected answer {str(body)[:80]!r}")
    return VideosChangeResult(changed_videos=list(body.get(key) or []),
                              failed_videos=list(body.get("failed_videos") or []),
                              affected_boards=list(body.get("affected_boards") or []))


def _merge(total: VideosChangeResult, part: VideosChangeResult) -> None:
    total.changed_videos += part.changed_videos
    total.failed_videos += part.failed_videos
    total.affected_boards += [b for b in part.affected_boards if b not in total.affected_boards]


class VideoRepository:
    """Everything about videos; ``board_id`` None = every board, "none" = uncategorized."""

    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    # ------------------------------------------------------------ listing
    async def list_videos(self, board_id: str | None = None, *, offset: int = 0, limit: int = 100,
                          order_dir: str = "DESC", starred_first: bool = False, search_term: str | None = None,
                          video_origin: str | None = None, categories: Sequence[str] | None = None,
                          is_intermediate: bool | None = False) -> VideoPage:
        """One page of videos, server-side paged, newest first by default (by creation time; with
        ``starred_first`` the starred ones lead). ``video_origin`` "internal" (generated) or "external"
        (uploaded); ``search_term`` matches the stored metadata; categories None = every category."""
        params: list[tuple[str, Any]] = [
            ("offset", max(0, offset)), ("limit", max(0, min(limit, MAX_BATCH))),
            ("order_dir", order_dir.upper()), ("starred_first", str(bool(starred_first)).lower()),
        ]
        if board_id is not None:
            params.append(("board_id", board_id))
        if is_intermediate is not None:
            params.append(("is_intermediate", str(is_intermediate).lower()))
        if search_term:
            params.append(("search_term", search_term))
        if video_origin:
            params.append(("video_origin", video_origin))
        params += [("categories", c) for c in categories or ()]
        body = await self._client.request_json("GET", f"{VIDEOS}/", params=params, what="Listing videos")
        if not isinstance(body, dict):
            raise UnexpectedResponseError(f"Listing videos: unexpected answer {str(body)[:80]!r}")
        return VideoPage.model_validate(body)

    async def count_videos(self, board_id: str | None = None, categories: Sequence[str] | None = None) -> int:
        return (await self.list_videos(board_id, limit=0, categories=categories)).total

    # ------------------------------------------------------------ one video
    async def get_video(self, video_name: str) -> VideoRecord:
        body = await self._client.request_json("GET", _video_path(video_name), what=f"Reading video {video_name}")
        return VideoRecord.model_validate(body)

    async def get_metadata(self, video_name: str) -> dict[str, Any] | None:
        """The metadata stored with the video (an upload's own JSON object, a run's generation metadata), or None."""
        return await self._client.request_json("GET", _video_path(video_name) + "/metadata",
                                               what=f"Reading metadata of {video_name}")

    async def get_full(self, video_name: str) -> bytes:
        """The whole MP4, byte for byte as stored."""
        data = await self._client.request_bytes(_video_path(video_name) + "/full", what=f"Downloading {video_name}")
        if not is_mp4(data):
            raise UnexpectedResponseError(f"Downloading {video_name}: the server did not send an MP4 video.")
        return data

    async def get_poster(self, video_name: str) -> bytes:
        """The poster frame: the server's WebP thumbnail of the video's first frame."""
        return await self._client.request_bytes(_video_path(video_name) + "/thumbnail",
                                                what=f"Downloading the poster of {video_name}")

    get_thumbnail = get_poster

    async def save_video(self, video_name: str, dest: str | os.PathLike[str], *, overwrite: bool = False,
                         rename_on_conflict: bool = False) -> Path:
        """Download the MP4 and save it atomically. ``dest`` is a folder (the video's own, sanitised
        name is used) or a file path. Raises FileExistsConflictError rather than overwrite, or with
        ``rename_on_conflict`` saves as ``name (1).mp4``…"""
        data = await self.get_full(video_name)
        return write_atomically(resolve_destination(video_name, dest), data, overwrite=overwrite,
                                rename_on_conflict=rename_on_conflict)

    async def save_video_in_folder(self, video_name: str, folder: str | os.PathLike[str]) -> Path:
        """Download the MP4 into ``folder`` (made if missing) under its sanitised name; a name already
        taken becomes ``name (1).mp4``…: written atomically, an existing file never overwritten."""
        folder_path = Path(folder).expanduser()
        folder_path.mkdir(parents=True, exist_ok=True)
        return await self.save_video(video_name, folder_path, rename_on_conflict=True)

    async def save_poster(self, video_name: str, dest: str | os.PathLike[str], *, overwrite: bool = False,
                          rename_on_conflict: bool = False) -> Path:
        """Save the poster (WebP) atomically: into a folder as ``<video stem>.webp``, or at a file path."""
        data = await self.get_poster(video_name)
        if sniff_image_type(data) != "image/webp":
            raise UnexpectedResponseError(f"Downloading the poster of {video_name}: the server did not send a WebP.")
        dest_path = Path(dest).expanduser()
        path = resolve_destination(video_name, dest)
        if dest_path.is_dir() or str(dest).endswith(("/", os.sep)):
            path = path.with_suffix(".webp")
        return write_atomically(path, data, overwrite=overwrite, rename_on_conflict=rename_on_conflict)

    async def update_video(self, video_name: str, *, starred: bool | None = None, is_intermediate: bool | None = None,
                           video_category: str | None = None) -> VideoRecord:
        changes = patch_body(starred=starred, is_intermediate=is_intermediate, video_category=video_category)
        body = await self._client.request_json("PATCH", _video_path(video_name), json=changes, idempotent=True,
                                               what=f"Updating video {video_name}")
        return VideoRecord.model_validate(body)

    # ------------------------------------------------------------ upload
    async def upload_video_data(self, data: bytes, filename: str = "upload.mp4", **kwargs: Any) -> VideoRecord:
        """Upload an H.264 MP4 (no video model needed). Anything else (another codec, a .mov, an image
        named .mp4) is refused with InvalidVideoError before anything is sent; the server's 415 for a
        file that still does not pass (e.g. a first frame that does not decode) is InvalidVideoError too.
        Keywords: board_id (None or "none" = uncategorized), video_category ("user"), is_intermediate
        (False), session_id, metadata (a JSON object stored with the video)."""
        return await self._upload(data, filename, repr(filename), **kwargs)

    async def upload_video(self, file_path: str | os.PathLike[str], **kwargs: Any) -> VideoRecord:
        """Upload an MP4 file (see upload_video_data); missing files and non-H.264 MP4s are refused before sending."""
        path = Path(file_path).expanduser()
        data = await asyncio.to_thread(_read_upload, path)  # a slow disk must not freeze the caller's loop
        return await self._upload(data, path.name, str(path), **kwargs)

    async def _upload(self, data: bytes, filename: str, label: str, *, board_id: str | None = None,
                      video_category: str = "user", is_intermediate: bool = False, session_id: str | None = None,
                      metadata: dict[str, Any] | None = None) -> VideoRecord:
        require_h264_mp4(data, label)
        name = safe_file_name(filename)
        if not name.lower().endswith(".mp4"):
            name = Path(name).stem + ".mp4"  # the server goes by the name or the part's type; both say MP4
        params: dict[str, Any] = {"video_category": video_category, "is_intermediate": str(is_intermediate).lower()}
        if board_id and board_id != UNCATEGORIZED_BOARD_ID:
            params["board_id"] = board_id
        if session_id:
            params["session_id"] = session_id
        try:
            body = await self._client.request_json(
                "POST", f"{VIDEOS}/upload", params=params, files={"file": (name, data, "video/mp4")},
                data={"metadata": json.dumps(metadata)} if metadata is not None else None, what=f"Uploading {name}",
            )
        except RequestRejectedError as exc:
            if exc.status != 415:
                raise
            raise InvalidVideoError(f"Cannot upload {label}: {explain_server_415(exc.detail)}", status=415,
                                    method=exc.method, url=exc.url, detail=exc.detail) from None
        return VideoRecord.model_validate(body)

    # ------------------------------------------------------------ bulk changes
    async def star_videos(self, names: Sequence[str]) -> VideosChangeResult:
        return await self._bulk("star", names, "starred_videos")

    async def unstar_videos(self, names: Sequence[str]) -> VideosChangeResult:
        return await self._bulk("unstar", names, "unstarred_videos")

    async def delete_videos(self, names: Sequence[str]) -> VideosChangeResult:
        return await self._bulk("delete", names, "deleted_videos")

    async def _bulk(self, action: str, names: Sequence[str], key: str) -> VideosChangeResult:
        total = VideosChangeResult()
        for chunk in _chunks(list(names)):
            body = await self._client.request_json("POST", f"{VIDEOS}/{action}", json={"video_names": chunk},
                                                   idempotent=True, what=f"{action.capitalize()} {len(chunk)} video(s)")
            _merge(total, _change_result(body, key))
        return total

    async def delete_video(self, video_name: str) -> bool:
        body = await self._client.request_json("DELETE", _video_path(video_name), what=f"Deleting {video_name}")
        return video_name in _change_result(body, "deleted_videos").changed_videos

    async def add_videos_to_board(self, names: Sequence[str], board_id: str | None) -> VideosChangeResult:
        """Move videos onto a board ("none" or None = remove them from their boards). The server moves
        one video per request."""
        if board_id in (None, UNCATEGORIZED_BOARD_ID):
            return await self.remove_videos_from_board(names)
        total = VideosChangeResult()
        for name in names:
            body = await self._client.request_json("POST", f"{VIDEOS}/board",
                                                   json={"board_id": board_id, "video_name": name},
                                                   idempotent=True, what=f"Moving {name} to a board")
            _merge(total, _change_result(body, "added_videos"))
        return total

    async def remove_videos_from_board(self, names: Sequence[str]) -> VideosChangeResult:
        total = VideosChangeResult()
        for name in names:
            body = await self._client.request_json("DELETE", f"{VIDEOS}/board", json={"video_name": name},
                                                   idempotent=True, what=f"Removing {name} from its board")
            _merge(total, _change_result(body, "removed_videos"))
        return total
