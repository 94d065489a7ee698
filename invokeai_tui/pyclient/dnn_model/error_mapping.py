"""The core client's typed errors as the published model-management exceptions.

Each published exception keeps the core error as its `__cause__` (and the HTTP status and the
server's detail as `status_code` / `payload`), and its message is the core error's sentence, which
says what went wrong and what to do.
"""

from __future__ import annotations

from typing import Any

from invokeai_tui.client.errors import InvokeAIError

from .dnn_model_exceptions import APIRequestError, ModelInstallJobFailed, ModelInstallStartError


def api_error(err: InvokeAIError) -> APIRequestError:
    """A failed request, as the published repository reports it."""
    return APIRequestError(str(err), status_code=err.status, payload=err.detail)


def install_start_error(err: InvokeAIError | ValueError) -> ModelInstallStartError:
    """The server refused to start an install (or the source cannot be one)."""
    details: dict[str, Any] = {}
    if isinstance(err, InvokeAIError):
        details = {"status_code": err.status, "payload": err.detail}
    return ModelInstallStartError(str(err), details=details)


def job_failed(job_id: int, reason: Exception | None, info: Any) -> ModelInstallJobFailed:
    """A job that ended failed or cancelled; `reason` is the core's typed error with the sentence."""
    status = getattr(info, "status", None)
    status_text = getattr(status, "value", status)
    said = f": {reason}" if reason is not None else ""
    return ModelInstallJobFailed(f"install job {job_id} ended with status={status_text}{said}", info=info)
