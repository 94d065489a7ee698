"""One queue item in a dialog: status, batch, origin, times, and for a failed item its error
message, with the traceback shown on demand (t)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ..queue_monitor import QueueMonitor
from ..widgets.queue_view import clock, duration, status_content
from .dialogs import _Dialog


def item_lines(item) -> str:
    """The facts of a queue item as plain text lines."""
    lines = [
        f"Batch        {item.batch_id or ''}",
        f"Origin       {item.origin or ''}",
        f"Destination  {item.destination or ''}",
        f"Created      {clock(item.created_at)}",
        f"Started      {clock(item.started_at)}",
        f"Finished     {clock(item.completed_at)}",
    ]
    took = duration(item)
    if took:
        lines.append(f"Took         {took}")
    if getattr(item, "retried_from_item_id", None):
        lines.append(f"Retry of     item {item.retried_from_item_id}")
    return "\n".join(lines)


class QueueItemDialog(_Dialog):
    DEFAULT_CSS = """
    QueueItemDialog { align: center middle; }
    QueueItemDialog .dialog { width: 100; }
    QueueItemDialog #item-error { color: $error; margin-top: 1; height: auto; }
    QueueItemDialog #item-traceback-box { height: auto; max-height: 24; margin-top: 1; display: none; }
    QueueItemDialog #item-traceback-box.-shown { display: block; }
    QueueItemDialog .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("t", "toggle_traceback", "Traceback", id="queue_item.traceback"),
        Binding("escape,q,enter", "cancel", "Close", id="queue_item.close"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.item = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Queue item {self.item_id}", classes="title", id="item-title")
            yield Static("loading…", id="item-facts")
            yield Static("", id="item-error")
            with VerticalScroll(id="item-traceback-box"):
                yield Static("", id="item-traceback", markup=False)
            yield Label("t traceback · esc close", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False, description="read the queue item")
    async def load(self) -> None:
        item = await QueueMonitor.of(self.app).full_item(self.item_id)
        self.item = item
        title = status_content(item.status)
        self.query_one("#item-title", Label).update(f"Queue item {item.item_id}  " + title.plain)
        self.query_one("#item-facts", Static).update(item_lines(item))
        error = self.query_one("#item-error", Static)
        if item.error_type or item.error_message:
            error.update(f"{item.error_type or 'Error'}: {item.error_message or ''}".strip())
        else:
            error.update("no error")
        self.query_one("#item-traceback", Static).update(item.error_traceback or "no traceback")

    def action_toggle_traceback(self) -> None:
        self.query_one("#item-traceback-box").toggle_class("-shown")
