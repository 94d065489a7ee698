"""One guard for the moments a screen or widget is half there: while the app quits (or a screen is
removed) Textual prunes children first, so a handler, timer or worker of a screen that is still
mounting can look for a child that is already gone (NoMatches). That is not a bug to show anyone:
the screen is going away. Every screen and dialog of the app gets this guard through its base
class; the app applies the same rule to whatever reaches its exception handler during shutdown.
"""

from __future__ import annotations

import logging

from textual.worker import Worker, WorkerState
from textual.css.query import NoMatches, WrongType
from textual.widget import MountError

from .compat import HandlerErrorFilter, app_is_closing, node_is_detaching, parent_of

log = logging.getLogger(__name__)

# What a query or a mount raises when the DOM it expects is being torn down.
TEARDOWN_ERRORS: tuple[type[BaseException], ...] = (NoMatches, WrongType, MountError)


def app_is_stopping(app) -> bool:
    """The app was asked to exit, or is already closing its screens."""
    return app_is_closing(app) or not app.is_running


def is_going(node) -> bool:
    """True when ``node``, one of its ancestors, or the whole app is being taken down."""
    try:
        app = node.app
    except Exception:  # noqa: BLE001 - no active app: certainly going
        return True
    if app_is_stopping(app):
        return True
    current = node
    while current is not None:
        if node_is_detaching(current):
            return True
        current = parent_of(current)
    return False


def is_teardown_error(node, error: BaseException | None) -> bool:
    """``error`` is only the DOM disappearing under ``node`` (which is going away)."""
    return isinstance(error, TEARDOWN_ERRORS) and is_going(node)


class TeardownGuard(HandlerErrorFilter):
    """Mixin for screens and widgets: a handler (on_mount, on_resize, a timer, a message) that trips
    over children already removed while the node goes away is dropped quietly, not a crash."""

    def handler_error_is_harmless(self, error: Exception, message) -> bool:
        if not isinstance(error, TEARDOWN_ERRORS) or not is_going(self):
            return False
        log.debug("%r is going away; dropped %s while handling %s", self, error, type(message).__name__)
        return True


class ReportsWorkerErrors(TeardownGuard):
    """Mixin: a worker that failed on this node is reported by the app (StateChanged does not bubble);
    one that failed because the node is going away (its widgets half removed) is only logged."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if is_going(self):
            log.debug("%s failed while %r goes away: %r", event.worker.description, self, event.worker.error)
            return
        self.app.report_error(event.worker.error, doing=event.worker.description or None)
