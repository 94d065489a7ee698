"""Typed Socket.IO events of InvokeAI 6.14 (the whole catalogue), parsed once, here.

`parse_event(name, payload)` never raises: an unknown event, or a known one whose payload does
not fit, becomes a GenericEvent carrying the raw payload. Connection changes are events too
(ConnectionStateEvent), so a UI can show live / reconnecting / offline.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationError

from .records.base import Record
from .records.queue import TERMINAL_STATUSES, BatchStatus, SessionQueueStatus

log = logging.getLogger(__name__)


class InvokeAIEvent(Record):
    """Base of every event. `event` is the Socket.IO event name."""

    event: str = ""
    timestamp: int | float | None = None


class GenericEvent(InvokeAIEvent):
    """An event this client does not know (or could not parse); `payload` is the raw data."""

    payload: Any = None


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    # Never sent by the event stream: the app's live service shows it while the socket is down
    # and REST polling keeps the queue current.
    POLLING = "polling"


class ConnectionStateEvent(InvokeAIEvent):
    """The event stream's connection changed state. `detail` says why, in plain words."""

    event: str = "connection_state"
    state: ConnectionState
    detail: str = ""
    attempt: int = 0


# ---------------------------------------------------------------- queue & invocation events
class QueueItemEventBase(InvokeAIEvent):
    queue_id: str = "default"
    item_id: int | None = None
    batch_id: str | None = None
    origin: str | None = None
    destination: str | None = None
    user_id: str | None = None


class InvocationEventBase(QueueItemEventBase):
    session_id: str | None = None
    invocation: dict[str, Any] = Field(default_factory=dict)
    invocation_source_id: str | None = None

    @property
    def node_id(self) -> str | None:
        """The graph node id you sent (invocation_source_id)."""
        return self.invocation_source_id

    @property
    def invocation_type(self) -> str | None:
        return self.invocation.get("type")


class InvocationStartedEvent(InvocationEventBase):
    pass


class ProgressImage(Record):
    width: int = 0
    height: int = 0
    dataURL: str = ""


class InvocationProgressEvent(InvocationEventBase):
    message: str = ""
    percentage: float | None = None  # 0..1, None = indeterminate
    image: ProgressImage | None = None
    device: str | None = None


class InvocationCompleteEvent(InvocationEventBase):
    result: dict[str, Any] = Field(default_factory=dict)

    @property
    def image_name(self) -> str | None:
        image = self.result.get("image")
        return image.get("image_name") if isinstance(image, dict) else None

    @property
    def video_name(self) -> str | None:
        """The video a node saved (Wan 2.2's wan_l2v: {"video": {"video_name": ...}})."""
        video = self.result.get("video")
        return video.get("video_name") if isinstance(video, dict) else None


class InvocationErrorEvent(InvocationEventBase):
    error_type: str | None = None
    error_message: str | None = None
    error_traceback: str | None = None


class QueueItemStatusChangedEvent(QueueItemEventBase):
    status: str = ""
    status_sequence: int | None = None
    session_id: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    error_traceback: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    started_at: str | None = None
    completed_at: str | None = None
    batch_status: BatchStatus | None = None
    queue_status: SessionQueueStatus | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


class BatchEnqueuedEvent(InvokeAIEvent):
    queue_id: str = "default"
    batch_id: str | None = None
    enqueued: int = 0
    requested: int = 0
    priority: int = 0
    origin: str | None = None
    user_id: str | None = None


class QueueItemsRetriedEvent(InvokeAIEvent):
    queue_id: str = "default"
    retried_item_ids: list[int] = Field(default_factory=list)
    user_ids: list[str] = Field(default_factory=list)


class QueueItemsCanceledEvent(InvokeAIEvent):
    queue_id: str = "default"
    canceled_item_ids: list[int] = Field(default_factory=list)
    user_ids: list[str] = Field(default_factory=list)


class QueueClearedEvent(InvokeAIEvent):
    queue_id: str = "default"
    user_id: str | None = None


class RecallParametersUpdatedEvent(InvokeAIEvent):
    queue_id: str = "default"
    user_id: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)


# ---------------------------------------------------------------- models, downloads, workflows
class ModelLoadEventBase(InvokeAIEvent):
    config: dict[str, Any] = Field(default_factory=dict)
    submodel_type: str | None = None
    user_id: str | None = None


class ModelLoadStartedEvent(ModelLoadEventBase):
    pass


class ModelLoadCompleteEvent(ModelLoadEventBase):
    pass


class ModelInstallEventBase(InvokeAIEvent):
    id: int | None = None
    source: Any = None


class ModelInstallDownloadProgressEvent(ModelInstallEventBase):
    local_path: str | None = None
    bytes: int = 0
    total_bytes: int = 0
    parts: list[dict[str, Any]] = Field(default_factory=list)


class ModelInstallDownloadsCompleteEvent(ModelInstallEventBase):
    pass


class ModelInstallStartedEvent(ModelInstallEventBase):
    pass


class ModelInstallCompleteEvent(ModelInstallEventBase):
    key: str | None = None
    total_bytes: int | None = None
    config: dict[str, Any] | None = None


class ModelInstallCancelledEvent(ModelInstallEventBase):
    pass


