"""The one place where exceptions become words a person can act on.

Every worker runs with ``exit_on_error=False``; the app catches the failed worker and passes the
exception here. Nothing in the app shows a traceback: the traceback goes to the log file.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from ..client import errors as client_errors


@dataclass(frozen=True)
class UserMessage:
    title: str
    text: str
    severity: str = "error"  # "error" | "warning" | "information"


def client_errors_not_repeated(exc: BaseException) -> bool:
    from ..client.error_mapping import NOT_REPEATED

    return NOT_REPEATED.strip() in str(exc)


def describe(exc: BaseException, doing: str | None = None) -> UserMessage:
    """Turn ``exc`` (raised while ``doing`` something) into a title and a message."""
    what = f"Could not {doing}" if doing else "Something went wrong"
    if isinstance(exc, client_errors.ServerUnreachableError):
        if client_errors_not_repeated(exc):  # an enqueue that may have landed: no "keeps retrying" here
            return UserMessage("Connection lost", f"{what}: {exc}")
        return UserMessage("Server unreachable", f"{what}: {exc}\nCheck that InvokeAI is running; the app keeps retrying.")
    if isinstance(exc, client_errors.RequestTimeoutError):
        return UserMessage("Timed out", f"{what}: {exc}\nThe server may be busy; try again.", "warning")
    if isinstance(exc, client_errors.NotAuthenticatedError):
        return UserMessage("Login needed", f"{what}: {exc}\nLog in again to continue.", "warning")
    if isinstance(exc, client_errors.PermissionDeniedError):
        return UserMessage("Not allowed", f"{what}: {exc}")
    if isinstance(exc, client_errors.NotFoundError):
        return UserMessage("Not found", f"{what}: {exc}\nIt may have been deleted elsewhere; refresh with ctrl+r.", "warning")
    if isinstance(exc, client_errors.InvalidImageError):
        return UserMessage("Not an image", f"{what}: {exc}", "warning")
    if isinstance(exc, client_errors.FileExistsConflictError):
        return UserMessage("File exists", f"{what}: {exc}", "warning")
    if isinstance(exc, client_errors.InvokeAIError):
        return UserMessage("Server said no", f"{what}: {exc}")
    if isinstance(exc, ValidationError):
        # A payload that parsed as JSON but not as what InvokeAI 6.14 sends: a proxy, or another version.
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the answer"
        return UserMessage(
            "Unexpected answer",
            f"{what}: the server's answer does not have the expected shape ({exc.error_count()} problem(s); "
            f"{where}: {first.get('msg', '?')}). Is this an InvokeAI 6.14 server?",
        )
    if isinstance(exc, PermissionError):
        return UserMessage("Permission denied", f"{what}: {exc.strerror or exc} ({exc.filename})")
    if isinstance(exc, FileNotFoundError):
        return UserMessage("No such file", f"{what}: {exc.filename or exc}", "warning")
    if isinstance(exc, OSError):
        return UserMessage("File error", f"{what}: {exc.strerror or exc}")
    return UserMessage(
        "Unexpected error",
        f"{what}: {type(exc).__name__}: {exc}\nDetails are in the log file.",
    )
