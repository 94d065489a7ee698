"""What every screen of the app shares: worker errors go to the app's one error handler, and
mode screens get the mode bar, the status bar and the footer."""

from __future__ import annotations

import logging

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from ..lifecycle import ReportsWorkerErrors
from ..widgets.footer import Footer
from ..widgets.mode_bar import ModeBar
from ..widgets.queue_pane import QueueActions
from ..widgets.status_bar import StatusBar

log = logging.getLogger(__name__)


class AppScreen(ReportsWorkerErrors, Screen):
    """A screen that reports its workers' errors."""

    HELP_TITLE = ""


class ModeScreen(AppScreen):
    """A mode's main screen: mode bar on top, the body, then status bar and footer."""

    MODE = ""
    SHOW_QUEUE_PANE = True  # the live queue pane (f2) docks on the right of every mode screen
    # False while the screen fills itself in a way that would overwrite what is typed meanwhile: the
    # app holds keys typed ahead until then (tui/compat.py OrderedInput, at most a few seconds).
    ready_for_keys = True

    DEFAULT_CSS = """
    ModeScreen #mode-main { height: 1fr; }
    ModeScreen #mode-body { width: 1fr; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield ModeBar(self.MODE)
        with Horizontal(id="mode-main"):
            with Vertical(id="mode-body"):
                yield from self.compose_body()
            if self.SHOW_QUEUE_PANE:
                from ..widgets.queue_pane import QueuePane

                yield QueuePane(id="queue-pane")
        yield StatusBar()
        yield Footer()

    @on(QueueActions.ShowItemDetails)
    def _show_queue_item(self, event: QueueActions.ShowItemDetails) -> None:
        event.stop()
        from .queue_item_dialog import QueueItemDialog  # here: that dialog's module imports this one

        self.app.push_screen(QueueItemDialog(event.item_id))

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    @property
    def client(self):
        return self.app.client
