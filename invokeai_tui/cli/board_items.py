"""A board's images and videos as one listing, newest first, as `images` prints and `download` saves
them (InvokeAI 6.14 keeps videos beside images: /api/v1/videos, same boards, same paging)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable, Literal

from ..client import AsyncInvokeAIClient, Board, ImageRecord
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


async def _paged(list_page: Callable[[int], Awaitable[Any]], *, starred: bool, limit: int | None) -> AsyncIterator[Any]:
    """Records page by page. Starred ones are asked for first, so with `starred` the listing stops at
    the first unstarred one."""
    offset, given = 0, 0
    while limit is None or given < limit:
        page = await list_page(offset)
        for record in page.items:
            if (starred and not record.starred) or (limit is not None and given >= limit):
                return
            given += 1
            yield record
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def board_images(client: AsyncInvokeAIClient, board: Board, *, starred: bool = False,
                 limit: int | None = None) -> AsyncIterator[ImageRecord]:
    """The board's images and assets (every category, as the app's board shows them), newest first."""
    return _paged(lambda offset: client.image_repo.list_images(board.board_id, offset=offset, limit=PAGE,
                                                               starred_first=starred), starred=starred, limit=limit)


def board_videos(client: AsyncInvokeAIClient, board: Board, *, starred: bool = False,
                 limit: int | None = None) -> AsyncIterator[VideoRecord]:
    """The board's videos (every category), newest first."""
    return _paged(lambda offset: client.video_repo.list_videos(board.board_id, offset=offset, limit=PAGE,
                                                               starred_first=starred), starred=starred, limit=limit)


async def board_items(client: AsyncInvokeAIClient, board: Board, *, starred: bool = False,
                      limit: int | None = None) -> AsyncIterator[BoardItem]:
    """Images and videos merged newest first (each listing is newest first: the merge keeps that),
    at most `limit` in all; with `starred` only the starred ones."""
    streams: list[tuple[Kind, AsyncIterator[Any]]] = [
        ("image", board_images(client, board, starred=starred, limit=limit)),
        ("video", board_videos(client, board, starred=starred, limit=limit))]
    heads = [await anext(stream, None) for _, stream in streams]
    given = 0
    while any(head is not None for head in heads) and (limit is None or given < limit):
        # The newest head; on a tie the image (the first stream) goes first.
        pick = max((i for i, head in enumerate(heads) if head is not None),
                   key=lambda i: (heads[i].created_at or "", -i))
        yield BoardItem(streams[pick][0], heads[pick])
        given += 1
        heads[pick] = await anext(streams[pick][1], None)
