"""Boards as the published client offers them: Board, BoardRepository, BoardHandle."""

from .board_handle import BoardHandle
from .board_model import Board
from .board_repo import BoardRepository

__all__ = ["Board", "BoardRepository", "BoardHandle"]
