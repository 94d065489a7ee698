"""Boards: the seed's BoardRepository and BoardHandle, on the async core."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence
from urllib.parse import quote

from ..errors import UnexpectedResponseError
from ..records import Board, DeleteBoardResult, ImagePage, ImageRecord
from ..records.boards import UNCATEGORIZED_BOARD_ID
from .patch_body import patch_body

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient
    from .images import ImageRepository

BOARDS = "/api/v1/boards"
ASSET_CATEGORIES = ("control", "mask", "user", "other")


def _norm(board_id: str | None) -> str:
    return board_id or UNCATEGORIZED_BOARD_ID


class BoardRepository:
    """List, create, rename, archive and delete boards; hand out BoardHandles."""

    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    async def list_boards(
        self,
        include_uncategorized: bool = False,
        *,
        include_archived: bool = False,
        order_by: str = "created_at",
        direction: str = "DESC",
        all: bool = True,  # noqa: A002 - the seed's parameter name
    ) -> list[Board]:
        """All boards; with include_uncategorized the synthetic "none" board comes first."""
        params = {
            "all": "true",
            "order_by": order_by,
            "direction": direction.upper(),
            "include_archived": str(include_archived).lower(),
        }
        body = await self._client.request_json("GET", f"{BOARDS}/", params=params, what="Listing boards")
        items = body.get("items") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise UnexpectedResponseError(
                "Listing boards: the server's answer holds no list of boards. Is this an InvokeAI 6.x server?"
            )
        boards = [Board.model_validate(b) for b in items]
        if include_uncategorized:
            boards.insert(0, await self.get_uncategorized_board())
        return boards

    async def get_uncategorized_board(self) -> Board:
        """The synthetic board of images that are on no board, with its counts."""
        images = self._client.image_repo
        n_images = await images.count_images(UNCATEGORIZED_BOARD_ID, categories=["general"])
        n_assets = await images.count_images(UNCATEGORIZED_BOARD_ID, categories=list(ASSET_CATEGORIES))
        n_videos = await self._client.video_repo.count_videos(UNCATEGORIZED_BOARD_ID)
        return Board.uncategorized(n_images, n_assets, n_videos)

    async def get_board(self, board_id: str | None) -> Board:
        """One board (NotFoundError if missing); "none"/None gives the uncategorized board."""
        if _norm(board_id) == UNCATEGORIZED_BOARD_ID:
            return await self.get_uncategorized_board()
        body = await self._client.request_json("GET", f"{BOARDS}/{quote(board_id, safe='')}", what="Reading a board")
        return Board.model_validate(body)

    async def get_board_by_id(self, board_id: str | None) -> Board | None:
        """The seed's lookup: None instead of NotFoundError."""
        from ..errors import NotFoundError

        try:
            return await self.get_board(board_id)
        except NotFoundError:
            return None

    async def get_boards_by_name(self, name: str) -> list[Board]:
        return [b for b in await self.list_boards(include_archived=True) if b.board_name == name]

    async def create_board(self, name: str) -> Board:
        body = await self._client.request_json(
            "POST", f"{BOARDS}/", params={"board_name": name}, what=f"Creating board {name!r}"
        )
        return Board.model_validate(body)

    async def update_board(
        self,
        board_id: str,
        *,
        board_name: str | None = None,
        cover_image_name: str | None = None,
        archived: bool | None = None,
        board_visibility: str | None = None,
    ) -> Board:
        changes = patch_body(board_name=board_name, cover_image_name=cover_image_name, archived=archived,
                             board_visibility=board_visibility)
        body = await self._client.request_json(
            "PATCH", f"{BOARDS}/{quote(board_id, safe='')}", json=changes, idempotent=True, what="Updating a board"
        )
        return Board.model_validate(body)

    async def rename_board(self, board_id: str, name: str) -> Board:
        return await self.update_board(board_id, board_name=name)

    async def archive_board(self, board_id: str) -> Board:
        return await self.update_board(board_id, archived=True)

    async def unarchive_board(self, board_id: str) -> Board:
        return await self.update_board(board_id, archived=False)

    async def delete_board(self, board_id: str, include_images: bool = False) -> DeleteBoardResult:
        """Delete a board; its images become uncategorized unless include_images."""
        from ..errors import RequestRejectedError

        if _norm(board_id) == UNCATEGORIZED_BOARD_ID:
            raise RequestRejectedError("The Uncategorized board cannot be deleted.")
        body = await self._client.request_json(
            "DELETE",
            f"{BOARDS}/{quote(board_id, safe='')}",
            params={"include_images": str(include_images).lower()},
            what="Deleting a board",
        )
        return DeleteBoardResult.model_validate(body)

    async def get_board_handle(self, board_id: str | None = UNCATEGORIZED_BOARD_ID) -> "BoardHandle":
        """A handle on one board ("none"/None = uncategorized). NotFoundError if it does not exist."""
        return BoardHandle(self._client, await self.get_board(board_id))

    async def get_board_handle_by_name(self, name: str) -> "BoardHandle | None":
        boards = await self.get_boards_by_name(name)
        return BoardHandle(self._client, boards[0]) if boards else None

    async def get_uncategorized_handle(self) -> "BoardHandle":
        return await self.get_board_handle(UNCATEGORIZED_BOARD_ID)


