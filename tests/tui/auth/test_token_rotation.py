"""A remembered login follows the server's token rotation: every X-Refreshed-Token the client adopts
is written back to the saved token file (atomically, 0600); without "remember me" nothing is written,
and a login without it removes a token saved earlier."""

from __future__ import annotations

import stat

from tests.support.app_driving import SIZE, log_in, wait_for
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.config.token_store import load_token, save_token, token_path


async def _rotate(pilot, app) -> str:
    """Make the server rotate the token (any accepted POST does; JWTs differ only a second apart)."""
    before = app.client.token
    await pilot.pause(1.1)
    board = await app.client.board_repo.create_board("rotation-test")
    await app.client.board_repo.delete_board(board.board_id)
    await wait_for(pilot, lambda: app.client.token != before, what="a rotated token")
    return app.client.token


async def test_rotated_token_is_saved_when_remembered(multiuser_server, tui_settings):
    user = multiuser_server["user"]
    app = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, user["email"], user["password"], remember=True)
        path = token_path(app.client.root_url, tui_settings.tokens_dir)
        first = path.read_text()
        rotated = await _rotate(pilot, app)
        assert rotated != first
        assert path.read_text() == rotated, "the rotated token was not written back"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # no half-written files

    # Next start: the saved (rotated) token lets us in, and keeps following rotations.
    again = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, BoardsScreen), timeout=30, what="straight in")
        assert again.client.token == rotated
        newer = await _rotate(pilot, again)
        assert load_token(again.client.root_url, tui_settings.tokens_dir) == newer


async def test_not_remembered_nothing_is_written_and_old_file_goes(multiuser_server, tui_settings):
    user = multiuser_server["user"]
    stale = save_token(multiuser_server["url"].rstrip("/"), "not-a-valid-token", folder=tui_settings.tokens_dir)
    app = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, user["email"], user["password"], remember=False)  # the saved token is refused
        assert stale == token_path(app.client.root_url, tui_settings.tokens_dir)
        assert not stale.exists(), "a login without 'remember me' left an old token on disk"
        await _rotate(pilot, app)
        assert not stale.exists()
