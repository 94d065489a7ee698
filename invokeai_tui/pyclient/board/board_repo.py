"""The published BoardRepository (`invokeai_py_client.board.board_repo`), blocking, over the
async client's board and image repositories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import NotFoundError

from ..models import IvkImage
from .board_handle import BoardHandle
from .board_model import UNCATEGORIZED, Board

if TYPE_CHECKING:
    from ..client import InvokeAIClient


def board_from_record(record) -> Board:
    """Our Board from the core client's record (which has more fields: counts, visibility)."""
    return Board.from_api_response(record.model_dump())


class BoardRepository:
    """Boards: list, look up, create, update, delete; hands out BoardHandles."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self._client = client
        self._cached_handles: dict[str, BoardHandle] = {}

    @property
    def _boards(self):
        return self._client.async_client.board_repo

    def list_boards(self, all: bool = True, include_uncategorized: bool = False) -> list[Board]:  # noqa: A002
        records = self._client.run(self._boards.list_boards(include_uncategorized, all=all))
        return [board_from_record(r) for r in records]

    def get_board_by_id(self, board_id: str) -> Board | None:
        record = self._client.run(self._boards.get_board_by_id(board_id))
        return None if record is None else board_from_record(record)

    def get_boards_by_name(self, name: str) -> list[Board]:
        return [board_from_record(r) for r in self._client.run(self._boards.get_boards_by_name(name))]

    def create_board(self, name: str, is_private: bool = False) -> BoardHandle:
        """Create a board. `is_private` is accepted and ignored: 6.14.2 boards have a visibility
        set by their owner, not at creation (DEVIATIONS.md)."""
        record = self._client.run(self._boards.create_board(name))
        return self._handle(board_from_record(record))

    def delete_board(self, board_id: str, delete_images: bool = False) -> bool:
        if board_id in (UNCATEGORIZED, None):
            raise ValueError("Cannot delete the uncategorized board")
        try:
            self._client.run(self._boards.delete_board(board_id, include_images=delete_images))
        except NotFoundError:
            return False
        self._cached_handles.pop(board_id, None)
        return True

    def get_board_handle(self, board_id: str | None) -> BoardHandle:
        board = self.get_board_by_id(board_id or UNCATEGORIZED)
        if board is None:
            raise ValueError(f"Board not found: {board_id}")
        return self._handle(board)

    def get_board_handle_by_name(self, name: str) -> BoardHandle | None:
        boards = self.get_boards_by_name(name)
        return self._handle(boards[0]) if boards else None

    def get_uncategorized_board(self) -> Board:
        return board_from_record(self._client.run(self._boards.get_uncategorized_board()))

    def get_uncategorized_handle(self) -> BoardHandle:
        return self.get_board_handle(UNCATEGORIZED)

    def clear_cache(self) -> None:
        self._cached_handles.clear()

    def get_image_by_name(self, image_name: str) -> IvkImage | None:
        try:
            record = self._client.run(self._client.async_client.image_repo.get_image(image_name))
        except NotFoundError:
            return None
        return IvkImage.from_api_response(record.model_dump())

    def get_image_current_board_id(self, image_name: str) -> str | None:
        image = self.get_image_by_name(image_name)
        return None if image is None else image.board_id

    def move_image_to_board_by_name(self, image_name: str, target_board_name: str) -> bool:
        """Move an image to the board of that name, creating the board when there is none."""
        target = self.get_board_handle_by_name(target_board_name) or self.create_board(target_board_name)
        if self.get_image_by_name(image_name) is None:
            return False
        return target.move_image_to(image_name, target.board_id)

    def update_board(self, board_id: str, name: str | None = None, is_private: bool | None = None) -> Board | None:
        """Rename a board. `is_private` is no board field on 6.14.2 and is ignored (DEVIATIONS.md)."""
        if board_id in (UNCATEGORIZED, None):
            raise ValueError("Cannot update the uncategorized board")
        if name is None:
            return self.get_board_by_id(board_id)
        try:
            record = self._client.run(self._boards.update_board(board_id, board_name=name))
        except NotFoundError:
            return None
        board = board_from_record(record)
        if board_id in self._cached_handles:
            self._cached_handles[board_id].board = board
        return board

    def _handle(self, board: Board) -> BoardHandle:
        handle = self._cached_handles.get(board.board_id or UNCATEGORIZED)
        if handle is None:
            handle = self._cached_handles[board.board_id or UNCATEGORIZED] = BoardHandle(self._client, board)
        else:
            handle.board = board
        return handle

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_client", "_cached_handles"):
            raise AttributeError(name)
        # The core repository's other calls (get_board, archive_board, ...), blocking.
        return getattr(self._client._proxy("board_repo"), name)

    def __repr__(self) -> str:
        return f"BoardRepository(client={self._client.base_url})"
