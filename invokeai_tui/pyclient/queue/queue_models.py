"""The published queue records (`invokeai_py_client.queue.queue_models`). Lenient: fields a
summary does not carry are optional, unknown fields are kept in `extra` (DEVIATIONS.md)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Lenient(BaseModel):
    """Unknown fields go to `extra` instead of failing."""

    model_config = ConfigDict(populate_by_name=True)
    extra: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_extra(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = set(cls.model_fields)
        extra = {k: v for k, v in data.items() if k not in known}
        body = {k: v for k, v in data.items() if k in known}
        body["extra"] = {**extra, **(data.get("extra") or {})}
        return body


class ProcessorStatus(_Lenient):
    is_started: bool = False
    is_processing: bool = False


class QueueStatus(_Lenient):
    queue_id: str = "default"
    item_id: Optional[int] = None
    batch_id: Optional[str] = None
    session_id: Optional[str] = None
    pending: int = 0
    in_progress: int = 0
    completed: int = 0
    failed: int = 0
    canceled: int = 0
    total: int = 0


class QueueAndProcessorStatus(_Lenient):
    queue: QueueStatus
    processor: ProcessorStatus


class ImageFieldRef(_Lenient):
    image_name: str


class QueueItemStatus(str, Enum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"


class NodeFieldValue(_Lenient):
    node_path: str
    field_name: str
    value: Any = None


class QueueItem(_Lenient):
    item_id: int
    status: QueueItemStatus | str
    priority: int = 0
    batch_id: Optional[str] = None
    queue_id: str = "default"
    origin: Optional[str] = None
    destination: Optional[str] = None
    session_id: Optional[str] = None
    error_type: Optional[str] = None
    error_message: Optional[str] = None
    error_traceback: Optional[str] = None
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None
    started_at: Optional[datetime] = None
    completed_at: Optional[datetime] = None
    field_values: Optional[list[NodeFieldValue]] = None
    published_workflow_id: Optional[str] = None
    credits: Optional[float] = None
    session: Optional[dict[str, Any]] = None
    workflow: Optional[dict[str, Any]] = None


class CancelAllExceptCurrentResult(_Lenient):
    canceled: int = 0


class ClearResult(_Lenient):
    deleted: int = 0


class PruneResult(_Lenient):
    deleted: int = 0


def queue_item_from_record(record: Any) -> QueueItem:
    """Our QueueItem from the core client's record (summary or full item)."""
    data = record.model_dump() if hasattr(record, "model_dump") else dict(record)
    status = data.get("status")
    try:
        data["status"] = QueueItemStatus(status)
    except ValueError:
        pass
    return QueueItem.model_validate(data)
