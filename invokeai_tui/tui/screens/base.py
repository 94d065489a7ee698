"""What every screen of the app shares: worker errors go to the app's one error handler, and
mode screens get the mode bar, the status bar and the footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from ..widgets.mode_bar import ModeBar
from ..widgets.status_bar import StatusBar


class ReportsWorkerErrors:
    """Mixin: a worker that failed on this node is reported by the app (StateChanged does not bubble)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_error(event.worker.error, doing=event.worker.description or None)


class AppScreen(ReportsWorkerErrors, Screen):
    """A screen that reports its workers' errors."""

    HELP_TITLE = ""


class ModeScreen(AppScreen):
    """A mode's main screen: mode bar on top, the body, then status bar and footer."""

    MODE = ""

    def compose(self) -> ComposeResult:
        yield ModeBar(self.MODE)
        yield from self.compose_body()
        yield StatusBar()
        yield Footer()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    @property
    def client(self):
        return self.app.client
