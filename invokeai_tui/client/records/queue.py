"""Session queue records."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import Record

# The one definition of a finished queue item (client, workflow and tui all use these).
TERMINAL_STATUSES = frozenset({"completed", "failed", "canceled"})
RETRYABLE_STATUSES = frozenset({"failed", "canceled"})  # what the server's retry accepts


class FieldValue(Record):
    node_path: str
    field_name: str
    value: Any = None


class QueueItemSummary(Record):
    item_id: int
    status: str = "pending"
    created_at: str | None = None
    started_at: str | None = None
    completed_at: str | None = None
    origin: str | None = None
    destination: str | None = None
    batch_id: str | None = None
    user_id: str | None = None
    device: str | None = None
    field_values: list[FieldValue] | None = None
    parent_item_id: int | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


class QueueItem(QueueItemSummary):
    """A full queue item; `session` holds the GraphExecutionState (results, mappings)."""

    queue_id: str = "default"
    status_sequence: int | None = None
    priority: int = 0
    session_id: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    error_traceback: str | None = None
    updated_at: str | None = None
    retried_from_item_id: int | None = None
    session: dict[str, Any] | None = None
    workflow: dict[str, Any] | None = None


class QueueCounts(Record):
    """Items per status, as the queue's and a batch's status both report them."""

    pending: int = 0
    in_progress: int = 0
    waiting: int = 0
    completed: int = 0
    failed: int = 0
    canceled: int = 0
    total: int = 0


class SessionQueueStatus(QueueCounts):
    queue_id: str = "default"
    item_id: int | None = None
    batch_id: str | None = None
    session_id: str | None = None


class ProcessorStatus(Record):
    is_started: bool = False
    is_processing: bool = False


class QueueStatus(Record):
    """GET /queue/{id}/status: counts plus whether the processor runs."""

    queue: SessionQueueStatus = Field(default_factory=SessionQueueStatus)
    processor: ProcessorStatus = Field(default_factory=ProcessorStatus)


class BatchStatus(QueueCounts):
    queue_id: str = "default"
    batch_id: str
    origin: str | None = None
    destination: str | None = None

    @property
    def is_done(self) -> bool:
        return self.total > 0 and self.pending + self.in_progress + self.waiting == 0


class EnqueueResult(Record):
    """Answer of enqueue_batch. item_ids are sorted ascending here (the server sends them descending)."""

    queue_id: str = "default"
    enqueued: int = 0
    requested: int = 0
    priority: int = 0
    item_ids: list[int] = Field(default_factory=list)
    batch: dict[str, Any] = Field(default_factory=dict)

    @property
    def batch_id(self) -> str | None:
        return self.batch.get("batch_id")