class BoardHandle:
    """Operations on the images of one board (the seed's BoardHandle)."""

    def __init__(self, client: "AsyncInvokeAIClient", board: Board) -> None:
        self._client = client
        self.board = board

    @property
    def _images(self) -> "ImageRepository":
        return self._client.image_repo

    @property
    def board_id(self) -> str:
        return self.board.board_id

    @property
    def board_name(self) -> str:
        return self.board.board_name

    @property
    def is_uncategorized(self) -> bool:
        return self.board.is_uncategorized

    async def refresh(self) -> Board:
        self.board = await self._client.board_repo.get_board(self.board_id)
        return self.board

    async def list_image_page(
        self,
        offset: int = 0,
        limit: int = 100,
        *,
        order_dir: str = "DESC",
        starred_first: bool = False,
        search_term: str | None = None,
        categories: Sequence[str] | None = None,
    ) -> ImagePage:
        """One server-side page of image records plus the total count (non-intermediate images)."""
        return await self._images.list_images(
            self.board_id, offset=offset, limit=limit, order_dir=order_dir, starred_first=starred_first,
            search_term=search_term, categories=categories, is_intermediate=False,
        )

    async def list_images(
        self,
        offset: int = 0,
        limit: int = 100,
        order_by: str = "created_at",
        order_dir: str = "DESC",
        starred_first: bool = False,
        search_term: str | None = None,
        categories: Sequence[str] | None = None,
    ) -> list[str]:
        """Image names of one page (really paged on the server, unlike the published client)."""
        page = await self.list_image_page(
            offset, limit, order_dir=order_dir, starred_first=starred_first, search_term=search_term,
            categories=categories,
        )
        return page.names

    async def get_image_count(self) -> int:
        return (await self.list_image_page(0, 0)).total

    async def images_by_names(self, names: Sequence[str]) -> list[ImageRecord]:
        return await self._images.images_by_names(names)

    async def upload_image(self, file_path: str | os.PathLike[str], **kwargs: Any) -> ImageRecord:
        return await self._images.upload_image(file_path, board_id=self.board_id, **kwargs)

    async def upload_image_data(self, image_data: bytes, filename: str | None = None, **kwargs: Any) -> ImageRecord:
        return await self._images.upload_image_data(image_data, filename, board_id=self.board_id, **kwargs)

    async def download_image(self, image_name: str, full_resolution: bool = True) -> bytes:
        return await self._images.download_image(image_name, full_resolution)

    async def save_image(
        self, image_name: str, dest: str | os.PathLike[str], overwrite: bool = False, full_resolution: bool = True
    ) -> Path:
        return await self._images.save_image(image_name, dest, overwrite=overwrite, full_resolution=full_resolution)

    async def star_image(self, image_name: str) -> bool:
        return image_name in (await self._images.star_images([image_name])).changed_images

    async def unstar_image(self, image_name: str) -> bool:
        return image_name in (await self._images.unstar_images([image_name])).changed_images

    async def star_images(self, names: Sequence[str]):
        return await self._images.star_images(names)

    async def unstar_images(self, names: Sequence[str]):
        return await self._images.unstar_images(names)

    async def move_image_to(self, image_name: str, target_board_id: str | None) -> bool:
        """Move an image to another board ("none"/None = uncategorized)."""
        result = await self._images.add_images_to_board([image_name], _norm(target_board_id))
        return image_name in result.changed_images

    async def remove_image(self, image_name: str) -> bool:
        """Take an image off this board (it becomes uncategorized)."""
        if self.is_uncategorized:
            return False
        return image_name in (await self._images.remove_images_from_board([image_name])).changed_images

    async def delete_image(self, image_name: str) -> bool:
        return await self._images.delete_image(image_name)

    def __repr__(self) -> str:
        return f"BoardHandle({self.board_id!r}, {self.board_name!r})"
