"""FittingDataTable: the least useful columns go first, then the shrink column is cut with an ellipsis."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from invokeai_tui.tui.widgets.fitting_table import MIN_SHRUNK, FittingDataTable

LONG = "tiny-wan-lora-high_noise-with-a-very-long-name"


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield FittingDataTable(drop_order=("size", "format"), shrink="name")

    def on_mount(self) -> None:
        table = self.query_one(FittingDataTable)
        for label in ("name", "base", "type", "format", "size"):
            table.add_column(label, key=label)
        table.add_row(Text(LONG, overflow="ellipsis"), "wan", "wan_t5_encoder", "diffusers", "3.4 MB")
        table.fit_columns()


def shown_width(table: FittingDataTable) -> int:
    return sum(column.get_render_width(table) for column in table.columns.values())


async def render_row(app: App) -> str:
    table = app.query_one(FittingDataTable)
    return "".join(segment.text for segment in table.render_line(1))


async def test_wide_enough_nothing_is_hidden_or_cut():
    app = TableApp()
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(FittingDataTable)
        assert table.hidden_columns == set() and table.shrunk_to is None
        assert LONG in await render_row(app)


async def test_narrow_drops_size_and_format_then_cuts_the_name():
    app = TableApp()
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(FittingDataTable)
        assert table.hidden_columns == {"size", "format"}
        assert table.shrunk_to is not None and table.shrunk_to >= MIN_SHRUNK
        available = table.content_region.width - table.styles.scrollbar_size_vertical
        assert shown_width(table) <= available
        row = await render_row(app)
        assert "…" in row and "wan_t5_encoder" in row and LONG not in row


async def test_the_name_comes_back_whole_when_there_is_room_again():
    app = TableApp()
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(140, 10)
        await pilot.pause()
        table = app.query_one(FittingDataTable)
        assert table.hidden_columns == set() and table.shrunk_to is None
        assert LONG in await render_row(app)
