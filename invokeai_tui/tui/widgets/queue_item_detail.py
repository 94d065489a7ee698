"""One queue item's facts: status, batch, origin, destination, times, and for a failed item its
error, with the traceback shown on demand. The Queue mode's detail pane and the item dialog are
both this widget; the whole item is read through ``app.live.full_item`` (kept once finished)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from ...client.records import QueueItem, QueueItemSummary
from .queue_view import clock, duration, status_content


def item_lines(item: QueueItemSummary) -> str:
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


def error_text(item: QueueItem) -> str:
    if not (item.error_type or item.error_message):
        return "no error"
    return f"{item.error_type or 'Error'}: {item.error_message or 'no message'}\n(t shows the traceback)"


class QueueItemDetail(Vertical):
    """Children are named ``{prefix}-title``, ``-facts``, ``-error``, ``-traceback-box`` and
    ``-traceback``, so two of them (pane and dialog) never share an id on one screen."""

    DEFAULT_CSS = """
    QueueItemDetail { height: auto; }
    QueueItemDetail .detail-body { height: auto; }
    QueueItemDetail .detail-error { color: $error; height: auto; margin-top: 1; }
    QueueItemDetail .detail-traceback-box { height: auto; margin-top: 1; display: none; }
    QueueItemDetail .detail-traceback-box.-shown { display: block; }
    QueueItemDetail .detail-traceback { color: $text-muted; }
    """

    def __init__(self, *, prefix: str, title_word: str = "Item", title_classes: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.prefix = prefix
        self.title_word = title_word
        self.title_classes = title_classes
        self.item_id: int | None = None
        self.item: QueueItem | None = None

    def compose(self) -> ComposeResult:
        p = self.prefix
        yield Label(self.title_word, classes=self.title_classes, id=f"{p}-title")
        with VerticalScroll(id=f"{p}-body", classes="detail-body"):
            yield Static("", id=f"{p}-facts")
            yield Static("", id=f"{p}-error", classes="detail-error")
            with VerticalScroll(id=f"{p}-traceback-box", classes="detail-traceback-box"):
                yield Static("", id=f"{p}-traceback", classes="detail-traceback", markup=False)

    def _part(self, name: str) -> Static:
        return self.query_one(f"#{self.prefix}-{name}", Static)

    def _title(self, item_id: int, status: str) -> Content:
        return Content.assemble((f"{self.title_word} {item_id}  ", "bold"), status_content(status))

    def show_row(self, row: QueueItemSummary | None) -> None:
        """A row of the live queue, drawn at once; a failed one's error is read after."""
        self.item_id, self.item = (row.item_id if row is not None else None), None
        if row is None:
            self.query_one(f"#{self.prefix}-title", Label).update(self.title_word)
            self._part("facts").update("no item selected")
            self._clear_error()
            return
        self.query_one(f"#{self.prefix}-title", Label).update(self._title(row.item_id, row.status))
        self._part("facts").update(item_lines(row))
        if row.status == "failed":
            self.load(row.item_id)
        else:
            self._clear_error()

    def show_item_id(self, item_id: int) -> None:
        """Read the whole item and draw it (the dialog)."""
        self.item_id = item_id
        self.query_one(f"#{self.prefix}-title", Label).update(f"{self.title_word} {item_id}")
        self._part("facts").update("loading…")
        self.load(item_id)

    def _clear_error(self) -> None:
        self._part("error").update("")
        self._part("traceback").update("")

    @work(group="queue-detail", exclusive=True, exit_on_error=False, description="read the queue item")
    async def load(self, item_id: int) -> None:
        item = await self.app.live.full_item(item_id)
        if self.item_id != item_id:
            return  # another item was picked meanwhile
        self.item = item
        self.query_one(f"#{self.prefix}-title", Label).update(self._title(item.item_id, item.status))
        self._part("facts").update(item_lines(item))
        self._part("error").update(error_text(item))
        self._part("traceback").update(item.error_traceback or "no traceback")

    def toggle_traceback(self) -> None:
        self.query_one(f"#{self.prefix}-traceback-box").toggle_class("-shown")
