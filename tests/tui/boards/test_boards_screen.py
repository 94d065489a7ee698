"""The boards screen against the real server: paging 1,000 images, preview, download, upload,
star, move, delete, creating and deleting boards, and images from the queue appearing live."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for
from invokeai_tui.tui.screens.dialogs import ConfirmDialog, DeleteBoardDialog, PickDialog, TextPromptDialog


@pytest.fixture(scope="session")
def thousand_board(server_url):
    """A board holding 1,000 images, made by one fan-out queue item (no per-image round trips)."""
    board_id = helpers.make_board(server_url, f"thousand-{uuid.uuid4().hex[:6]}")
    item = helpers.run_graph(server_url, helpers.fan_out_graph(board_id, 1000, size=8), timeout=900)
    assert item["status"] == "completed", item.get("error_message")
    names = helpers.board_image_names(server_url, board_id)
    assert len(names) == 1000
    yield board_id
    helpers.delete_board(server_url, board_id)


def newest_and_oldest(server_url, board_id):
    def first(direction):
        page = helpers.api(server_url, "GET", "/api/v1/images/", params={
            "board_id": board_id, "limit": 1, "order_dir": direction, "starred_first": "false",
            "is_intermediate": "false"})
        return page["items"][0]["image_name"]

    return first("DESC"), first("ASC")


async def test_page_to_the_end_of_1000_images(make_app, server_url, thousand_board):
    newest, oldest = newest_and_oldest(server_url, thousand_board)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, thousand_board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 1000, what="total of 1000")
        assert table.record_at(0).image_name == newest
        table.focus()
        # Page down through the whole board, as a person holding pagedown would.
        started = time.monotonic()
        while table.cursor < 999:
            await pilot.press("pagedown")
            await wait_for(pilot, lambda: table.current is not None, what=f"row {table.cursor}")
        assert time.monotonic() - started < 60
        assert table.current.image_name == oldest
        # Only a bounded number of pages is kept in memory.
        assert len(table.cache.cached_pages) <= table.cache.max_pages
        # Home and End jump without loading the pages in between.
        await pilot.press("g")
        await wait_for(pilot, lambda: table.current is not None and table.current.image_name == newest, what="top")
        table.cache.reset()
        await pilot.press("G")
        await wait_for(pilot, lambda: table.current is not None, what="the last row after a jump")
        assert table.current.image_name == oldest
        assert len(table.cache.cached_pages) <= 2


async def test_preview_thumbnail_then_full_and_metadata(make_app, server_url, board):
    uploaded = helpers.upload_png(server_url, board, width=40, height=30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        preview = screen.query_one("#preview")
        await wait_for(pilot, lambda: preview.showing == uploaded["image_name"] and preview.kind == "thumbnail",
                       what="the thumbnail")
        text = await wait_for(pilot, lambda: uploaded["image_name"] in str(screen.query_one("#metadata-text").render())
                              and str(screen.query_one("#metadata-text").render()), what="the metadata")
        assert "40×30" in text and "Board" in text
        screen.table.focus()
        await pilot.press("f")
        await wait_for(pilot, lambda: preview.kind == "full", what="the full image")
        assert preview.showing == uploaded["image_name"]


async def test_an_empty_board_says_so_in_the_caption_and_the_picture_keeps_its_place(make_app, server_url, board):
    """Switching boards never turns the preview into words and back (each a layout pass of the whole
    screen): an empty board is said in the caption line, once its (empty) first page is in."""
    uploaded = helpers.upload_png(server_url, board, width=40, height=30)
    empty = helpers.make_board(server_url)
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_boards(pilot, board)
            preview = screen.query_one("#preview")
            words, picture = preview.query_one("#preview-text"), preview.query_one("#preview-image")
            await wait_for(pilot, lambda: preview.showing == uploaded["image_name"], what="the thumbnail")
            caption = preview.query_one("#preview-caption")
            screen.select_board(empty)
            await wait_for(pilot, lambda: "nothing on this board" in str(caption.render()), what="the empty board said")
            assert screen.table.total == 0 and picture.display and not words.display
            screen.select_board(board)
            await wait_for(pilot, lambda: preview.showing == uploaded["image_name"], what="the thumbnail again")
            assert picture.display and not words.display
    finally:
        helpers.delete_board(server_url, empty)


async def test_download_is_byte_identical_and_never_overwrites(make_app, server_url, board, tui_settings):
    uploaded = helpers.upload_png(server_url, board, width=20, height=10, color=(1, 2, 3))
    name = uploaded["image_name"]
    expected = httpx.get(f"{server_url}/api/v1/images/i/{name}/full", timeout=30).content
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await wait_for(pilot, lambda: screen.table.current is not None, what="the image row")
        screen.table.focus()
        await pilot.press("w")
        folder = tui_settings.download_dir
        await wait_for(pilot, lambda: (folder / name).exists(), what="the downloaded file")
        assert (folder / name).read_bytes() == expected
        await pilot.press("w")
        stem, suffix = name.rsplit(".", 1)
        await wait_for(pilot, lambda: (folder / f"{stem} (1).{suffix}").exists(), what="the second download")
        assert (folder / name).read_bytes() == expected
        assert sorted(p.name for p in folder.iterdir()) == sorted([name, f"{stem} (1).{suffix}"])


async def test_upload_with_path_completion_and_refusal_of_non_images(make_app, server_url, board, tmp_path):
    picture = tmp_path / "my-picture.png"
    picture.write_bytes(helpers.png_bytes(12, 12, (200, 0, 0)))
    (tmp_path / "notes.txt").write_text("not an image")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        screen.table.focus()
        await pilot.press("u")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
        field = dialog.query_one("Input")
        field.value = str(tmp_path / "my-pi")
        await wait_for(pilot, lambda: field._suggestion == str(picture), what="the completion")
        await pilot.press("right")  # accept the suggestion
        assert field.value == str(picture)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(helpers.board_image_names(server_url, board)) == 1, what="the upload")
        await wait_for(pilot, lambda: screen.table.total == 1, what="the table to show it")
        # A text file is refused with a message, and nothing is sent.
        await pilot.press("u")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
        dialog.query_one("Input").value = str(tmp_path / "notes.txt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("image" in n.message.lower() and n.severity in ("warning", "error")
                                          for n in app._notifications), what="the refusal")
        assert len(helpers.board_image_names(server_url, board)) == 1


async def test_star_move_and_delete(make_app, server_url, board):
    target = helpers.make_board(server_url, f"target-{uuid.uuid4().hex[:6]}")
    try:
        first = helpers.upload_png(server_url, board)["image_name"]
        second = helpers.upload_png(server_url, board)["image_name"]
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_boards(pilot, board)
            table = screen.table
            await wait_for(pilot, lambda: table.total == 2 and table.current is not None, what="two images")
            table.focus()
            # Star the image under the cursor.
            starred_name = table.current.image_name
            await pilot.press("s")
            await wait_for(pilot, lambda: helpers.api(server_url, "GET", f"/api/v1/images/i/{starred_name}")["starred"],
                           what="the star on the server")
            await wait_for(pilot, lambda: table.record_at(0).starred, what="the star in the table")
            # Unstar it again with the same key.
            await pilot.press("s")
            await wait_for(pilot, lambda: not helpers.api(server_url, "GET", f"/api/v1/images/i/{starred_name}")["starred"],
                           what="the unstar")
            # Move it to the other board through the picker.
            await pilot.press("m")
            picker = await wait_for(pilot, lambda: isinstance(app.screen, PickDialog) and app.screen, what="picker")
            options = picker.query_one("OptionList")
            index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == target)
            options.highlighted = index
            await pilot.press("enter")
            await wait_for(pilot, lambda: helpers.board_image_names(server_url, target) == [starred_name],
                           what="the move")
            await wait_for(pilot, lambda: table.total == 1, what="the table to drop it")
            # Delete the other one, confirming.
            remaining = table.current.image_name
            assert remaining in (first, second) and remaining != starred_name
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
            await pilot.press("y")
            await wait_for(pilot, lambda: httpx.get(f"{server_url}/api/v1/images/i/{remaining}").status_code == 404,
                           what="the deletion")
            await wait_for(pilot, lambda: table.total == 0, what="an empty table")
    finally:
        helpers.delete_board(server_url, target)


async def test_bulk_select_and_star(make_app, server_url, board):
    names = {helpers.upload_png(server_url, board)["image_name"] for _ in range(3)}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        table = screen.table
        await wait_for(pilot, lambda: table.total == 3 and table.record_at(2) is not None, what="three rows")
        table.focus()
        await pilot.press("space", "space")
        assert len(table.marked) == 2
        await pilot.press("s")
        await wait_for(pilot, lambda: sum(helpers.api(server_url, "GET", f"/api/v1/images/i/{n}")["starred"]
                                          for n in names) == 2, what="two stars")


async def test_create_rename_and_delete_a_board(make_app, server_url):
    name = f"made-in-tui-{uuid.uuid4().hex[:6]}"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot)
        await pilot.press("n")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
        dialog.query_one("Input").value = name
        await pilot.press("enter")

        def find():
            return [b for b in helpers.api(server_url, "GET", "/api/v1/boards/", params={"all": "true"})
                    if b["board_name"] == name]

        created = (await wait_for(pilot, find, what="the new board"))[0]
        await wait_for(pilot, lambda: screen.board_id == created["board_id"], what="the new board selected")
        helpers.upload_png(server_url, created["board_id"])
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteBoardDialog), what="the delete dialog")
        await pilot.click("#keep")
        await wait_for(pilot, lambda: not find(), what="the board to go")
        await wait_for(pilot, lambda: screen.board_id == "none", what="back on Uncategorized")


async def test_images_from_the_queue_appear_without_refresh(make_app, server_url, board):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await wait_for(pilot, lambda: app.connection_state == "live", what="live events")
        assert screen.table.total == 0
        helpers.run_graph(server_url, helpers.blank_blur_graph(board))
        await wait_for(pilot, lambda: screen.table.total == 1 and screen.table.current is not None,
                       what="the new image in the table")


async def test_rename_archive_and_show_archived(make_app, server_url, board):
    new_name = f"renamed-{uuid.uuid4().hex[:6]}"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await pilot.press("R")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
        dialog.query_one("Input").value = new_name
        await pilot.press("enter")
        await wait_for(pilot, lambda: helpers.api(server_url, "GET", f"/api/v1/boards/{board}")["board_name"] == new_name,
                       what="the rename")
        await wait_for(pilot, lambda: screen.current_board and screen.current_board.board_name == new_name,
                       what="the new name in the list")
        # Archive: the board leaves the list (archived ones are hidden) ...
        await pilot.press("a")
        await wait_for(pilot, lambda: helpers.api(server_url, "GET", f"/api/v1/boards/{board}")["archived"],
                       what="archived on the server")
        await wait_for(pilot, lambda: all(b.board_id != board for b in screen.boards), what="hidden when archived")
        # ... and comes back with h, marked archived; a second a unarchives it.
        await pilot.press("h")
        await wait_for(pilot, lambda: any(b.board_id == board and b.archived for b in screen.boards),
                       what="shown with archived boards")
        screen.select_board(board)
        await wait_for(pilot, lambda: screen.board_id == board, what="the archived board selected")
        await pilot.press("a")
        await wait_for(pilot, lambda: not helpers.api(server_url, "GET", f"/api/v1/boards/{board}")["archived"],
                       what="unarchived on the server")
