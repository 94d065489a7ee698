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

log = logging.getLogger(__name__)

# What a query or a mount raises when the DOM it expects is being torn down.
TEARDOWN_ERRORS: tuple[type[BaseException], ...] = (NoMatches, WrongType, MountError)


def app_is_stopping(app) -> bool:
    """The app was asked to exit, or is already closing its screens."""
    return bool(getattr(app, "_exit", False)) or not app.is_running or app._closing


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
        if current._closing or current._closed or current._pruning:
            return True
        current = current._parent
    return False


def is_teardown_error(node, error: BaseException | None) -> bool:
    """``error`` is only the DOM disappearing under ``node`` (which is going away)."""
    return isinstance(error, TEARDOWN_ERRORS) and is_going(node)


class TeardownGuard:
    """Mixin for screens and widgets: a handler (on_mount, on_resize, a timer, a message) that trips
    over children already removed while the node goes away is dropped quietly, not a crash."""

    async def _dispatch_message(self, message) -> None:
        try:
            await super()._dispatch_message(message)
        except TEARDOWN_ERRORS as error:
            if not is_going(self):
                raise
            log.debug("%r is going away; dropped %s while handling %s", self, error, type(message).__name__)


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
