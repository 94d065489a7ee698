"""The published BoardHandle (`invokeai_py_client.board.board_handle`): the images of one board,
blocking, over the async client's image repository."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import NotFoundError

from ..models import ImageCategory, IvkImage
from .board_model import UNCATEGORIZED, Board

if TYPE_CHECKING:
    from ..client import InvokeAIClient


class BoardHandle:
    """One board's images: list (paged on the server), upload, download, move, star, delete."""

    def __init__(self, client: "InvokeAIClient", board: Board) -> None:
        self.client = client
        self.board = board

    @property
    def _images(self):
        return self.client.async_client.image_repo

    def _run(self, coro):
        return self.client.run(coro)

    @property
    def board_id(self) -> str:
        return self.board.board_id or UNCATEGORIZED

    @property
    def board_name(self) -> str:
        return self.board.board_name or "Uncategorized"

    @property
    def is_uncategorized(self) -> bool:
        return self.board.is_uncategorized()

    def refresh(self) -> None:
        from .board_repo import board_from_record

        self.board = board_from_record(self._run(self.client.async_client.board_repo.get_board(self.board_id)))

    def list_images(self, offset: int = 0, limit: int = 100, order_by: str = "created_at", order_dir: str = "DESC",
                    starred_first: bool = False, search_term: str | None = None) -> list[str]:
        """Names of one page of this board's images; paging, order and search are sent (DEVIATIONS.md)."""
        page = self._run(self._images.list_images(
            self.board_id, offset=offset, limit=limit, order_dir=order_dir, starred_first=starred_first,
            search_term=search_term, is_intermediate=False))
        return page.names

    def upload_image(self, file_path: str | os.PathLike[str], is_intermediate: bool = False,
                     image_category: ImageCategory = ImageCategory.USER, session_id: str | None = None) -> IvkImage:
        record = self._run(self._images.upload_image(
            file_path, board_id=self.board_id, is_intermediate=is_intermediate,
            image_category=ImageCategory(image_category).value, session_id=session_id))
        return IvkImage.from_api_response(record.model_dump())

    def upload_image_data(self, image_data: bytes, filename: str | None = None, is_intermediate: bool = False,
                          image_category: ImageCategory = ImageCategory.USER,
                          session_id: str | None = None) -> IvkImage:
        record = self._run(self._images.upload_image_data(
            image_data, filename or "upload.png", board_id=self.board_id, is_intermediate=is_intermediate,
            image_category=ImageCategory(image_category).value, session_id=session_id))
        return IvkImage.from_api_response(record.model_dump())

    def download_image(self, image_name: str, full_resolution: bool = True) -> bytes:
        """The image's bytes (any image by name; the published one first lists the whole board)."""
        return self._run(self._images.download_image(image_name, full_resolution))

    def move_image_to(self, image_name: str, target_board_id: str | None) -> bool:
        result = self._run(self._images.add_images_to_board([image_name], target_board_id or UNCATEGORIZED))
        return image_name in result.changed_images

    def remove_image(self, image_name: str) -> bool:
        if self.is_uncategorized:
            return False
        return self.move_image_to(image_name, UNCATEGORIZED)

    def delete_image(self, image_name: str) -> bool:
        """Delete an image; False when there is no such image."""
        try:
            return self._run(self._images.delete_image(image_name))
        except NotFoundError:
            return False

    def star_image(self, image_name: str) -> bool:
        return image_name in self._run(self._images.star_images([image_name])).changed_images

    def unstar_image(self, image_name: str) -> bool:
        return image_name in self._run(self._images.unstar_images([image_name])).changed_images

    def get_image_count(self) -> int:
        return self.board.image_count

    def to_dict(self) -> dict[str, Any]:
        return {"board_id": self.board_id, "board_name": self.board_name, "image_count": self.board.image_count,
                "is_uncategorized": self.is_uncategorized}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("client", "board"):
            raise AttributeError(name)
        # The core handle's other calls (list_image_page, save_image, star_images, ...), blocking.
        from invokeai_tui.client.records import Board as CoreBoard
        from invokeai_tui.client.repositories.boards import BoardHandle as CoreHandle

        from ..sync_client import SyncProxy

        core_board = CoreBoard.model_validate({**self.board.model_dump(exclude_none=True), "board_id": self.board_id,
                                               "board_name": self.board_name})
        return getattr(SyncProxy(CoreHandle(self.client.async_client, core_board), self.client._runner), name)

    def __repr__(self) -> str:
        return f"BoardHandle(board_id='{self.board_id}', name='{self.board_name}')"
