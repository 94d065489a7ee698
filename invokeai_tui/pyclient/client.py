"""The published InvokeAIClient (`invokeai_py_client.client`), blocking, on this library's async
client: one HTTP stack (httpx), typed errors, retries only where a request is idempotent.

It is the seed facade (sync_client.InvokeAIClient: a private event loop in a thread) with the
published repositories and attributes on top.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from invokeai_tui.client.connection import API_V1

from .models import IvkDnnModel, IvkJob, JobStatus
from .session import RequestsStyleSession
from .sync_client import InvokeAIClient as SeedFacade

if TYPE_CHECKING:
    from .board.board_repo import BoardRepository
    from .dnn_model.dnn_model_repo import DnnModelRepository
    from .queue.queue_repo import QueueRepository
    from .video.video_repo import VideoRepository
    from .workflow.workflow_handle import WorkflowHandle
    from .workflow.workflow_repo import WorkflowRepository

# The server's queue statuses by the published JobStatus names.
_JOB_STATUS = {"pending": JobStatus.PENDING, "in_progress": JobStatus.RUNNING, "completed": JobStatus.COMPLETED,
               "failed": JobStatus.FAILED, "canceled": JobStatus.CANCELLED}


def job_from_queue_item(item: Any) -> IvkJob:
    """The published IvkJob view of a queue item (summary or full)."""
    return IvkJob(
        id=str(item.item_id), status=_JOB_STATUS.get(item.status, JobStatus.PENDING),
        progress=1.0 if item.status == "completed" else 0.0,
        created_at=item.created_at, started_at=item.started_at, completed_at=item.completed_at,
        error=getattr(item, "error_message", None),
        metadata={"batch_id": item.batch_id, "queue_status": item.status},
    )


class InvokeAIClient(SeedFacade):
    """Blocking client for one InvokeAI server, with the published names and return shapes."""

    def __init__(self, host: str = "localhost", port: int = 9090, api_key: str | None = None, timeout: float = 30.0,
                 base_path: str = API_V1, use_https: bool = False, verify_ssl: bool = True, max_retries: int = 3,
                 **kwargs: Any) -> None:
        super().__init__(host, port, api_key, timeout, base_path, use_https, verify_ssl, max_retries, **kwargs)
        self.api_key = api_key
        self.extra_config = kwargs
        self._published_repos: dict[str, Any] = {}

    @cached_property
    def session(self) -> RequestsStyleSession:
        """A requests-style session (get/post/..., headers) on this client's own HTTP connection."""
        return RequestsStyleSession(self)

    def _published(self, name: str, factory: Any) -> Any:
        repo = self._published_repos.get(name)
        if repo is None:
            repo = self._published_repos[name] = factory(self)
        return repo

    @property
    def board_repo(self) -> "BoardRepository":
        from .board.board_repo import BoardRepository

        return self._published("board", BoardRepository)

    @property
    def workflow_repo(self) -> "WorkflowRepository":
        from .workflow.workflow_repo import WorkflowRepository

        return self._published("workflow", WorkflowRepository)

    @property
    def dnn_model_repo(self) -> "DnnModelRepository":
        from .dnn_model.dnn_model_repo import DnnModelRepository

        return self._published("dnn_model", DnnModelRepository)

    @property
    def video_repo(self) -> "VideoRepository":
        """Videos (not in the published client, which has none): a board's MP4s, upload, download, move."""
        from .video.video_repo import VideoRepository

        return self._published("video", VideoRepository)

    @property
    def queue_repo(self) -> "QueueRepository":
        from .queue.queue_repo import QueueRepository

        return self._published("queue", QueueRepository.from_client)

    def create_workflow(self, definition: Any) -> "WorkflowHandle":
        return self.workflow_repo.create_workflow(definition)

    # ------------------------------------------------------------ raw requests
    def _make_request_v2(self, method: str, endpoint: str, **kwargs: Any) -> Any:
        """`endpoint` under /api/v2 (model management); keeps a reverse-proxy prefix (DEVIATIONS.md)."""
        return self.run(self.async_client.request(method, "/api/v2/" + endpoint.lstrip("/"), **kwargs))

    # ------------------------------------------------------------ the published stubs, working
    def list_jobs(self, status: str | None = None, limit: int = 100) -> list[IvkJob]:
        """Queue items, newest first, as IvkJob (the published one raises NotImplementedError)."""
        items, _total = self.run(self.async_client.queue_repo.list_items(0, limit))
        jobs = [job_from_queue_item(item) for item in items]
        return [job for job in jobs if status is None or job.status == JobStatus(status)]

    def get_job(self, job_id: str) -> IvkJob:
        return job_from_queue_item(self.run(self.async_client.queue_repo.get_item(int(job_id))))

    def cancel_job(self, job_id: str) -> bool:
        self.run(self.async_client.queue_repo.cancel_item(int(job_id)))
        return True

    def list_models(self, base_model: str | None = None) -> list[IvkDnnModel]:
        records = self.run(self.async_client.dnn_model_repo.list_models())
        models = [IvkDnnModel.from_api_response(record.model_dump()) for record in records]
        wanted = getattr(base_model, "value", base_model)
        return [m for m in models if wanted is None or getattr(m.base, "value", m.base) == wanted]

    def get_model_info(self, model_key: str) -> IvkDnnModel:
        return IvkDnnModel.from_api_response(self.run(self.async_client.dnn_model_repo.get_model(model_key)).model_dump())

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        self.close()
