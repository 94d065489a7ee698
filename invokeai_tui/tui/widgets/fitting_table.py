"""A DataTable that fits its width: when the columns are wider than the table, the least useful ones
(``drop_order``, first dropped first) are hidden whole instead of the last one being cut and a
horizontal scroll bar appearing, as the status bar drops its parts. They come back when there is room.
If the rest is still too wide, the ``shrink`` column (e.g. a name, given as Text with
overflow="ellipsis") is narrowed to what is left, never below ``MIN_SHRUNK`` cells."""

from __future__ import annotations

from typing import Sequence

from textual.widgets import DataTable

MIN_SHRUNK = 12


def columns_to_hide(widths: dict[str, int], drop_order: Sequence[str], available: int, padding: int = 2) -> set[str]:
    """The labels to hide so that the rest of ``widths`` (label -> cells, padding included) fit; a
    hidden column still takes its ``padding``."""
    hidden: set[str] = set()
    for label in drop_order:
        if sum(padding if name in hidden else w for name, w in widths.items()) <= available:
            break
        if label in widths:
            hidden.add(label)
    return hidden


class FittingDataTable(DataTable):
    def __init__(self, *args, drop_order: Sequence[str] = (), shrink: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.drop_order = tuple(drop_order)
        self.shrink = shrink
        self.hidden_columns: set[str] = set()
        self.shrunk_to: int | None = None  # the shrink column's width when narrowed, else None

    def fit_columns(self) -> None:
        """Hide or show columns for the current width (after a resize or new rows)."""
        # The vertical scroll bar's room is kept whether it shows yet or not (it comes with rows).
        available = self.content_region.width - self.styles.scrollbar_size_vertical
        if not available or not self.drop_order:
            return
        padding = 2 * self.cell_padding
        columns = {column.label.plain: column for column in self.columns.values()}
        widths = {label: column.content_width + padding for label, column in columns.items()}
        hidden = columns_to_hide(widths, self.drop_order, available, padding)
        shrunk_to = None
        if self.shrink in widths:
            others = sum(padding if name in hidden else w for name, w in widths.items() if name != self.shrink)
            room = available - others - padding
            if widths[self.shrink] - padding > room:
                shrunk_to = max(room, MIN_SHRUNK)
        if hidden == self.hidden_columns and shrunk_to == self.shrunk_to:
            return
        self.hidden_columns, self.shrunk_to = hidden, shrunk_to
        for label, column in columns.items():
            # A hidden column keeps only its padding: the dropped ones are the last or near it.
            column.auto_width = label not in hidden and not (label == self.shrink and shrunk_to)
            column.width = shrunk_to if label == self.shrink and shrunk_to else 0
        # Only blank padding of hidden columns may overflow: no scroll bar for it.
        self.styles.overflow_x = "hidden" if hidden or shrunk_to else "auto"
        self._require_update_dimensions = True
        self.refresh()

    def on_resize(self) -> None:
        self.fit_columns()
