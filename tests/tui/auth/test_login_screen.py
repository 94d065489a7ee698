"""The login screen on a real multi-user server: wrong password, login, token saved only on request."""

from __future__ import annotations

import stat

from tests.support.app_driving import SIZE, log_in, login_screen, submit_login, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.login import LoginScreen


async def test_login_wrong_password_then_right_one(multiuser_server, tui_settings):
    from invokeai_tui.tui.app import InvokeAITUI

    user = multiuser_server["user"]
    app = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await login_screen(pilot)
        await submit_login(pilot, screen, user["email"], "wrong-password")
        error = await wait_for(pilot, lambda: (text := str(screen.query_one("#login-error").render()))
                               and text != "Logging in …" and text, what="the error")
        assert "Traceback" not in error and "password" in error.lower()
        assert isinstance(app.screen, LoginScreen)
        await submit_login(pilot, screen, user["email"], user["password"])
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="the boards screen")
        await wait_for(pilot, lambda: app.connection_state == "live", what="live events with the token")
        assert app.user_label
        # Not asked to remember: nothing written.
        assert not tui_settings.tokens_dir.exists() or not any(tui_settings.tokens_dir.iterdir())


async def test_remembered_login_is_0600_and_reused(multiuser_server, tui_settings):
    from invokeai_tui.tui.app import InvokeAITUI

    user = multiuser_server["user"]
    app = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, user["email"], user["password"], remember=True)
        await wait_for(pilot, lambda: app.connection_state == "live", what="live events")
    files = list(tui_settings.tokens_dir.iterdir())
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert user["password"] not in files[0].read_text()
    # Next start: straight in, no login screen.
    again = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, BoardsScreen), what="in with the saved token")
        await wait_for(pilot, lambda: again.connection_state == "live", what="live events")
