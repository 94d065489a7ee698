"""Video records (InvokeAI 6.14 keeps videos beside images: ``/api/v1/videos``)."""

from __future__ import annotations

from pydantic import Field

from .base import Record


class VideoRecord(Record):
    """A video (VideoDTO): an H.264 MP4, generated (origin "internal") or uploaded ("external")."""

    video_name: str
    video_url: str | None = None
    thumbnail_url: str | None = None
    video_origin: str | None = None
    video_category: str | None = None
    width: int = 0
    height: int = 0
    duration: float | None = None
    fps: float | None = None
    created_at: str | None = None
    is_intermediate: bool = False
    starred: bool = False
    has_workflow: bool = False
    board_id: str | None = None


class VideoPage(Record):
    """One page of a video listing and the total matching count."""

    items: list[VideoRecord] = Field(default_factory=list)
    offset: int = 0
    limit: int = 0
    total: int = 0
