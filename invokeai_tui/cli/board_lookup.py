"""A board as a person names it on the command line: its name, its id, or "none"/"uncategorized"
for the images on no board (the app calls that board "Uncategorized")."""

from __future__ import annotations

from ..client import AsyncInvokeAIClient, Board
from ..client.records.boards import UNCATEGORIZED_BOARD_ID
from .connect import EXIT_BAD_INPUT, CommandError

UNCATEGORIZED_NAMES = ("none", "uncategorized")


class BoardFinder:
    """Reads the boards once (archived ones too) and finds boards in that list."""

    def __init__(self, client: AsyncInvokeAIClient) -> None:
        self._client = client
        self._boards: list[Board] | None = None

    async def boards(self) -> list[Board]:
        if self._boards is None:
            self._boards = await self._client.board_repo.list_boards(include_archived=True)
        return self._boards

    async def find(self, text: str) -> Board | None:
        """The board `text` names, None when no board has that name or id. A name several boards
        share is bad input: their ids tell them apart."""
        if text.strip().lower() in UNCATEGORIZED_NAMES:
            return await self._client.board_repo.get_uncategorized_board()
        boards = await self.boards()
        named = [board for board in boards if board.board_name == text]
        if len(named) > 1:
            ids = ", ".join(board.board_id for board in named)
            raise CommandError(f"{len(named)} boards are named {text!r} (ids {ids}): give the id of the one you "
                               "mean.", EXIT_BAD_INPUT)
        if named:
            return named[0]
        return next((board for board in boards if board.board_id == text), None)

    async def require(self, text: str) -> Board:
        board = await self.find(text)
        if board is None:
            raise CommandError(f"There is no board named {text!r} (nor with that id); `invokeai-tui boards` lists "
                               f"them, and {UNCATEGORIZED_BOARD_ID!r} is the images on no board.", EXIT_BAD_INPUT)
        return board
