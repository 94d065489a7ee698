"""Images: listing with real paging, records, metadata, embedded workflow, bytes, upload,
star/unstar, board moves and deletion."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InvalidImageError, UnexpectedResponseError
from ..image_files import (
    extension_for, require_image, resolve_destination, safe_file_name, write_atomically,
)
from ..records import ImagePage, ImageRecord, ImagesChangeResult, ImageWorkflow
from ..records.boards import UNCATEGORIZED_BOARD_ID
from .media_requests import MAX_BATCH, chunks as _chunks, item_path, read_upload
from .patch_body import patch_body

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

IMAGES = "/api/v1/images"
MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def _read_upload(path: Path) -> bytes:
    """The bytes of a file to upload, or InvalidImageError saying why it cannot be read."""
    return read_upload(path, refused=InvalidImageError, max_bytes=MAX_UPLOAD_BYTES, choose="an image file",
                       too_big="images are smaller")


def _image_path(name: str) -> str:
    return item_path(IMAGES, name)


def _change_result(body: Any, key: str) -> ImagesChangeResult:
    if not isinstance(body, dict):
        raise UnexpectedResponseError(f"Changing images: unexpected answer {str(body)[:80]!r}")
    return ImagesChangeResult(
        changed_images=list(body.get(key) or []),
        failed_images=list(body.get("failed_images") or []),
        affected_boards=list(body.get("affected_boards") or []),
    )


class ImageRepository:
    """Everything about images that is not tied to one board."""

    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    # ------------------------------------------------------------ listing
    async def list_images(
        self,
        board_id: str | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        order_dir: str = "DESC",
        starred_first: bool = False,
        search_term: str | None = None,
        categories: Sequence[str] | None = None,
        is_intermediate: bool | None = False,
    ) -> ImagePage:
        """One page of images, server-side paged. board_id None = all boards, "none" = uncategorized.
        categories None = every category (general images and user/control/mask/other assets)."""
        params: list[tuple[str, Any]] = [
            ("offset", max(0, offset)),
            ("limit", max(0, min(limit, MAX_BATCH))),
            ("order_dir", order_dir.upper()),
            ("starred_first", str(bool(starred_first)).lower()),
        ]
        if board_id is not None:
            params.append(("board_id", board_id))
        if is_intermediate is not None:
            params.append(("is_intermediate", str(is_intermediate).lower()))
        if search_term:
            params.append(("search_term", search_term))
        for c in categories or ():
            params.append(("categories", c))
        body = await self._client.request_json("GET", f"{IMAGES}/", params=params, what="Listing images")
        return ImagePage.model_validate(body)

    async def count_images(self, board_id: str | None = None, categories: Sequence[str] | None = None) -> int:
        page = await self.list_images(board_id, limit=0, categories=categories)
        return page.total

    async def images_by_names(self, names: Sequence[str]) -> list[ImageRecord]:
        """Records for the given names, in request order (unknown names are skipped)."""
        out: list[ImageRecord] = []
        for chunk in _chunks(list(names)):
            body = await self._client.request_json(
                "POST", f"{IMAGES}/images_by_names", json={"image_names": chunk},
                idempotent=True, what="Reading image records",
            )
            out.extend(ImageRecord.model_validate(i) for i in body)
        return out

    # ------------------------------------------------------------ one image
    async def get_image(self, image_name: str) -> ImageRecord:
        body = await self._client.request_json("GET", _image_path(image_name), what=f"Reading image {image_name}")
        return ImageRecord.model_validate(body)

    async def get_metadata(self, image_name: str) -> dict[str, Any] | None:
        """The generation metadata stored with the image, or None."""
        return await self._client.request_json(
            "GET", _image_path(image_name) + "/metadata", what=f"Reading metadata of {image_name}"
        )

    async def get_workflow(self, image_name: str) -> ImageWorkflow:
        """The workflow and graph embedded in the image (the server sends them as JSON strings)."""
        body = await self._client.request_json(
            "GET", _image_path(image_name) + "/workflow", what=f"Reading the workflow of {image_name}"
        )
        parsed: dict[str, Any] = {}
        for key in ("workflow", "graph"):
            raw = body.get(key) if isinstance(body, dict) else None
            if isinstance(raw, str):
                try:
                    raw = json.loads(raw)
                except ValueError:
                    raise UnexpectedResponseError(
                        f"The {key} stored in image {image_name} is not valid JSON."
                    ) from None
            parsed[key] = raw if isinstance(raw, dict) else None
        return ImageWorkflow(**parsed)

    async def get_full(self, image_name: str) -> bytes:
        return await self._client.request_bytes(_image_path(image_name) + "/full", what=f"Downloading {image_name}")

    async def get_thumbnail(self, image_name: str) -> bytes:
        """The WebP thumbnail (longest side at most 256 px)."""
        return await self._client.request_bytes(
            _image_path(image_name) + "/thumbnail", what=f"Downloading the thumbnail of {image_name}"
        )

    async def download_image(self, image_name: str, full_resolution: bool = True) -> bytes:
        return await (self.get_full(image_name) if full_resolution else self.get_thumbnail(image_name))

    async def save_image(
        self,
        image_name: str,
        dest: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        full_resolution: bool = True,
        rename_on_conflict: bool = False,
    ) -> Path:
        """Download and save atomically. `dest` is a folder (the image's own, sanitised name is
        used) or a file path. Raises FileExistsConflictError rather than overwrite silently, or with
        `rename_on_conflict` saves as ``name (1).png``, ``name (2).png``..."""
        data = await self.download_image(image_name, full_resolution)
        path = resolve_destination(image_name, dest)
        if not full_resolution and path.suffix.lower() != ".webp" and Path(dest).is_dir():
            path = path.with_suffix(".webp")
        return write_atomically(path, data, overwrite=overwrite, rename_on_conflict=rename_on_conflict)

    async def save_image_in_folder(self, image_name: str, folder: str | os.PathLike[str]) -> Path:
        """Download the full image into ``folder`` (made if missing) under its sanitised name; a name
        already taken becomes ``name (1).png``, ``name (2).png``…: an existing file is never overwritten."""
        folder_path = Path(folder).expanduser()
        folder_path.mkdir(parents=True, exist_ok=True)
        return await self.save_image(image_name, folder_path, rename_on_conflict=True)

    async def update_image(
        self,
        image_name: str,
        *,
        starred: bool | None = None,
        is_intermediate: bool | None = None,
        image_category: str | None = None,
    ) -> ImageRecord:
        changes = patch_body(starred=starred, is_intermediate=is_intermediate, image_category=image_category)
        body = await self._client.request_json(
            "PATCH", _image_path(image_name), json=changes, idempotent=True, what=f"Updating image {image_name}"
        )
        return ImageRecord.model_validate(body)

    # ------------------------------------------------------------ upload
    async def upload_image_data(
        self,
        data: bytes,
        filename: str | None = None,
        *,
        board_id: str | None = None,
        image_category: str = "user",
        is_intermediate: bool = False,
        session_id: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> ImageRecord:
        """Upload image bytes. Non-images are refused before anything is sent.
        board_id None or "none" = uncategorized; `metadata` is stored with the image (searchable)."""
        mime = require_image(data, repr(filename) if filename else "these bytes")
        name = safe_file_name(filename) if filename else "upload" + extension_for(mime)
        params: dict[str, Any] = {"image_category": image_category, "is_intermediate": str(is_intermediate).lower()}
        if board_id and board_id != UNCATEGORIZED_BOARD_ID:
            params["board_id"] = board_id
        if session_id:
            params["session_id"] = session_id
        body = await self._client.request_json(
            "POST", f"{IMAGES}/upload", params=params, files={"file": (name, data, mime)},
            data={"metadata": json.dumps(metadata)} if metadata else None,
            what=f"Uploading {name}",
        )
        return ImageRecord.model_validate(body)

    async def upload_image(
        self, file_path: str | os.PathLike[str], *, board_id: str | None = None, **kwargs: Any
    ) -> ImageRecord:
        """Upload an image file. Missing files and non-images are refused before sending."""
        path = Path(file_path).expanduser()
        data = await asyncio.to_thread(_read_upload, path)  # a slow disk must not freeze the caller's loop
        return await self.upload_image_data(data, path.name, board_id=board_id, **kwargs)

    # ------------------------------------------------------------ bulk changes
    async def star_images(self, names: Sequence[str]) -> ImagesChangeResult:
        return await self._bulk("star", names, "starred_images")

    async def unstar_images(self, names: Sequence[str]) -> ImagesChangeResult:
        return await self._bulk("unstar", names, "unstarred_images")

    async def delete_images(self, names: Sequence[str]) -> ImagesChangeResult:
        return await self._bulk("delete", names, "deleted_images")

    async def _bulk(self, action: str, names: Sequence[str], key: str) -> ImagesChangeResult:
        total = ImagesChangeResult()
        for chunk in _chunks(list(names)):
            body = await self._client.request_json(
                "POST", f"{IMAGES}/{action}", json={"image_names": chunk}, idempotent=True,
                what=f"{action.capitalize()} {len(chunk)} image(s)",
            )
            part = _change_result(body, key)
            total.changed_images += part.changed_images
            total.failed_images += part.failed_images
            total.affected_boards += [b for b in part.affected_boards if b not in total.affected_boards]
        return total

    async def delete_image(self, image_name: str) -> bool:
        body = await self._client.request_json("DELETE", _image_path(image_name), what=f"Deleting {image_name}")
        return image_name in _change_result(body, "deleted_images").changed_images

    async def add_images_to_board(self, names: Sequence[str], board_id: str) -> ImagesChangeResult:
        """Move images onto a board ("none" = remove them from their boards)."""
        if board_id in (None, UNCATEGORIZED_BOARD_ID):
            return await self.remove_images_from_board(names)
        total = ImagesChangeResult()
        for chunk in _chunks(list(names)):
            body = await self._client.request_json(
                "POST", "/api/v1/board_images/batch", json={"board_id": board_id, "image_names": chunk},
                idempotent=True, what=f"Moving {len(chunk)} image(s) to a board",
            )
            part = _change_result(body, "added_images")
            total.changed_images += part.changed_images
            total.failed_images += part.failed_images
            total.affected_boards += [b for b in part.affected_boards if b not in total.affected_boards]
        return total

    async def remove_images_from_board(self, names: Sequence[str]) -> ImagesChangeResult:
        total = ImagesChangeResult()
        for chunk in _chunks(list(names)):
            body = await self._client.request_json(
                "POST", "/api/v1/board_images/batch/delete", json={"image_names": chunk},
                idempotent=True, what=f"Removing {len(chunk)} image(s) from their board",
            )
            part = _change_result(body, "removed_images")
            total.changed_images += part.changed_images
            total.failed_images += part.failed_images
            total.affected_boards += [b for b in part.affected_boards if b not in total.affected_boards]
        return total
