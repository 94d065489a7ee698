"""The shell: modes by number keys, help listing the current screen's keys, the command palette,
key remaps from the config, and errors as notifications rather than tracebacks."""

from __future__ import annotations

import uuid

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.help import HelpScreen
from invokeai_tui.tui.screens.models import ModelsScreen


async def test_modes_and_help_lists_the_current_screens_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_boards(pilot)
        await pilot.press("f1")
        help_screen = await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen, what="help")
        text = str(help_screen.query_one("#help-keys").render())
        assert "Download" in text and "Upload" in text and "Star" in text
        await pilot.press("escape")
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen), what="models mode")
        await pilot.press("question_mark")
        help_screen = await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen, what="help")
        text = str(help_screen.query_one("#help-keys").render())
        assert "Base filter" in text and "Download" not in text
        await pilot.press("escape")
        for key, title in (("4", "Workflows"), ("5", "Queue"), ("2", "Boards"), ("1", "Generate")):
            await pilot.press(key)
            await wait_for(pilot, lambda: app.current_mode == title.lower(), what=f"{title} mode")


async def test_command_palette_jumps_to_a_board(make_app, server_url):
    name = f"palette-{uuid.uuid4().hex[:6]}"
    board_id = helpers.make_board(server_url, name)
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_boards(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            await pilot.press(*f"Board: {name}")
            await pilot.pause(0.8)
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.board_id == board_id, what="the board from the palette")
    finally:
        helpers.delete_board(server_url, board_id)


async def test_key_remap_from_config(make_app, tui_settings, server_url, board):
    name = helpers.upload_png(server_url, board)["image_name"]
    tui_settings.keymap = {"boards.star": "z"}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await wait_for(pilot, lambda: screen.table.current is not None, what="the row")
        screen.table.focus()
        await pilot.press("z")
        await wait_for(pilot, lambda: helpers.api(server_url, "GET", f"/api/v1/images/i/{name}")["starred"],
                       what="star through the remapped key")


async def test_server_error_becomes_a_notification(make_app, server_url, board):
    """An image deleted behind the app's back: the error is a notification, the app carries on."""
    name = helpers.upload_png(server_url, board)["image_name"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await wait_for(pilot, lambda: screen.table.current is not None, what="the row")
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{name}")
        screen.table.focus()
        await pilot.press("f")
        note = await wait_for(pilot, lambda: next((n for n in app._notifications if n.severity != "information"), None),
                              what="an error notification")
        assert "Traceback" not in note.message
        assert name in note.message or "not found" in note.message.lower() or "Not found" in note.title
        assert isinstance(app.screen, BoardsScreen)


async def test_theme_choice_is_saved_to_the_config(make_app, tui_settings):
    from invokeai_tui.config.settings import Settings

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_boards(pilot)
        app.theme = "nord"
        await pilot.pause(0.1)
    assert Settings.load(tui_settings.path).theme == "nord"
