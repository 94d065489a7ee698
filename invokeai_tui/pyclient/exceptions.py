"""The published exception hierarchy (`invokeai_py_client.exceptions`).

The published constructors raise NotImplementedError (a scaffold); these work: each keeps its
message and the published attributes. (`ConnectionError` and `TimeoutError` shadow the builtins
inside this module, as in the published one; they also derive from them here, so `except
TimeoutError` in a script catches either.)
"""

from __future__ import annotations

import builtins
from typing import Any, Optional


class InvokeAIError(Exception):
    def __init__(self, message: str, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class ConnectionError(InvokeAIError, builtins.ConnectionError):  # noqa: A001 - the published name
    def __init__(self, message: str, host: Optional[str] = None, port: Optional[int] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.host, self.port = host, port


class AuthenticationError(InvokeAIError):
    def __init__(self, message: str = "Authentication failed", details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)


class APIError(InvokeAIError):
    def __init__(self, message: str, status_code: Optional[int] = None, response_body: Optional[Any] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.status_code, self.response_body = status_code, response_body


class ValidationError(InvokeAIError):
    def __init__(self, message: str, field_name: Optional[str] = None, field_value: Optional[Any] = None,
                 constraints: Optional[dict[str, Any]] = None, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.field_name, self.field_value, self.constraints = field_name, field_value, constraints or {}


class WorkflowError(InvokeAIError):
    def __init__(self, message: str, workflow_id: Optional[str] = None, workflow_name: Optional[str] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.workflow_id, self.workflow_name = workflow_id, workflow_name


class JobError(InvokeAIError):
    def __init__(self, message: str, job_id: Optional[str] = None, status: Optional[str] = None,
                 error_details: Optional[str] = None, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.job_id, self.status, self.error_details = job_id, status, error_details


class ResourceNotFoundError(APIError):
    def __init__(self, resource_type: str, resource_id: str, message: Optional[str] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message or f"{resource_type} not found: {resource_id}", status_code=404, details=details)
        self.resource_type, self.resource_id = resource_type, resource_id


class TimeoutError(InvokeAIError, builtins.TimeoutError):  # noqa: A001 - the published name
    def __init__(self, message: str, operation: Optional[str] = None, timeout: Optional[float] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.operation, self.timeout = operation, timeout


class FileError(InvokeAIError):
    def __init__(self, message: str, file_path: Optional[str] = None, operation: Optional[str] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.file_path, self.operation = file_path, operation


class ConfigurationError(InvokeAIError):
    def __init__(self, message: str, config_key: Optional[str] = None, config_value: Optional[Any] = None,
                 details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details)
        self.config_key, self.config_value = config_key, config_value
