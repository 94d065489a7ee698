"""The published ModelInstJobHandle (`invokeai_py_client.dnn_model.model_inst_job_handle`): one
model install job. TODO(lead): wire to the core client's install jobs (issue 12, item 4)."""

from __future__ import annotations

from typing import Any

from .dnn_model_models import InstallJobStatus, ModelInstJobInfo

PENDING = "model management lands with the core client's install API"


class ModelInstJobHandle:
    """Follow, wait for and cancel one install job."""

    def __init__(self) -> None:
        self._client: Any = None
        self._job_id: int | None = None
        self._info: ModelInstJobInfo | None = None

    @classmethod
    def from_client_and_id(cls, client: Any, job_id: int) -> "ModelInstJobHandle":
        handle = cls()
        handle._client, handle._job_id = client, int(job_id)
        return handle

    @property
    def job_id(self) -> int:
        if self._job_id is None:
            raise ValueError("This handle has no job id")
        return self._job_id

    @property
    def info(self) -> ModelInstJobInfo | None:
        return self._info

    def refresh(self) -> ModelInstJobInfo:
        raise NotImplementedError(PENDING)

    def status(self) -> InstallJobStatus:
        raise NotImplementedError(PENDING)

    def progress(self) -> float | None:
        raise NotImplementedError(PENDING)

    def is_done(self) -> bool:
        raise NotImplementedError(PENDING)

    def is_failed(self) -> bool:
        raise NotImplementedError(PENDING)

    def raise_if_failed(self) -> None:
        raise NotImplementedError(PENDING)

    def wait_until(self, timeout: float | None = 600.0, poll_interval: float = 2.0) -> ModelInstJobInfo:
        raise NotImplementedError(PENDING)

    def wait(self, timeout: float | None = 600.0, poll_interval: float = 2.0) -> ModelInstJobInfo:
        return self.wait_until(timeout=timeout, poll_interval=poll_interval)

    def cancel(self) -> bool:
        raise NotImplementedError(PENDING)

    def __repr__(self) -> str:
        return f"ModelInstJobHandle(job_id={self._job_id})"
