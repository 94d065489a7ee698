"""The published Board model (`invokeai_py_client.board.board_model`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

UNCATEGORIZED = "none"


class Board(BaseModel):
    """A board (BoardDTO); the synthetic Uncategorized board has board_id "none"."""

    model_config = ConfigDict(extra="ignore")

    board_id: str | None = None
    board_name: str | None = None
    created_at: datetime | str | None = None
    updated_at: datetime | str | None = None
    deleted_at: datetime | str | None = None
    cover_image_name: str | None = None
    archived: bool = False
    is_private: bool | None = None
    image_count: int = Field(0, ge=0)

    @classmethod
    def from_api_response(cls, data: dict[str, Any]) -> "Board":
        return cls.model_validate(data)

    @classmethod
    def uncategorized(cls, image_count: int = 0) -> "Board":
        now = datetime.now().isoformat()
        return cls(board_id=UNCATEGORIZED, board_name="Uncategorized", created_at=now, updated_at=now,
                   image_count=image_count, archived=False, is_private=False)

    def is_uncategorized(self) -> bool:
        return self.board_id in (UNCATEGORIZED, None)

    def is_system_board(self) -> bool:
        return self.is_uncategorized()

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)
