"""Queue mode: every item with status, batch, origin and times; the running item's node, progress
and denoise preview; the selected item's facts and error (traceback on demand); and the queue's
actions: cancel an item or a batch, retry, clear, prune, pause and resume."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Label

from ..messages import ProgressFrame, QueueChanged
from ..widgets.queue_item_detail import QueueItemDetail
from ..widgets.queue_pane import QueueActions
from ..widgets.queue_view import QueueTable, RunningView
from .base import ModeScreen
from .dialogs import ConfirmDialog


class QueueScreen(QueueActions, ModeScreen):
    MODE = "queue"
    HELP_TITLE = "Queue"
    SHOW_QUEUE_PANE = False  # this screen is the queue
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    QueueScreen #queue-body { height: 1fr; }
    QueueScreen #queue-list { width: 1fr; }
    QueueScreen .pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    QueueScreen #queue-detail { width: 48; border-left: solid $panel-lighten-2; }
    QueueScreen.-narrow #queue-detail { width: 34; }
    QueueScreen RunningView { padding: 0 1; }
    QueueScreen QueueItemDetail { height: 1fr; }
    QueueScreen #detail-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = QueueActions.ITEM_BINDINGS + [
        Binding("t", "toggle_traceback", "Traceback", id="queue.traceback"),
        Binding("space", "toggle_pause", "Pause/resume", id="queue.pause"),
        Binding("P", "prune", "Prune", id="queue.prune"),
        Binding("C", "clear", "Clear", id="queue.clear"),
        Binding("ctrl+r", "resync", "Refresh", show=False, id="queue.refresh"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="queue-body"):
            with Vertical(id="queue-list"):
                yield Label("Queue", classes="pane-title", id="queue-title")
                yield QueueTable(id="queue-table")
            with Vertical(id="queue-detail"):
                yield Label("Running", classes="pane-title")
                yield RunningView(preview_height=12, id="queue-running")
                yield QueueItemDetail(prefix="detail", title_classes="pane-title")

    def _queue_table(self) -> QueueTable:
        return self.query_one("#queue-table", QueueTable)

    @property
    def detail(self) -> QueueItemDetail:
        return self.query_one(QueueItemDetail)

    def on_mount(self) -> None:
        self.live = self.app.live
        self.live.subscribe(self)
        self._detail_for: int | None = None
        self.on_queue_changed()
        self.live.resync()
        self._queue_table().focus()

    def on_unmount(self) -> None:
        self.live.unsubscribe(self)

    def on_queue_changed(self, _message: QueueChanged | None = None) -> None:
        self._queue_table().show_rows(self.live.rows)
        self._update_title()
        self._show_detail(force=True)
        self.query_one(RunningView).show(self.live.progress)

    def on_progress_frame(self, message: ProgressFrame) -> None:
        self.query_one(RunningView).show(message.progress)

    def _update_title(self) -> None:
        monitor = self.live
        parts = [Content.styled(f"Queue · {monitor.total} items", "bold")]
        counts = self.app.queue_counts
        if counts:
            pending, running, done, failed = counts
            parts.append(Content(f" · {pending} pending · {running} running · {done} done · {failed} failed"))
        parts.append(Content.styled("  PAUSED (space resumes)", "bold yellow") if monitor.paused
                     else Content.styled("  processing", "dim"))
        self.query_one("#queue-title", Label).update(Content("").join(parts))

    @on(DataTable.RowHighlighted, "#queue-table")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#queue-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_error()

    def _show_detail(self, force: bool = False) -> None:
        item_id = self._queue_table().current_item_id
        if item_id == self._detail_for and not force:
            return
        self._detail_for = item_id
        self.detail.show_row(self.live.row(item_id))

    # -- queue-wide actions ---------------------------------------------------------------------
    def action_toggle_traceback(self) -> None:
        self.detail.toggle_traceback()

    def action_toggle_pause(self) -> None:
        self.live.toggle_pause()

    def action_prune(self) -> None:
        self.live.prune()

    def action_clear(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.live.clear()

        self.app.push_screen(
            ConfirmDialog("Clear the queue", "Cancel the running item and delete every queue item?", yes="Clear"),
            confirmed,
        )

    def action_resync(self) -> None:
        self.live.resync()