class ModelInstallErrorEvent(ModelInstallEventBase):
    error_type: str | None = None
    error: str | None = None


class DownloadEventBase(InvokeAIEvent):
    source: str | None = None


class DownloadStartedEvent(DownloadEventBase):
    download_path: str | None = None


class DownloadProgressEvent(DownloadEventBase):
    download_path: str | None = None
    current_bytes: int = 0
    total_bytes: int = 0


class DownloadCompleteEvent(DownloadEventBase):
    download_path: str | None = None
    total_bytes: int | None = None


class DownloadCancelledEvent(DownloadEventBase):
    pass


class DownloadErrorEvent(DownloadEventBase):
    error_type: str | None = None
    error: str | None = None


class BulkDownloadEventBase(InvokeAIEvent):
    bulk_download_id: str | None = None
    bulk_download_item_id: str | None = None
    bulk_download_item_name: str | None = None
    user_id: str | None = None


class BulkDownloadStartedEvent(BulkDownloadEventBase):
    pass


class BulkDownloadCompleteEvent(BulkDownloadEventBase):
    pass


class BulkDownloadErrorEvent(BulkDownloadEventBase):
    error: str | None = None


class WorkflowEventBase(InvokeAIEvent):
    workflow_id: str | None = None
    user_id: str | None = None


class WorkflowCreatedEvent(WorkflowEventBase):
    is_public: bool | None = None


class WorkflowUpdatedEvent(WorkflowEventBase):
    old_is_public: bool | None = None
    new_is_public: bool | None = None


class WorkflowDeletedEvent(WorkflowEventBase):
    is_public: bool | None = None


class WorkflowAccessRevokedEvent(WorkflowEventBase):
    pass


class LlmTaskEventBase(InvokeAIEvent):
    task_id: str | None = None
    user_id: str | None = None


class LlmTaskProgressEvent(LlmTaskEventBase):
    phase: str | None = None
    message: str | None = None
    percentage: float | None = None
    current_tokens: int | None = None
    total_tokens: int | None = None


class LlmTaskCompleteEvent(LlmTaskEventBase):
    pass


class LlmTaskErrorEvent(LlmTaskEventBase):
    error: str | None = None


EVENT_TYPES: dict[str, type[InvokeAIEvent]] = {
    "invocation_started": InvocationStartedEvent,
    "invocation_progress": InvocationProgressEvent,
    "invocation_complete": InvocationCompleteEvent,
    "invocation_error": InvocationErrorEvent,
    "queue_item_status_changed": QueueItemStatusChangedEvent,
    "batch_enqueued": BatchEnqueuedEvent,
    "queue_items_retried": QueueItemsRetriedEvent,
    "queue_items_canceled": QueueItemsCanceledEvent,
    "queue_cleared": QueueClearedEvent,
    "recall_parameters_updated": RecallParametersUpdatedEvent,
    "model_load_started": ModelLoadStartedEvent,
    "model_load_complete": ModelLoadCompleteEvent,
    "model_install_download_progress": ModelInstallDownloadProgressEvent,
    "model_install_downloads_complete": ModelInstallDownloadsCompleteEvent,
    "model_install_started": ModelInstallStartedEvent,
    "model_install_complete": ModelInstallCompleteEvent,
    "model_install_cancelled": ModelInstallCancelledEvent,
    "model_install_error": ModelInstallErrorEvent,
    "download_started": DownloadStartedEvent,
    "download_progress": DownloadProgressEvent,
    "download_complete": DownloadCompleteEvent,
    "download_cancelled": DownloadCancelledEvent,
    "download_error": DownloadErrorEvent,
    "bulk_download_started": BulkDownloadStartedEvent,
    "bulk_download_complete": BulkDownloadCompleteEvent,
    "bulk_download_error": BulkDownloadErrorEvent,
    "workflow_created": WorkflowCreatedEvent,
    "workflow_updated": WorkflowUpdatedEvent,
    "workflow_deleted": WorkflowDeletedEvent,
    "workflow_access_revoked": WorkflowAccessRevokedEvent,
    "llm_task_progress": LlmTaskProgressEvent,
    "llm_task_complete": LlmTaskCompleteEvent,
    "llm_task_error": LlmTaskErrorEvent,
}

QUEUE_EVENTS = frozenset(
    {
        "invocation_started", "invocation_progress", "invocation_complete", "invocation_error",
        "queue_item_status_changed", "batch_enqueued", "queue_items_retried", "queue_items_canceled",
        "queue_cleared",
    }
)


def parse_event(name: str, payload: Any) -> InvokeAIEvent:
    """A typed event for a Socket.IO event; GenericEvent when unknown or malformed. Never raises."""
    cls = EVENT_TYPES.get(name)
    if cls is not None and isinstance(payload, dict):
        try:
            return cls.model_validate({**payload, "event": name})
        except ValidationError as exc:
            log.debug("event %s did not parse: %s", name, exc)
    try:
        ts = payload.get("timestamp") if isinstance(payload, dict) else None
        return GenericEvent(event=str(name), timestamp=ts if isinstance(ts, (int, float)) else None, payload=payload)
    except Exception:  # noqa: BLE001 - parsing must never raise
        return GenericEvent(event=str(name), payload=None)
