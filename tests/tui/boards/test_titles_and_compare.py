"""Boards titled by what the images are (issue 15): a generated image by its prompt, an upload by
its file name; long board names on one line at 80 and 120 columns; the 80×24 tables keep their
first columns; compare shows two images and the parameters that differ."""

from __future__ import annotations

import uuid

import pytest
from textual.geometry import Region

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.client.metadata_cache import MISSING
from invokeai_tui.generate.service import Generator
from invokeai_tui.tui.screens.compare import CompareScreen
from tests.generate.conftest import generate, tiny_params
from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for

PROMPT = "a lighthouse at dawn, oil painting\nsecond line of the prompt"


async def generate_into(server_url: str, board: str, **values) -> str:
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        params = await tiny_params(Generator(client), "sd-1", board_id=board, **values)
        _prepared, [name] = await generate(Generator(client), params)
    return name


def shown_text(widget) -> str:
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(segment.text for segment in line) for line in lines)


def row_text(table, index: int) -> str:
    return "".join(segment.text for segment in table.render_line(index - int(table.scroll_offset.y)))


async def test_generated_image_titled_by_its_prompt_upload_by_its_file_name(make_app, server_url, board):
    uploaded = helpers.upload_png(server_url, board, width=40, height=30)["image_name"]
    generated = await generate_into(server_url, board, positive_prompt=PROMPT, seed=4242)
    app = make_app()
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 2 and table.record_at(1) is not None, what="two rows")
        await wait_for(pilot, lambda: all(table.metadata.get(n) is not MISSING for n in (generated, uploaded)),
                       what="the metadata of the rows on screen")
        await pilot.pause(0.1)
        rows = {table.record_at(i).image_name: row_text(table, i) for i in range(2)}
        assert "a lighthouse at dawn, oil" in rows[generated]
        assert "second line" not in rows[generated] and generated not in rows[generated]
        assert "tiny-sd15" in rows[generated] and "4242" in rows[generated]  # model and seed at 160 columns
        assert uploaded[:24] in rows[uploaded]  # the file name (cut to the column)
        created = table.record_at(0).created_at.replace("T", " ")[:19]
        assert created in rows[table.record_at(0).image_name]  # the full date and time


@pytest.fixture
def long_boards(server_url):
    names = [f"{chr(65 + i)}{uuid.uuid4().hex[:4]}-" + "long board name " * 4 for i in range(3)]
    names = [name[:60] for name in names]
    ids = [helpers.make_board(server_url, name) for name in names]
    yield names, ids
    for board_id in ids:
        helpers.delete_board(server_url, board_id)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80", "120"])
async def test_board_names_of_60_characters_take_one_line_each(make_app, long_boards, size):
    names, ids = long_boards
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_boards(pilot)
        listing = screen.board_list.listing
        await wait_for(pilot, lambda: all(listing.get_option(i) for i in ids), what="the long boards")
        await pilot.pause(0.1)
        options = [listing.get_option_at_index(i) for i in range(listing.option_count)]
        assert listing.virtual_size.height == len(options)  # one line per board
        width = listing.scrollable_content_region.width
        for index, option in enumerate(options):
            line = "".join(s.text for s in listing.render_line(index - int(listing.scroll_offset.y))).rstrip()
            if option.id in ids and index < listing.size.height:
                assert line.strip().endswith("0") and "…" in line, line  # the name cut, its count kept
                assert len(line) <= width + 2


def fits(table) -> bool:
    """No column cut and scrolled to: the shown columns fit the table's width."""
    shown = sum(c.get_render_width(table) for c in table.columns.values() if c.label.plain not in table.hidden_columns)
    return shown <= table.scrollable_content_region.width and table.styles.overflow_x in ("hidden", "auto")


