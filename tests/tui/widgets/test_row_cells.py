"""update_row_cells redraws only the changed row; DataTable.update_cell (pinned Textual) redraws all."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from invokeai_tui.tui.widgets.row_cells import update_row_cells

ROWS = 12


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.columns = table.add_columns("Item", "Status")
        for index in range(ROWS):
            table.add_row(str(index), "pending", key=str(index))


def count_rendered_rows(table: DataTable, monkeypatch) -> list:
    rendered = []
    original = table._render_line_in_row

    def counting(row_key, *args, **kwargs):
        rendered.append(row_key.value)
        return original(row_key, *args, **kwargs)

    monkeypatch.setattr(table, "_render_line_in_row", counting)
    return rendered


def table_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # the screen's lines


@pytest.mark.asyncio
async def test_one_row_is_redrawn_and_shows_its_new_value(monkeypatch):
    app = TableApp()
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        rendered = count_rendered_rows(table, monkeypatch)
        update_row_cells(table, "5", {app.columns[1]: "running"})
        await pilot.pause()
        assert set(rendered) == {"5"}
        assert table.get_row("5") == ["5", "running"] and table.get_row("4") == ["4", "pending"]
        lines = [line for line in table_text(app).splitlines() if line.strip().startswith("5 ")]
        assert lines and "running" in lines[0]


@pytest.mark.asyncio
async def test_pin_update_cell_redraws_every_visible_row(monkeypatch):
    """Why update_row_cells exists; when a Textual upgrade makes this fail, drop it for update_cell."""
    app = TableApp()
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        rendered = count_rendered_rows(table, monkeypatch)
        table.update_cell("5", app.columns[1], "running")
        await pilot.pause()
        assert set(rendered) >= {str(index) for index in range(ROWS)}


class QueueApp(App):
    def compose(self) -> ComposeResult:
        from invokeai_tui.tui.widgets.queue_view import QueueTable

        yield QueueTable(compact=True)


def summaries(statuses: list[str]):
    from invokeai_tui.client.records import QueueItemSummary

    return [QueueItemSummary(item_id=100 - index, status=status, origin="workflows")
            for index, status in enumerate(statuses)]


@pytest.mark.asyncio
async def test_queue_status_that_fits_its_column_redraws_one_row(monkeypatch):
    """A run finishing beside finished ones: "completed" fits the column as it is, so only its row is
    drawn again (not every visible row, as working the widths out again does)."""
    from invokeai_tui.tui.widgets.queue_view import QueueTable

    app = QueueApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(QueueTable)
        table.show_rows(summaries(["in_progress"] + ["completed"] * 10))
        await pilot.pause()
        rendered = count_rendered_rows(table, monkeypatch)
        table.show_rows(summaries(["completed"] * 11))
        await pilot.pause()
        assert set(rendered) == {"100"}
        row = next(line for line in table_text(app).splitlines() if line.strip().startswith("100"))
        assert "completed" in row


@pytest.mark.asyncio
async def test_queue_status_wider_than_its_column_is_shown_whole(monkeypatch):
    from invokeai_tui.tui.widgets.queue_view import QueueTable

    app = QueueApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(QueueTable)
        table.show_rows(summaries(["pending"] * 4))
        await pilot.pause()
        table.show_rows(summaries(["completed"] + ["pending"] * 3))
        await pilot.pause()
        row = next(line for line in table_text(app).splitlines() if line.strip().startswith("100"))
        assert "completed" in row  # the column grew: the word is not cut
