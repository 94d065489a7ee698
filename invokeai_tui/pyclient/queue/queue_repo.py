"""The published QueueRepository (`invokeai_py_client.queue.queue_repo`): queue handles."""

from __future__ import annotations

from typing import Any

from .queue_handle import QueueHandle


class QueueRepository:
    """Entry point to the server's queues (InvokeAI has one: "default")."""

    def __init__(self) -> None:
        self.m_client: Any = None

    @classmethod
    def from_client(cls, client: Any) -> "QueueRepository":
        repo = cls()
        repo.m_client = client
        return repo

    def list_queues(self) -> list[str]:
        return ["default"]

    def get_queue(self, queue_id: str = "default") -> QueueHandle:
        return QueueHandle.from_client_and_id(self.m_client, queue_id)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("m_"):
            raise AttributeError(name)
        # The core queue repository's calls (get_status, enqueue_batch, ...), blocking.
        return getattr(self.m_client._proxy("queue_repo"), name)

    def __repr__(self) -> str:
        return "QueueRepository()"
