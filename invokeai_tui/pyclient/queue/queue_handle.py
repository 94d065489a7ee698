"""The published QueueHandle (`invokeai_py_client.queue.queue_handle`): one queue, blocking."""

from __future__ import annotations

import time
from typing import Any, Optional

from .job_handle import JobHandle
from .queue_models import (
    CancelAllExceptCurrentResult,
    ClearResult,
    ProcessorStatus,
    PruneResult,
    QueueAndProcessorStatus,
    QueueItem,
    QueueItemStatus,
    QueueStatus,
    queue_item_from_record,
)


class QueueHandle:
    """Status, items, and the queue-wide actions of one queue."""

    def __init__(self) -> None:
        self.m_client: Any = None
        self.m_queue_id: str | None = None

    @classmethod
    def from_client_and_id(cls, client: Any, queue_id: str) -> "QueueHandle":
        handle = cls()
        handle.m_client, handle.m_queue_id = client, queue_id
        return handle

    @property
    def queue_id(self) -> str:
        if self.m_queue_id is None:
            raise RuntimeError("QueueHandle not initialized")
        return self.m_queue_id

    def _run(self, name: str, *args: Any) -> Any:
        client = self.m_client
        return client.run(getattr(client.async_client.queue_repo, name)(*args))

    def _job(self, record: Any) -> JobHandle:
        job = JobHandle.from_client_ids(self.m_client, self.queue_id, record.item_id)
        job.set_item(queue_item_from_record(record))
        return job

    def get_status(self) -> QueueAndProcessorStatus:
        status = self._run("get_status")
        return QueueAndProcessorStatus(queue=QueueStatus.model_validate(status.queue.model_dump()),
                                       processor=ProcessorStatus.model_validate(status.processor.model_dump()))

    def is_busy(self) -> bool:
        queue = self.get_status().queue
        return bool(queue.in_progress or queue.pending)

    def count_running(self) -> int:
        return self.get_status().queue.in_progress

    def list_all(self, destination: str | None = None) -> list[QueueItem]:
        """Every item of the queue (summaries: no session), newest first."""
        ids = self._run("get_item_ids")
        items = [queue_item_from_record(r) for r in self._run("get_summaries_by_ids", ids)] if ids else []
        return [it for it in items if destination is None or it.destination == destination]

    def list_running(self) -> list[QueueItem]:
        return [it for it in self.list_all() if it.status == QueueItemStatus.IN_PROGRESS]

    def list_pending(self) -> list[QueueItem]:
        return [it for it in self.list_all() if it.status == QueueItemStatus.PENDING]

    def get_current(self) -> Optional[JobHandle]:
        record = self._run("get_current")
        return None if record is None else self._job(record)

    def get_item(self, item_id: int) -> Optional[JobHandle]:
        from invokeai_tui.client.errors import NotFoundError

        try:
            return self._job(self._run("get_item", int(item_id)))
        except NotFoundError:
            return None

    def get_items_by_ids(self, item_ids: list[int]) -> list[JobHandle]:
        if not item_ids:
            return []
        return [self._job(record) for record in self._run("get_items_by_ids", list(item_ids))]

    def cancel_all_except_current(self) -> CancelAllExceptCurrentResult:
        return CancelAllExceptCurrentResult(canceled=self._run("cancel_all_except_current"))

    def clear(self) -> ClearResult:
        return ClearResult(deleted=self._run("clear"))

    def prune(self) -> PruneResult:
        return PruneResult(deleted=self._run("prune"))

    def wait_until_idle(self, timeout: float = 300.0, poll_interval: float = 1.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_busy():
                return True
            time.sleep(poll_interval)
        return False

    def __repr__(self) -> str:
        return f"QueueHandle(queue_id={self.m_queue_id!r})"
