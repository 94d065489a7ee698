"""IvkVideo: a video as the published client would describe one (it has none; this follows IvkImage)."""

from __future__ import annotations

from datetime import datetime

from pydantic import field_validator

from ..dnn_model.dnn_model_types import enum_or_text
from ..models import ImageCategory, _Model


class IvkVideo(_Model):
    """A video (the server's VideoDTO): an H.264 MP4, generated ("internal") or uploaded ("external")."""

    video_name: str
    board_id: str | None = None
    video_category: ImageCategory | str = ImageCategory.GENERAL
    video_origin: str | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    fps: float | None = None
    created_at: datetime | str | None = None
    updated_at: datetime | str | None = None
    starred: bool = False
    thumbnail_url: str | None = None
    video_url: str | None = None
    is_intermediate: bool = False
    node_id: str | None = None
    session_id: str | None = None

    _category = field_validator("video_category", mode="before")(lambda value: enum_or_text(ImageCategory, value))
