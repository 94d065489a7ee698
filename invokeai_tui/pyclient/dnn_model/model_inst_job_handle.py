"""The published ModelInstJobHandle (`invokeai_py_client.dnn_model.model_inst_job_handle`): one
model install job, blocking, over the core client's ModelInstallJobHandle (which follows the job's
events, polling when the socket is down)."""

from __future__ import annotations

from typing import Any

from invokeai_tui.client.errors import InvokeAIError, ModelInstallTimeoutError
from invokeai_tui.client.model_install_errors import install_job_error
from invokeai_tui.client.records import ModelInstallJob

from .dnn_model_exceptions import ModelInstallTimeout
from .dnn_model_models import InstallJobStatus, ModelInstJobInfo
from .error_mapping import api_error, job_failed

TERMINAL = frozenset({InstallJobStatus.COMPLETED, InstallJobStatus.ERROR, InstallJobStatus.CANCELLED})
KNOWN_FIELDS = frozenset({"id", "status", "error", "error_reason", "error_traceback", "bytes", "total_bytes", "config_out"})


def info_from_job(job: ModelInstallJob) -> ModelInstJobInfo:
    """The published job record: the known fields, `model_key` from `config_out`, the rest in `extra`."""
    data = job.model_dump(mode="json")
    try:
        status: InstallJobStatus | str = InstallJobStatus(job.status)
    except ValueError:
        status = str(job.status)  # e.g. "paused": not terminal, kept as text (DEVIATIONS.md)
    return ModelInstJobInfo(
        id=job.id, status=status, error=job.error, error_reason=job.error_reason,
        error_traceback=job.error_traceback, bytes=job.bytes, total_bytes=job.total_bytes,
        model_key=job.model_key, extra={k: v for k, v in data.items() if k not in KNOWN_FIELDS},
    )


class ModelInstJobHandle:
    """Follow, wait for and cancel one install job. Made by the repository's calls."""

    def __init__(self) -> None:
        self._client: Any = None
        self._job_id: int | None = None
        self._info: ModelInstJobInfo | None = None
        self._core: Any = None  # the core client's handle, made on first use

    @classmethod
    def from_client_and_id(cls, client: Any, job_id: int) -> "ModelInstJobHandle":
        handle = cls()
        handle._client, handle._job_id = client, int(job_id)
        return handle

    @classmethod
    def _from_core(cls, client: Any, core_handle: Any) -> "ModelInstJobHandle":
        handle = cls.from_client_and_id(client, core_handle.id)
        handle._core = core_handle
        handle._info = info_from_job(core_handle.job)
        return handle

    @property
    def job_id(self) -> int:
        if self._job_id is None:
            raise RuntimeError("ModelInstJobHandle not initialized")
        return self._job_id

    @property
    def info(self) -> ModelInstJobInfo | None:
        return self._info

    @property
    def _synthetic(self) -> bool:
        # The "already installed" answer of install_model: no job on the server.
        return self._job_id is not None and self._job_id < 0 and self._info is not None

    def _core_handle(self) -> Any:
        if self._client is None:
            raise RuntimeError("ModelInstJobHandle not initialized")
        if self._core is None:
            self._core = self._client.async_client.model_manager.install_job_handle(self.job_id)
        return self._core

    def _run(self, coro: Any) -> Any:
        try:
            return self._client.run(coro)
        except InvokeAIError as err:
            raise api_error(err) from err

    # ------------------------------------------------------------ reading
    def refresh(self) -> ModelInstJobInfo:
        """Read the job again from the server."""
        if self._synthetic:
            return self._info
        self._info = info_from_job(self._run(self._core_handle().refresh()))
        return self._info

    def status(self) -> InstallJobStatus:
        if self._info is None:
            self.refresh()
        return self._info.status

    def is_done(self) -> bool:
        return self.status() in TERMINAL

    def is_failed(self) -> bool:
        return self.status() == InstallJobStatus.ERROR

    def progress(self) -> float | None:
        """Downloaded fraction (bytes / total_bytes), None while the size is unknown."""
        if self._info is None:
            self.refresh()
        if self._info.bytes is None or not self._info.total_bytes:
            return None
        return float(self._info.bytes) / float(self._info.total_bytes)

    def raise_if_failed(self) -> None:
        """Raise ModelInstallJobFailed when the job failed or was cancelled."""
        info = self.refresh() if self._info is None else self._info
        if info.status in (InstallJobStatus.ERROR, InstallJobStatus.CANCELLED):
            raise self._failed(info)

    def _failed(self, info: ModelInstJobInfo) -> Exception:
        reason = install_job_error(self._core.job) if self._core is not None else None
        return job_failed(self.job_id, reason, info)

    # ------------------------------------------------------------ acting
    def cancel(self) -> bool:
        """Cancel the job; False when the server no longer knows it."""
        if self._synthetic:
            return False
        try:
            job = self._client.run(self._core_handle().cancel())
        except InvokeAIError as err:
            if getattr(err, "status", None) in (404, 415):
                return False
            raise api_error(err) from err
        self._info = info_from_job(job)
        return True

    def wait_until(self, timeout: float | None = 600.0, poll_interval: float = 2.0) -> ModelInstJobInfo:
        """Wait until the job ends (timeout None: without limit); return its info when completed.
        Raises ModelInstallJobFailed when it failed or was cancelled, ModelInstallTimeout after
        `timeout` s (the job goes on on the server)."""
        if self._info is None or self._info.status not in TERMINAL:
            core = self._core_handle()
            try:
                self._client.run(core.wait(timeout, poll_interval=poll_interval, raise_on_failure=False))
            except ModelInstallTimeoutError as err:
                self._info = info_from_job(core.job)
                raise ModelInstallTimeout(str(err), last_info=self._info, timeout=timeout) from err
            except InvokeAIError as err:
                raise api_error(err) from err
            self._info = info_from_job(core.job)
        if self._info.status == InstallJobStatus.COMPLETED:
            return self._info
        raise self._failed(self._info)

    def wait(self, timeout: float | None = 600.0, poll_interval: float = 2.0) -> ModelInstJobInfo:
        return self.wait_until(timeout=timeout, poll_interval=poll_interval)

    # The published private parser, for code that used it.
    @staticmethod
    def _parse_job_info(data: dict) -> ModelInstJobInfo:
        return info_from_job(ModelInstallJob.model_validate(data))

    def __repr__(self) -> str:
        return f"ModelInstJobHandle(job_id={self._job_id})"
