"""Pieces shared by the queue pane and the Queue mode: the item table, the running item's progress
(node, bar, denoise preview) and the words for statuses and times."""

from __future__ import annotations

import datetime as _dt
import logging

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from ...client.records import QueueItemSummary
from .. import image_support
from ...client.queue_model import RunningProgress
from .fitting_table import FittingDataTable
from .row_cells import update_row_cells

log = logging.getLogger(__name__)

STATUS_STYLE = {
    "pending": ("·", "yellow"),
    "in_progress": ("▶", "cyan"),
    "completed": ("✓", "green"),
    "failed": ("✗", "red"),
    "canceled": ("⊘", "magenta"),
    "waiting": ("…", "yellow"),
}


def status_content(status: str) -> Content:
    mark, colour = STATUS_STYLE.get(status, ("?", "white"))
    word = "running" if status == "in_progress" else status
    return Content.styled(f"{mark} {word}", colour)


def status_text(status: str) -> Text:
    """The same, as a Rich Text for DataTable cells (which measure Text, not Content)."""
    mark, colour = STATUS_STYLE.get(status, ("?", "white"))
    word = "running" if status == "in_progress" else status
    return Text(f"{mark} {word}", style=colour)


def parse_time(text: str | None) -> _dt.datetime | None:
    if not text:
        return None
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def clock(text: str | None) -> str:
    """The time of day of a server timestamp ("" when missing)."""
    moment = parse_time(text)
    return moment.strftime("%H:%M:%S") if moment else ""


def duration(row: QueueItemSummary) -> str:
    start, end = parse_time(row.started_at), parse_time(row.completed_at)
    if start is None or end is None:
        return ""
    seconds = max(0.0, (end - start).total_seconds())
    return f"{seconds:.1f}s" if seconds < 60 else f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


class QueueTable(FittingDataTable):
    """Queue items, newest first, one row per item (keyed by item id); the cursor stays on its item."""

    DEFAULT_CSS = """
    QueueTable { height: 1fr; }
    """

    def __init__(self, compact: bool = False, id: str | None = None) -> None:
        # Narrow: the times and the batch go first; the item, its status and origin stay.
        super().__init__(id=id, cursor_type="row", zebra_stripes=False,
                         drop_order=("Started", "Batch", "Took", "Created"))
        self.compact = compact
        self.shown_ids: list[int] = []
        self._shown_values: list[tuple[str, ...]] = []
        self._columns: list = []

    def on_mount(self) -> None:
        if self.compact:
            self._columns = self.add_columns("Item", "Status", "Origin")
        else:
            self._columns = self.add_columns("Item", "Status", "Batch", "Origin", "Created", "Started", "Took")

    def _values(self, row: QueueItemSummary) -> tuple[str, ...]:
        origin = row.origin or ""
        if self.compact:
            return (str(row.item_id), row.status, origin[:14])
        return (str(row.item_id), row.status, (row.batch_id or "")[:8], origin, clock(row.created_at),
                clock(row.started_at), duration(row))

    def show_rows(self, rows: list[QueueItemSummary]) -> None:
        ids = [r.item_id for r in rows]
        values = [self._values(r) for r in rows]
        if ids == self.shown_ids and self.row_count == len(ids) and len(self._shown_values) == len(ids):
            # The same items in the same order (a status changed): update only the cells that
            # changed, so a 200-row table is not rebuilt, nor the screen laid out, per event.
            for index, (old, new) in enumerate(zip(self._shown_values, values)):
                changes, wider = {}, False
                for column, (before, after) in enumerate(zip(old, new)):
                    if before != after:
                        cell = status_text(after) if column == 1 else after
                        key = self._columns[column]
                        changes[key] = cell
                        # Wider than the column is now (not than the cell was: "completed" after
                        # "running" fits a column that already holds one): only then are the widths
                        # worked out again, which makes the whole table render again.
                        wider = wider or cell_len(cell.plain if isinstance(cell, Text) else cell) > self.columns[key].content_width
                if wider:  # the column widths change: the whole table is laid out again
                    for column, cell in changes.items():
                        self.update_cell(str(ids[index]), column, cell, update_width=True)
                elif changes:
                    update_row_cells(self, str(ids[index]), changes)
            self._shown_values = values
            self.fit_columns()
            return
        current = self.current_item_id
        self.clear()
        for value in values:
            self.add_row(*(status_text(v) if column == 1 else v for column, v in enumerate(value)), key=value[0])
        self.shown_ids = ids
        self._shown_values = values
        if current is not None and current in self.shown_ids:
            self.move_cursor(row=self.shown_ids.index(current), animate=False)
        self.fit_columns()

    @property
    def current_item_id(self) -> int | None:
        if not self.shown_ids or self.cursor_row is None or not 0 <= self.cursor_row < len(self.shown_ids):
            return None
        return self.shown_ids[self.cursor_row]


def _show(widget: Widget, shown: bool) -> None:
    widget.styles.opacity = 1.0 if shown else 0.0  # a repaint only; unchanged values do nothing


class RunningView(Vertical):
    """The running item: which node, how far, and the latest denoise preview."""

    DEFAULT_CSS = """
    RunningView { height: auto; }
    RunningView #running-text { height: 2; }
    RunningView ProgressBar { height: 1; }
    RunningView ProgressBar Bar { width: 1fr; }
    RunningView #running-preview-box { height: auto; max-height: 14; align: center top; }
    """

    def __init__(self, preview_height: int = 10, id: str | None = None) -> None:
        super().__init__(id=id)
        self.preview_height = preview_height
        self._image_cls = image_support.image_widget_class()
        self.shown_item: int | None = None
        self.shown_frames = 0

    def compose(self) -> ComposeResult:
        yield Static("idle", id="running-text")
        yield ProgressBar(total=100, show_eta=False, id="running-bar")
        with Vertical(id="running-preview-box"):
            if self._image_cls is not None:
                yield self._image_cls(None, id="running-preview")

    def on_mount(self) -> None:
        self.show(None)

    def show(self, progress: RunningProgress | None) -> None:
        text = self.query_one("#running-text", Static)
        bar = self.query_one("#running-bar", ProgressBar)
        preview = self.query("#running-preview")
        # Progress arrives many times a second: the text has a fixed height and the preview a fixed
        # size, so a new frame repaints these widgets instead of laying out the whole screen. The
        # bar and the preview are hidden by opacity (they keep their room), so an item that starts
        # or ends does not move the table below either, and costs no layout pass (changing
        # `visibility` would: Textual lays the whole screen out again for it).
        if progress is None:
            text.update(Content.styled("nothing running", "dim"), layout=False)
            _show(bar, False)
            bar.update(total=100, progress=0)  # an unknown total animates, even unseen
            for widget in preview:
                _show(widget, False)
            self.shown_item, self.shown_frames = None, 0
            return
        words = Content.assemble(("▶ ", "cyan"), (f"item {progress.item_id}", "bold"), "  ", progress.node_text)
        if progress.message:
            words = Content.assemble(words, ("\n" + progress.message, "dim"))
        text.update(words, layout=False)
        _show(bar, True)
        if progress.percentage is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=round(progress.percentage * 100, 1))
        self.shown_item = progress.item_id
        for widget in preview:
            if progress.preview is None:
                _show(widget, False)
                continue
            _show(widget, True)
            if progress.frames != self.shown_frames:
                width, height = progress.preview.size
                rows = self.preview_height
                widget.styles.height = rows  # unchanged values do not lay out again
                widget.styles.width = max(1, round(rows * 2 * width / max(1, height)))
                widget.show_picture(progress.preview)
        self.shown_frames = progress.frames
