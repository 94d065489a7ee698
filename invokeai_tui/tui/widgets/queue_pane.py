"""The live queue pane, docked on the right of every mode screen and toggled with one key (f2).

It shows the queue's counts, the running item (node, progress bar, denoise preview) and the
newest items; with its list focused, c cancels the item, b its batch, r retries it and e shows
its error. Everything it draws comes from the app's live-server service (``app.live``).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from ...client.records import RETRYABLE_STATUSES
from ..messages import ProgressFrame, QueueChanged
from .queue_view import QueueTable, RunningView
from .text_update import update_text


class QueueActions:
    """Mixin for a widget or screen with a QueueTable: the item actions, bound to keys."""

    ITEM_BINDINGS = [
        Binding("c", "cancel_item", "Cancel item", id="queue.cancel_item"),
        Binding("b", "cancel_batch", "Cancel batch", id="queue.cancel_batch"),
        Binding("r", "retry_item", "Retry", id="queue.retry"),
        Binding("e", "show_error", "Error", id="queue.error"),
    ]

    class ShowItemDetails(Message):
        """Asks the screen to show an item's details and error (widgets never open screens)."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def _queue_table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def _current_row(self):
        return self.app.live.row(self._queue_table().current_item_id)

    def action_cancel_item(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if row.is_terminal:
            self.app.notify(f"Item {row.item_id} is already {row.status}.", severity="warning", timeout=3)
            return
        self.app.live.cancel_item(row.item_id)

    def action_cancel_batch(self) -> None:
        row = self._current_row()
        if row is not None and row.batch_id:
            self.app.live.cancel_batch(row.batch_id)

    def action_retry_item(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if row.status not in RETRYABLE_STATUSES:
            self.app.notify("Only failed or canceled items can be retried.", severity="warning", timeout=3)
            return
        self.app.live.retry([row.item_id])

    def action_show_error(self) -> None:
        row = self._current_row()
        if row is None:
            return
        self.post_message(QueueActions.ShowItemDetails(row.item_id))


class QueuePane(QueueActions, Vertical):
    DEFAULT_CSS = """
    QueuePane { width: 40; height: 1fr; border-left: solid $panel-lighten-2; display: none; }
    QueuePane.-shown { display: block; }
    QueuePane #pane-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    QueuePane RunningView { padding: 0 1; }
    QueuePane #pane-hint { color: $text-muted; height: 1; padding: 0 1; }
    """
    BINDINGS = QueueActions.ITEM_BINDINGS

    def compose(self) -> ComposeResult:
        yield Static("Queue", id="pane-title")
        yield RunningView(preview_height=9, id="pane-running")
        yield QueueTable(compact=True, id="pane-table")
        yield Static("c cancel·b batch·r retry·e error", id="pane-hint")

    def on_mount(self) -> None:
        self.live = self.app.live
        self.live.subscribe(self)
        self.watch(self.app, "queue_pane_visible", self._visible_changed, init=True)

    def on_unmount(self) -> None:
        self.live.unsubscribe(self)

    def _visible_changed(self, visible: bool) -> None:
        self.set_class(bool(visible), "-shown")
        if visible:
            self.on_queue_changed()

    def on_queue_changed(self, _message: QueueChanged | None = None) -> None:
        if not self.has_class("-shown"):
            return
        self.query_one(QueueTable).show_rows(self.live.rows)
        self._update_title()
        self.query_one(RunningView).show(self.live.progress)

    def on_progress_frame(self, message: ProgressFrame) -> None:
        if self.has_class("-shown"):
            self.query_one(RunningView).show(message.progress)

    def _update_title(self) -> None:
        monitor = self.live
        counts = self.app.queue_counts
        parts = [Content.styled("Queue", "bold")]
        if counts:
            pending, running, _done, failed = counts
            parts.append(Content(f"  {pending} pending · {running} running"))
            if failed:
                parts.append(Content.styled(f" · {failed} failed", "red"))
        if monitor.paused:
            parts.append(Content.styled("  paused", "bold yellow"))
        update_text(self.query_one("#pane-title", Static), Content("").join(parts))  # on every status change

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_error()
