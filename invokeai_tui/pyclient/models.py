"""The published data models (`invokeai_py_client.models`): images, jobs, models and events.

Lenient where the published ones are strict: unknown enum values from a newer server (a base
model such as "sd-3" or "flux2", an image category) are kept as text instead of failing the whole
listing (DEVIATIONS.md).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .dnn_model.dnn_model_types import enum_or_text as _enum_or_text


class JobStatus(str, Enum):
    """States of a queued run, as the published client names them."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ImageCategory(str, Enum):
    USER = "user"
    GENERAL = "general"
    CONTROL = "control"
    MASK = "mask"
    OTHER = "other"


class BaseModelEnum(str, Enum):
    SD1 = "sd-1"
    SD2 = "sd-2"
    SDXL = "sdxl"
    SDXL_REFINER = "sdxl-refiner"
    FLUX = "flux"
    FLUX_SCHNELL = "flux-schnell"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @classmethod
    def from_api_response(cls, data: dict[str, Any]):
        return cls.model_validate(data)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class IvkImage(_Model):
    """An image (the server's ImageDTO)."""

    image_name: str
    board_id: str | None = None
    image_category: ImageCategory | str = ImageCategory.GENERAL
    width: int | None = None
    height: int | None = None
    created_at: datetime | str | None = None
    updated_at: datetime | str | None = None
    starred: bool = False
    metadata: dict[str, Any] | None = None
    thumbnail_url: str | None = None
    image_url: str | None = None
    is_intermediate: bool = False
    workflow_id: str | None = None
    node_id: str | None = None
    session_id: str | None = None

    _category = field_validator("image_category", mode="before")(
        lambda value: _enum_or_text(ImageCategory, value))


class IvkJob(_Model):
    """A queued run as the published client describes it."""

    id: str
    workflow_id: str | None = None
    status: JobStatus = JobStatus.PENDING
    progress: float = Field(0.0, ge=0.0, le=1.0)
    created_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    error: str | None = None
    outputs: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)

    def is_complete(self) -> bool:
        return self.status in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)

    def is_successful(self) -> bool:
        return self.status == JobStatus.COMPLETED


class IvkDnnModel(_Model):
    """An installed model's identity (key, name, base, type, ...)."""

    key: str
    name: str
    base: BaseModelEnum | str
    type: str
    hash: str | None = None
    path: str | None = None
    description: str | None = None
    format: str | None = None
    variant: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    _base = field_validator("base", mode="before")(lambda value: _enum_or_text(BaseModelEnum, value))


class SessionEvent(_Model):
    """A Socket.IO event of a session."""

    event_type: str
    session_id: str | None = None
    timestamp: datetime | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_websocket_message(cls, message: dict[str, Any]) -> "SessionEvent":
        return cls.model_validate(message)
