"""Queue mode: every item with status, batch, origin and times; the running item's node, progress
and denoise preview; the selected item's facts and error (traceback on demand); and the queue's
actions: cancel an item or a batch, retry, clear, prune, pause and resume."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, Static

from ..queue_monitor import QueueMonitor
from ..widgets.queue_pane import QueueActions
from ..widgets.queue_view import QueueTable, RunningView, status_content
from .base import ModeScreen
from .dialogs import ConfirmDialog
from .queue_item_dialog import item_lines


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
    QueueScreen #detail-scroll { height: 1fr; padding: 0 1; }
    QueueScreen #detail-error { color: $error; height: auto; margin-top: 1; }
    QueueScreen #detail-traceback { display: none; height: auto; margin-top: 1; color: $text-muted; }
    QueueScreen #detail-traceback.-shown { display: block; }
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
                yield Label("Item", classes="pane-title", id="detail-title")
                with VerticalScroll(id="detail-scroll"):
                    yield Static("", id="detail-facts")
                    yield Static("", id="detail-error")
                    yield Static("", id="detail-traceback", markup=False)

    def _queue_table(self) -> QueueTable:
        return self.query_one("#queue-table", QueueTable)

    def on_mount(self) -> None:
        self.monitor = QueueMonitor.of(self.app)
        self.monitor.changed.subscribe(self, self._changed)
        self.watch(self.app, "queue_counts", lambda _v: self._update_title(), init=False)
        self._detail_for: int | None = None
        self._changed("items")
        self.monitor.resync()
        self._queue_table().focus()

    def _changed(self, what: str) -> None:
        snapshot = self.monitor.snapshot()
        if what == "items":
            self._queue_table().show_rows(snapshot.rows)
            self._update_title()
            self._show_detail(force=True)
        self.query_one(RunningView).show(snapshot.progress)

    def _update_title(self) -> None:
        monitor = self.monitor
        parts = [Content.styled(f"Queue · {monitor.total} items", "bold")]
        counts = getattr(self.app, "queue_counts", None)
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
        row = self.monitor.row(item_id) if item_id is not None else None
        if row is None:
            self.query_one("#detail-title", Label).update("Item")
            self.query_one("#detail-facts", Static).update("no item selected")
            self.query_one("#detail-error", Static).update("")
            self.query_one("#detail-traceback", Static).update("")
            return
        self.query_one("#detail-title", Label).update(
            Content.assemble((f"Item {row.item_id}  ", "bold"), status_content(row.status)))
        self.query_one("#detail-facts", Static).update(item_lines(row))
        if row.status == "failed":
            self.load_error(row.item_id)
        else:
            self.query_one("#detail-error", Static).update("")
            self.query_one("#detail-traceback", Static).update("")

    @work(group="queue-detail", exclusive=True, exit_on_error=False, description="read the queue item")
    async def load_error(self, item_id: int) -> None:
        item = await self.monitor.full_item(item_id)
        if self._detail_for != item_id:
            return
        self.query_one("#detail-error", Static).update(
            f"{item.error_type or 'Error'}: {item.error_message or 'no message'}\n(t shows the traceback)")
        self.query_one("#detail-traceback", Static).update(item.error_traceback or "no traceback")

    # -- queue-wide actions ---------------------------------------------------------------------
    def action_toggle_traceback(self) -> None:
        self.query_one("#detail-traceback").toggle_class("-shown")

    def action_toggle_pause(self) -> None:
        self.monitor.toggle_pause()

    def action_prune(self) -> None:
        self.monitor.prune()

    def action_clear(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.monitor.clear()

        self.app.push_screen(
            ConfirmDialog("Clear the queue", "Cancel the running item and delete every queue item?", yes="Clear"),
            confirmed,
        )

    def action_resync(self) -> None:
        self.monitor.resync()
