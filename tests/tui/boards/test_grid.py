"""The grid view of Boards against the real server: paging a 10,000-image board to the end, switching
list <-> grid on the same image, the actions from the grid, and the choice kept across restarts."""

from __future__ import annotations

import uuid

import pytest

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.load_data import ensure_board_with_images
from invokeai_tui.config.settings import Settings
from invokeai_tui.tui.screens.dialogs import PickDialog

BIG = 10_000


@pytest.fixture(scope="module")
def big_board(server_url):
    return ensure_board_with_images(server_url, BIG)  # shared with test_load (kept while the server runs)


async def open_grid(pilot, board_id):
    screen = await open_boards(pilot, board_id)
    pane = screen.image_pane
    if not pane.grid_shown:
        pane.view.focus()
        await pilot.press("v")
    grid = pane.grid
    await wait_for(pilot, lambda: grid.cells and grid.cells[0].record is not None, what="the grid's first cells")
    grid.focus()
    return screen, grid


def drawn(grid) -> bool:
    return grid.thumbnails_shown() and grid.cells[0].record is not None


async def test_grid_pages_through_a_10k_board(make_app, server_url, big_board):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, grid = await open_grid(pilot, big_board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == BIG and drawn(grid), what="the first page with thumbnails")
        per_page = grid.per_page
        assert per_page >= 4 and len(grid.cells) == per_page  # only the cells on screen exist
        # Page down: the next page of images, the cursor a page further on.
        for page in range(1, 6):
            await pilot.press("pagedown")
            await wait_for(pilot, lambda: table.cursor == page * per_page and drawn(grid), what=f"page {page}")
            assert grid.cells[0].index == grid.top_row * grid.columns
        # The end: one jump, the last image under the cursor, in the last cell drawn.
        await pilot.press("G")
        await wait_for(pilot, lambda: table.cursor == BIG - 1 and drawn(grid), what="the last image")
        assert any(c.index == BIG - 1 and c.record is not None for c in grid.cells)
        assert table.record_at(BIG - 1).image_name == table.current.image_name
        # Paging down at the end stays there; up and g go back.
        await pilot.press("pagedown")
        assert table.cursor == BIG - 1
        await pilot.press("pageup")
        await wait_for(pilot, lambda: table.cursor == BIG - 1 - per_page and drawn(grid), what="a page up")
        # Back to the list at the end: it shows the image the grid was on.
        await pilot.press("v")
        await wait_for(pilot, lambda: table.display and table.size.height > 0
                       and table.scroll_offset.y <= BIG - 1 - per_page < table.scroll_offset.y + table.size.height,
                       what="the list scrolled to the cursor")
        await pilot.press("v")
        await wait_for(pilot, lambda: grid.display and drawn(grid), what="the grid again")
        await pilot.press("g")
        await wait_for(pilot, lambda: table.cursor == 0 and drawn(grid), what="the top again")
        # The 10,000 records were never all loaded: a bounded number of pages is kept.
        assert len(table.cache.cached_pages) <= table.cache.max_pages
        assert len(app.thumbnails) <= 64


async def test_switching_keeps_the_cursor_image_and_is_remembered(make_app, server_url, board, tui_settings):
    names = [helpers.upload_png(server_url, board, 24 + 8 * i, 24)["image_name"] for i in range(5)]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 5 and table.record_at(4) is not None, what="five images")
        table.focus()
        await pilot.press("j")
        on = table.current.image_name
        await pilot.press("v")
        grid = screen.image_pane.grid
        await wait_for(pilot, lambda: grid.cells and drawn(grid), what="the grid")
        assert screen.image_pane.grid_shown and grid.has_focus and not table.display
        cursor_cells = [c for c in grid.cells if c.has_class("-cursor")]
        assert [c.record.image_name for c in cursor_cells] == [on]
        # hjkl move in the grid; the list then opens on the image the grid was on.
        assert grid.columns >= 3
        await pilot.press("l")
        on = table.current.image_name
        assert table.cursor == 2
        await pilot.press("h", "l")
        assert table.cursor == 2
        await pilot.press("v")
        await pilot.pause(0.1)
        assert table.display and table.has_focus and table.current.image_name == on
        assert sorted(names) == sorted(table.record_at(i).image_name for i in range(5))
        await pilot.press("v")  # grid again: saved in the config file
        await wait_for(pilot, lambda: grid.display and grid.cells, what="the grid again")
    assert Settings.load(tui_settings.path).boards_view == "grid"
    assert 'boards_view = "grid"' in tui_settings.path.read_text()

    # A restart opens Boards in the grid.
    again = make_app()
    again.settings = Settings.load(tui_settings.path)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        grid = screen.image_pane.grid
        await wait_for(pilot, lambda: screen.image_pane.grid_shown and grid.cells and drawn(grid), what="grid")
        assert not screen.table.display


async def test_star_and_move_several_from_the_grid(make_app, server_url, board):
    target = helpers.make_board(server_url, f"grid-target-{uuid.uuid4().hex[:6]}")
    try:
        for i in range(3):
            helpers.upload_png(server_url, board, 32, 32 + 8 * i)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen, grid = await open_grid(pilot, board)
            table = screen.table
            await wait_for(pilot, lambda: table.total == 3 and drawn(grid), what="three images")
            # Star the image under the cursor: the server and the caption say so.
            name = table.current.image_name
            await pilot.press("s")
            await wait_for(pilot, lambda: helpers.api(server_url, "GET", f"/api/v1/images/i/{name}")["starred"],
                           what="the star on the server")
            await wait_for(pilot, lambda: "★" in str(grid.cells[0].caption.render()), what="the star in the grid")
            # Select two (space marks and steps on), move them through the picker.
            await pilot.press("space", "space")
            marked = set(table.marked)
            assert len(marked) == 2 and name in marked
            assert "✓" in str(grid.cells[1].caption.render())
            await pilot.press("m")
            picker = await wait_for(pilot, lambda: isinstance(app.screen, PickDialog) and app.screen, what="picker")
            options = picker.query_one("OptionList")
            options.highlighted = next(i for i in range(options.option_count)
                                       if options.get_option_at_index(i).id == target)
            await pilot.press("enter")
            await wait_for(pilot, lambda: set(helpers.board_image_names(server_url, target)) == marked,
                           what="the move")
            await wait_for(pilot, lambda: table.total == 1 and drawn(grid), what="the grid to drop them")
            assert grid.cells[0].record.image_name not in marked
            assert grid.cells[1].empty
    finally:
        helpers.delete_board(server_url, target)


async def test_plain_grid_when_images_are_off(make_app, server_url, board, monkeypatch):
    from invokeai_tui.tui import image_support

    monkeypatch.setattr(image_support, "_chosen", None)  # --image-protocol none
    name = helpers.upload_png(server_url, board, 40, 24)["image_name"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, grid = await open_grid(pilot, board)
        assert grid.plain and grid.cells[0].image is None
        await wait_for(pilot, lambda: grid.cells[0].record is not None and grid.cells[0].record.image_name == name,
                       what="the caption")
        cell = grid.cells[0]
        assert str(cell.caption.render()).startswith(name[:10]) and str(cell.size_line.render()) == "40×24"
        assert grid.per_page > 9  # captions only: many more images on a page than thumbnails
