"""Video records (InvokeAI 6.14 keeps videos beside images: ``/api/v1/videos``)."""

from __future__ import annotations

from pydantic import Field

from .base import Record


def frames_of(duration: float | None, fps: float | None) -> int | None:
    """Frames, from duration x fps (the server stores those two, not the count)."""
    if not duration or not fps:
        return None
    return round(duration * fps)


class VideoRecord(Record):
    """A video (VideoDTO): an H.264 MP4, generated (origin "internal") or uploaded ("external").
    video_url/thumbnail_url are relative to the server root; the thumbnail is a WebP of the first frame."""

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
    updated_at: str | None = None
    is_intermediate: bool = False
    session_id: str | None = None
    node_id: str | None = None
    starred: bool = False
    has_workflow: bool = False
    board_id: str | None = None

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def is_generated(self) -> bool:
        """Made by a run on the server (origin "internal"), not uploaded."""
        return self.video_origin == "internal"

    @property
    def frame_count(self) -> int | None:
        return frames_of(self.duration, self.fps)


class VideoPage(Record):
    """One page of a video listing and the total matching count."""

    items: list[VideoRecord] = Field(default_factory=list)
    offset: int = 0
    limit: int = 0
    total: int = 0

    @property
    def names(self) -> list[str]:
        return [v.video_name for v in self.items]


class VideosChangeResult(Record):
    """Answer of star/unstar/delete/board moves: which videos changed and which failed."""

    changed_videos: list[str] = Field(default_factory=list)
    failed_videos: list[str] = Field(default_factory=list)
    affected_boards: list[str] = Field(default_factory=list)
