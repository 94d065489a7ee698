"""Image records."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import Record


class ImageRecord(Record):
    """An image (ImageDTO). image_url/thumbnail_url are relative to the server root."""

    image_name: str
    image_url: str | None = None
    thumbnail_url: str | None = None
    image_origin: str | None = None
    image_category: str | None = None
    width: int = 0
    height: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    is_intermediate: bool = False
    session_id: str | None = None
    node_id: str | None = None
    starred: bool = False
    has_workflow: bool = False
    board_id: str | None = None


class ImagePage(Record):
    """One page of an image listing: the records and the total matching count."""

    items: list[ImageRecord] = Field(default_factory=list)
    offset: int = 0
    limit: int = 0
    total: int = 0

    @property
    def names(self) -> list[str]:
        return [i.image_name for i in self.items]


class ImageWorkflow(Record):
    """The workflow and graph stored with an image, parsed from their stringified JSON."""

    workflow: dict[str, Any] | None = None
    graph: dict[str, Any] | None = None


class ImagesChangeResult(Record):
    """Answer of star/unstar/delete/board moves: which images changed and which failed."""

    changed_images: list[str] = Field(default_factory=list)
    failed_images: list[str] = Field(default_factory=list)
    affected_boards: list[str] = Field(default_factory=list)
