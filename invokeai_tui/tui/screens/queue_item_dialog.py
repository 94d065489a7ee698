"""One queue item in a dialog: status, batch, origin, times, and for a failed item its error
message, with the traceback shown on demand (t). The facts are the shared QueueItemDetail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from ..widgets.queue_item_detail import QueueItemDetail, item_lines
from .dialogs import _Dialog

__all__ = ["QueueItemDialog", "item_lines"]


class QueueItemDialog(_Dialog):
    DEFAULT_CSS = """
    QueueItemDialog { align: center middle; }
    QueueItemDialog .dialog { width: 100; }
    QueueItemDialog #item-traceback-box { max-height: 24; }
    QueueItemDialog .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("t", "toggle_traceback", "Traceback", id="queue_item.traceback"),
        Binding("escape,q,enter", "cancel", "Close", id="queue_item.close"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield QueueItemDetail(prefix="item", title_word="Queue item", title_classes="title")
            yield Label("t traceback · esc close", classes="hint")

    @property
    def detail(self) -> QueueItemDetail:
        return self.query_one(QueueItemDetail)

    @property
    def item(self):
        return self.detail.item

    def on_mount(self) -> None:
        self.detail.show_item_id(self.item_id)

    def action_toggle_traceback(self) -> None:
        self.detail.toggle_traceback()
