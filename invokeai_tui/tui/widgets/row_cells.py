"""Change cells of one DataTable row and redraw that row alone.

DataTable.update_cell (Textual 8.2.8) bumps `_update_count`, which every render cache is keyed on, and
refreshes the whole widget: one status change re-renders every visible line. For the queue table that
was 15-50 ms of the frame that also draws a finished run's thumbnail (bench/README.md, `generate`).
Here only the changed row's cache entries go and only its region is refreshed. Private attributes of
the pinned DataTable are used; tests/tui/widgets/test_row_cells.py pins both behaviours.
"""

from __future__ import annotations

from typing import Mapping

from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def update_row_cells(table: DataTable, row_key: str | RowKey, changes: Mapping[ColumnKey, object]) -> None:
    """Set `changes` (column key -> new value) in one row; the caller keeps the column widths valid
    (a wider value needs DataTable.update_cell(..., update_width=True) instead)."""
    key = row_key if isinstance(row_key, RowKey) else RowKey(row_key)
    row = table._data[key]
    for column, value in changes.items():
        row[column] = value
    for cache in (table._row_render_cache, table._cell_render_cache):
        for cache_key in [k for k in cache.keys() if k[0] == key]:
            cache.discard(cache_key)
    index = table.get_row_index(key)
    for cache_key in [k for k in table._row_renderable_cache.keys() if k[1] == index]:  # (update count, row index)
        table._row_renderable_cache.discard(cache_key)
    stale_lines = []
    for cache_key in table._line_cache.keys():
        try:
            if table._get_offsets(cache_key[0])[0] == key:
                stale_lines.append(cache_key)
        except LookupError:
            continue
    for cache_key in stale_lines:
        table._line_cache.discard(cache_key)
    table.refresh_row(index)