async def test_80x24_tables_keep_their_first_columns(make_app, server_url, board):
    uploaded = helpers.upload_png(server_url, board, width=40, height=30)["image_name"]
    helpers.run_graph(server_url, helpers.blank_blur_graph(board))  # a queue item to list
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 2 and table.metadata.get(uploaded) is not MISSING, what="rows")
        await pilot.pause(0.1)
        header = str(screen.query_one("#table-header").render())
        assert header.startswith("✓★ title") and "created" in header  # the date shortened, not dropped
        assert all(len(row_text(table, i)) == table.size.width for i in range(2))

        await pilot.press("3")
        models = await wait_for(pilot, lambda: app.screen.query("#model-table") and app.screen.query_one("#model-table"),
                                what="the models table")
        await wait_for(pilot, lambda: models.row_count > 0, what="models")
        await pilot.pause(0.2)
        assert models.hidden_columns and models.hidden_columns <= {"size", "format"} and fits(models)

        await pilot.press("5")
        queue = await wait_for(pilot, lambda: app.screen.query("#queue-table") and app.screen.query_one("#queue-table"),
                               what="the queue table")
        await wait_for(pilot, lambda: queue.row_count > 0, what="queue items")
        await pilot.pause(0.2)
        assert queue.hidden_columns and not queue.hidden_columns & {"Item", "Status", "Origin"} and fits(queue)

        await pilot.press("4")
        library = await wait_for(pilot, lambda: app.screen.query("#wf-list") and app.screen.query_one("#wf-list"),
                                 what="the workflow library")
        await wait_for(pilot, lambda: library.option_count > 0, what="workflows")
        await pilot.pause(0.2)
        assert library.virtual_size.height == library.option_count  # one line per workflow


async def test_compare_shows_two_images_and_their_differing_parameters(make_app, server_url, board):
    first = await generate_into(server_url, board, positive_prompt="a red fox", seed=1)
    second = await generate_into(server_url, board, positive_prompt="a blue fox", seed=2, steps=3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 2 and table.record_at(1) is not None, what="two rows")
        table.focus()
        await pilot.press("c")  # not two selected: a warning, no screen
        await pilot.pause(0.1)
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("space", "space", "c")
        compare = await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.loaded
                                 and app.screen, what="the compare screen")
        assert {r.image_name for r in compare.records} == {first, second}
        assert {"positive_prompt", "seed", "steps"} <= set(compare.differences)
        assert "model" not in compare.differences and "cfg_scale" not in compare.differences
        await wait_for(pilot, lambda: all(p.kind == "thumbnail" for p in compare.query("ImagePreview")),
                       what="both pictures")
        summary = str(compare.query_one("#compare-summary").render())
        assert "seed" in summary and "positive_prompt" in summary
        table_text = shown_text(compare.query_one("#compare-table"))
        assert "≠" in table_text
        for value in ("a red fox", "a blue fox"):
            assert value in table_text
        captions = [str(compare.query_one(f"#compare-caption-{side}").render()) for side in "ab"]
        assert sorted(captions) == ["a blue fox", "a red fox"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="back to Boards")


async def test_grid_captions_are_the_titles_of_the_list(make_app, server_url, board):
    """In the grid a generated image is captioned by its prompt's first line, an upload by its file name."""
    uploaded = helpers.upload_png(server_url, board, width=40, height=30)["image_name"]
    generated = await generate_into(server_url, board, positive_prompt=PROMPT, seed=4243)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 2 and table.record_at(1) is not None, what="two images")
        table.focus()
        await pilot.press("v")
        grid = screen.image_pane.grid
        await wait_for(pilot, lambda: len([c for c in grid.cells if c.record is not None]) == 2, what="the grid")

        def caption(name: str) -> str:
            [cell] = [c for c in grid.cells if c.record is not None and c.record.image_name == name]
            return shown_text(cell.caption)

        await wait_for(pilot, lambda: caption(generated).strip().startswith("a lighthouse"),
                       what="the generated image captioned by its prompt")
        assert "second line" not in caption(generated)
        assert caption(uploaded).strip().startswith(uploaded[:8])  # an upload has no prompt: its file name
