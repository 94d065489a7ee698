"""The published JobHandle (`invokeai_py_client.queue.job_handle`): one queue item, blocking."""

from __future__ import annotations

import time
from typing import Any, Optional

from ...client.records.queue import TERMINAL_STATUSES
from .queue_models import QueueItem, QueueItemStatus, queue_item_from_record

TERMINAL = frozenset(QueueItemStatus(status) for status in TERMINAL_STATUSES)  # the client's one definition


class JobHandle:
    """Refresh, inspect, wait for and cancel one queue item."""

    def __init__(self) -> None:
        self.m_client: Any = None
        self.m_queue_id: str | None = None
        self.m_item_id: int | None = None
        self.m_item: QueueItem | None = None

    @classmethod
    def from_client_ids(cls, client: Any, queue_id: str, item_id: int) -> "JobHandle":
        handle = cls()
        handle.m_client, handle.m_queue_id, handle.m_item_id = client, queue_id, int(item_id)
        return handle

    @property
    def queue_id(self) -> str:
        if self.m_queue_id is None:
            raise RuntimeError("JobHandle not initialized")
        return self.m_queue_id

    @property
    def item_id(self) -> int:
        if self.m_item_id is None:
            raise RuntimeError("JobHandle not initialized")
        return self.m_item_id

    @property
    def item(self) -> Optional[QueueItem]:
        return self.m_item

    def set_item(self, item: QueueItem) -> None:
        self.m_item = item
        self.m_item_id = item.item_id

    def _client(self) -> Any:
        if self.m_client is None:
            raise RuntimeError("JobHandle not initialized")
        return self.m_client

    def refresh(self) -> QueueItem:
        client = self._client()
        self.m_item = queue_item_from_record(client.run(client.async_client.queue_repo.get_item(self.item_id)))
        return self.m_item

    def status(self) -> QueueItemStatus:
        if self.m_item is None:
            self.refresh()
        return self.m_item.status

    def is_pending(self) -> bool:
        return self.status() == QueueItemStatus.PENDING

    def is_running(self) -> bool:
        return self.status() == QueueItemStatus.IN_PROGRESS

    def is_complete(self) -> bool:
        return self.status() in TERMINAL

    def is_successful(self) -> bool:
        return self.status() == QueueItemStatus.COMPLETED

    def is_failed(self) -> bool:
        return self.status() == QueueItemStatus.FAILED

    def is_canceled(self) -> bool:
        return self.status() == QueueItemStatus.CANCELED

    def cancel(self) -> bool:
        """Cancel the item (PUT .../cancel); True when the server took it."""
        client = self._client()
        self.m_item = queue_item_from_record(client.run(client.async_client.queue_repo.cancel_item(self.item_id)))
        return True

    def wait_for_completion(self, timeout: float = 300.0, poll_interval: float = 1.0) -> QueueItem:
        """Poll until the item is finished; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            item = self.refresh()
            if item.status in TERMINAL:
                return item
            if time.monotonic() >= deadline:
                raise TimeoutError(f"Queue item {self.item_id} did not finish within {timeout} s")
            time.sleep(poll_interval)

    def __repr__(self) -> str:
        return f"JobHandle(queue_id={self.m_queue_id!r}, item_id={self.m_item_id})"
