"""Typed errors of the workflow engine.

They derive from the client's `InvokeAIError`, so the app's one error handler shows them
like any other failure: a sentence a person can act on, never a traceback.
"""

from __future__ import annotations

from invokeai_tui.client.errors import InvokeAIError


class WorkflowError(InvokeAIError):
    """Base class of every workflow-engine error."""


class WorkflowLoadError(WorkflowError):
    """A file or payload is not a workflow this app can read.

    `source` names where it came from (a path, "library workflow X", "image Y"),
    `problem` says what is wrong with it.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"Cannot load workflow from {source}: {problem}")
        self.source = source
        self.problem = problem


class InputIndexError(WorkflowError, IndexError):
    """No input has this index (or this node id / field name)."""


class FieldValueError(WorkflowError, ValueError):
    """A value does not fit a field (wrong type, out of bounds, not an option...)."""

    def __init__(self, field_label: str, problem: str) -> None:
        super().__init__(f"{field_label}: {problem}")
        self.field_label = field_label
        self.problem = problem


class WorkflowBuildError(WorkflowError):
    """The workflow cannot be turned into a graph or batch (e.g. a bad sweep)."""


class WorkflowRunError(WorkflowError, RuntimeError):  # RuntimeError: what the published client raises
    """A queue item of this workflow failed on the server."""

    def __init__(
        self,
        message: str,
        *,
        item_id: int | None = None,
        status: str | None = None,
        error_type: str | None = None,
        error_message: str | None = None,
        error_traceback: str | None = None,
    ) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.run_status = status
        self.error_type = error_type
        self.error_message = error_message
        self.error_traceback = error_traceback


class WorkflowCanceledError(WorkflowRunError):
    """A queue item of this workflow was canceled before it finished."""


class WorkflowTimeoutError(WorkflowError, TimeoutError):
    """Waiting for a run took longer than the timeout the caller gave."""


__all__ = [
    "WorkflowError",
    "WorkflowLoadError",
    "InputIndexError",
    "FieldValueError",
    "WorkflowBuildError",
    "WorkflowRunError",
    "WorkflowCanceledError",
    "WorkflowTimeoutError",
]
