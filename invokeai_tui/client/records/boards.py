"""Board records."""

from __future__ import annotations

from pydantic import Field

from .base import Record

UNCATEGORIZED_BOARD_ID = "none"


class Board(Record):
    """A board (BoardDTO). The synthetic "Uncategorized" board has board_id "none"."""

    board_id: str
    board_name: str = ""
    user_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    cover_image_name: str | None = None
    archived: bool = False
    board_visibility: str | None = None
    image_count: int = 0
    asset_count: int = 0
    video_count: int = 0
    owner_username: str | None = None

    @property
    def is_uncategorized(self) -> bool:
        return self.board_id == UNCATEGORIZED_BOARD_ID

    @property
    def total_count(self) -> int:
        """Images plus assets (what a person thinks of as "the pictures on this board")."""
        return self.image_count + self.asset_count

    @property
    def item_count(self) -> int:
        """Images, assets and videos: everything the board lists."""
        return self.total_count + self.video_count

    @classmethod
    def uncategorized(cls, image_count: int = 0, asset_count: int = 0, video_count: int = 0) -> "Board":
        return cls(
            board_id=UNCATEGORIZED_BOARD_ID,
            board_name="Uncategorized",
            image_count=image_count,
            asset_count=asset_count,
            video_count=video_count,
        )


class DeleteBoardResult(Record):
    board_id: str
    deleted_board_images: list[str] = Field(default_factory=list)
    deleted_images: list[str] = Field(default_factory=list)
    failed_images: list[str] = Field(default_factory=list)
