"""The published model-management exceptions (`invokeai_py_client.dnn_model.dnn_model_exceptions`)."""

from __future__ import annotations

from typing import Any


class InvokeAIClientError(Exception):
    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class APIRequestError(InvokeAIClientError):
    def __init__(self, message: str, status_code: int | None = None, payload: Any = None, details: Any = None) -> None:
        super().__init__(message, details)
        self.status_code = status_code
        self.payload = payload


class ModelManagerError(InvokeAIClientError):
    pass


class ModelInstallStartError(ModelManagerError):
    pass


class ModelInstallJobFailed(ModelManagerError):
    def __init__(self, message: str, info: Any = None) -> None:
        super().__init__(message)
        self.info = info


class ModelInstallTimeout(ModelManagerError):
    def __init__(self, message: str, last_info: Any = None, timeout: float | None = None) -> None:
        super().__init__(message)
        self.last_info = last_info
        self.timeout = timeout
