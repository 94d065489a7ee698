"""Typed errors raised by the client.

Every error carries a message a person can act on: what failed and what to do next.
`status` is the HTTP status code where there is one, `detail` the server's own words.
"""

from __future__ import annotations

from typing import Any


class InvokeAIError(Exception):
    """Base class of every error the client raises."""

    status: int | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        url: str | None = None,
        detail: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.method = method
        self.url = url
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ServerUnreachableError(InvokeAIError):
    """The server could not be reached (refused, DNS failure, connection dropped)."""


class RequestTimeoutError(InvokeAIError):
    """The server did not answer within the timeout."""


class NotAuthenticatedError(InvokeAIError):
    """401: the server wants a login (multi-user mode) or the token expired."""

    status = 401


class PermissionDeniedError(InvokeAIError):
    """403: logged in, but not allowed to do this (or the feature is disabled)."""

    status = 403


class NotFoundError(InvokeAIError):
    """404: the board, image, model, workflow or queue item does not exist."""

    status = 404


class RequestRejectedError(InvokeAIError):
    """400/405/409/422...: the server refused the request; `detail` holds its reasons."""


class ServerError(InvokeAIError):
    """5xx: the server failed while handling the request."""


class UnexpectedResponseError(InvokeAIError):
    """The server answered with something that is not what the API promises
    (HTML where JSON was expected, malformed JSON, a wrong shape)."""


class InvalidImageError(InvokeAIError):
    """A file or byte string that is not an image was offered for upload."""


class InvalidVideoError(InvalidImageError):
    """A file offered as a video upload that the server would not take (not an H.264 MP4), or the
    server's 415 for one. A kind of InvalidImageError: code that catches refused uploads catches both."""


class FileExistsConflictError(InvokeAIError):
    """Saving would overwrite an existing file and overwrite was not allowed."""


class ModelInstallError(InvokeAIError):
    """A model install could not start, or its job failed. `job` is the install job record when there
    is one, `error_type` the server's exception class (e.g. "DuplicateModelException")."""

    def __init__(self, message: str, *, job: Any = None, error_type: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.job = job
        self.error_type = error_type


class ModelAlreadyInstalledError(ModelInstallError):
    """The server said the model (its path, or the model moved to its folder) is already installed."""


class ModelSourceError(ModelInstallError):
    """The source is wrong: no such path on the server, not a URL or repo id, a URL that is not found."""


class NotAModelError(ModelSourceError):
    """The file or folder exists, but the server does not recognise it as a model."""


class ModelDownloadError(ModelInstallError):
    """The server could not download the model: no network, a refused private address, Hugging Face down."""


class ModelInstallCancelledError(ModelInstallError):
    """The install job was cancelled."""


class ModelInstallTimeoutError(ModelInstallError):
    """Waiting for an install job took longer than asked; the job itself goes on on the server."""


__all__ = [
    "InvokeAIError",
    "ServerUnreachableError",
    "RequestTimeoutError",
    "NotAuthenticatedError",
    "PermissionDeniedError",
    "NotFoundError",
    "RequestRejectedError",
    "ServerError",
    "UnexpectedResponseError",
    "InvalidImageError",
    "InvalidVideoError",
    "FileExistsConflictError",
    "ModelInstallError",
    "ModelAlreadyInstalledError",
    "ModelSourceError",
    "NotAModelError",
    "ModelDownloadError",
    "ModelInstallCancelledError",
    "ModelInstallTimeoutError",
]
