"""A board's images and videos as one listing, newest first, as `images` prints and `download` saves
them (InvokeAI 6.14 keeps videos beside images: /api/v1/videos, same boards, same paging)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, AsyncIterator, Literal

from ..client import AsyncInvokeAIClient, Board, ImageRecord
from ..client.board_items import BoardItems, BoardVideo
from ..client.records.videos import VideoRecord

PAGE = 1000  # the server's largest page (images and videos alike)
Kind = Literal["image", "video"]


@dataclass(frozen=True)
class BoardItem:
    kind: Kind
    record: ImageRecord | VideoRecord

    @property
    def name(self) -> str:
        return self.record.image_name if isinstance(self.record, ImageRecord) else self.record.video_name

    def to_json(self) -> dict[str, Any]:
        """The server's record with a "kind" key: "image" or "video"."""
        return {"kind": self.kind, **self.record.model_dump(mode="json")}


async def board_items(client: AsyncInvokeAIClient, board: Board, *, starred: bool = False,
                      limit: int | None = None) -> AsyncIterator[BoardItem]:
    """Images and videos merged newest first, as the app's board lists them (client/board_items.py), at
    most `limit` in all; with `starred` only the starred ones (asked for first: the first unstarred ends it)."""
    given = 0
    async for item in BoardItems.of_board(client, board.board_id, starred_first=starred).all(PAGE):
        if (starred and not item.starred) or (limit is not None and given >= limit):
            return
        given += 1
        yield BoardItem("video", item.video) if isinstance(item, BoardVideo) and item.video else BoardItem("image", item)
