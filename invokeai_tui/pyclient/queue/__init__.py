"""The queue as the published client offers it: QueueRepository, QueueHandle, JobHandle."""

from .job_handle import JobHandle
from .queue_handle import QueueHandle
from .queue_repo import QueueRepository

__all__ = ["QueueRepository", "QueueHandle", "JobHandle"]
