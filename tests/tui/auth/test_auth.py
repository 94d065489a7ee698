"""Auth and secrets on a real multi-user server: a revoked token (the user's password changed by an
admin, which bumps token_epoch) sends the app back to the login screen with the work on screen
kept; a bad saved token leads to the login screen; X-Refreshed-Token rotation; one user never sees
another's private boards; tokens and passwords never reach the log or the config file; the saved
token file is 0600 in a 0700 folder."""

from __future__ import annotations

import logging
import stat
import uuid

import httpx
import pytest

from invokeai_tui.client import AsyncInvokeAIClient, NotAuthenticatedError
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.login import LoginScreen
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from invokeai_tui.config.token_store import load_token, save_token, token_path
from tests.support.app_driving import SIZE, login_screen, submit_login, wait_for
from tests.support.app_probes import NotificationLog, make_app
from tests.support.workflow_screen import fill_connector_form, form_values, open_path, open_workflows, \
    write_connector_workflow


# -- a fresh user per test, made through the admin API ------------------------------------------
def admin_token(server: dict) -> str:
    answer = httpx.post(f"{server['url']}/api/v1/auth/login", json={
        "email": server["admin"]["email"], "password": server["admin"]["password"]}, timeout=30)
    answer.raise_for_status()
    return answer.json()["token"]


def new_user(server: dict) -> dict:
    email = f"u-{uuid.uuid4().hex[:8]}@tui.test"
    password = f"Pw-{uuid.uuid4().hex[:10]}-9!"
    answer = httpx.post(f"{server['url']}/api/v1/auth/users", headers={"Authorization": f"Bearer {admin_token(server)}"},
                        json={"email": email, "display_name": email.split("@")[0], "password": password}, timeout=30)
    answer.raise_for_status()
    return {"email": email, "password": password, "user_id": answer.json()["user_id"]}


def change_password(server: dict, user: dict) -> str:
    password = f"New-{uuid.uuid4().hex[:10]}-8!"
    answer = httpx.patch(f"{server['url']}/api/v1/auth/users/{user['user_id']}",
                         headers={"Authorization": f"Bearer {admin_token(server)}"}, json={"password": password},
                         timeout=30)
    answer.raise_for_status()
    user["password"] = password
    return password


# -- tests ----------------------------------------------------------------------------------------------
async def test_revoked_token_back_to_login_with_the_work_kept(multiuser_server, tui_settings, tmp_path):
    user = new_user(multiuser_server)
    path = write_connector_workflow(tmp_path)
    app = make_app(tui_settings, multiuser_server["url"])
    async with app.run_test(size=(150, 45)) as pilot:
        log = NotificationLog(app)
        await submit_login(pilot, await login_screen(pilot, 60), user["email"], user["password"])
        workflows = await open_workflows(pilot)
        await open_path(pilot, workflows, str(path))
        await fill_connector_form(pilot, workflows, width="52", radius="1.5")
        values = form_values(workflows)
        old_token = app.client.token

        change_password(multiuser_server, user)  # revokes every token issued before
        workflows.library_pane.load_library()  # the next request meets the revoked token
        relogin = await login_screen(pilot, 60)
        assert relogin.relogin
        assert "work on screen is kept" in " ".join(str(w.render()) for w in relogin.query("Static"))
        assert log.has("Login needed") and "Traceback" not in log.text()

        await submit_login(pilot, relogin, user["email"], "the-old-or-wrong-password")
        await wait_for(pilot, lambda: str(relogin.query_one("#login-error").render()) not in ("", "Logging in …"),
                       what="the wrong password refused")
        assert isinstance(app.screen, LoginScreen)
        await submit_login(pilot, relogin, user["email"], user["password"])
        await wait_for(pilot, lambda: app.screen is workflows, timeout=30, what="back to the form")
        assert app.client.token and app.client.token != old_token
        assert form_values(workflows) == values  # the filled-in form survived
        workflows.library_pane.load_library()
        await wait_for(pilot, lambda: workflows.library, timeout=20, what="the library with the new token")
        assert isinstance(app.screen, WorkflowsScreen)


async def test_bad_saved_token_leads_to_the_login_screen(multiuser_server, tui_settings):
    user = new_user(multiuser_server)
    save_token(multiuser_server["url"], "eyJhbGciOiJIUzI1NiJ9.not-a-real.token", folder=tui_settings.tokens_dir)
    app = make_app(tui_settings, multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await login_screen(pilot, 60)
        assert not screen.relogin
        await submit_login(pilot, screen, user["email"], user["password"])
        boards = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout=30,
                                what="in")
        await wait_for(pilot, lambda: boards.boards, what="the boards")  # (quitting mid-mount races Textual)


async def test_revoked_saved_token_is_not_used(multiuser_server, tui_settings):
    user = new_user(multiuser_server)
    async with AsyncInvokeAIClient.from_url(multiuser_server["url"]) as client:
        token = (await client.login(user["email"], user["password"])).token
    save_token(multiuser_server["url"], token, folder=tui_settings.tokens_dir)
    change_password(multiuser_server, user)
    app = make_app(tui_settings, multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await login_screen(pilot, 60)  # not a crash, not the boards screen with 401s


async def test_refreshed_tokens_rotate_and_keep_working(multiuser_server):
    user = new_user(multiuser_server)
    async with AsyncInvokeAIClient.from_url(multiuser_server["url"]) as client:
        first = (await client.login(user["email"], user["password"])).token
        seen = {first}
        for i in range(3):
            import asyncio

            await asyncio.sleep(1.05)  # a JWT issued a second later differs
            board = await client.board_repo.create_board(f"rot-{i}")
            seen.add(client.token)
            await client.board_repo.delete_board(board.board_id)
            seen.add(client.token)
        assert len(seen) >= 3  # rotated through X-Refreshed-Token
        assert await client.board_repo.list_boards() is not None  # the latest one works
        assert await client.events.start(timeout=15) is True  # and opens the socket


async def test_private_boards_stay_private(multiuser_server, tui_settings):
    alice, bob = new_user(multiuser_server), new_user(multiuser_server)
    async with AsyncInvokeAIClient.from_url(multiuser_server["url"]) as a, \
            AsyncInvokeAIClient.from_url(multiuser_server["url"]) as b:
        await a.login(alice["email"], alice["password"])
        await b.login(bob["email"], bob["password"])
        secret = await a.board_repo.create_board(f"alice-private-{uuid.uuid4().hex[:6]}")
        assert secret.board_visibility in (None, "private")
        assert secret.board_id in {x.board_id for x in await a.board_repo.list_boards()}
        assert secret.board_id not in {x.board_id for x in await b.board_repo.list_boards(include_archived=True)}
        with pytest.raises(Exception) as info:  # not even by id
            await b.board_repo.get_board(secret.board_id)
        assert "Traceback" not in str(info.value)
    app = make_app(tui_settings, multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await submit_login(pilot, await login_screen(pilot, 60), bob["email"], bob["password"])
        screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout=30,
                                what="bob's boards")
        await wait_for(pilot, lambda: screen.boards, what="the list")
        assert secret.board_id not in {x.board_id for x in screen.boards}
        assert secret.board_name not in str(screen.query_one("#board-list").render_lines)


async def test_secrets_never_in_the_log_or_the_config(multiuser_server, tui_settings, tmp_path, monkeypatch):
    from invokeai_tui.cli import setup_logging

    user = new_user(multiuser_server)
    log_file = tmp_path / "app.log"
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    monkeypatch.setenv("INVOKEAI_TUI_LOG_LEVEL", "DEBUG")
    setup_logging(log_file)  # exactly what the command line does, at its most talkative level
    tokens: set[str] = set()
    try:
        app = make_app(tui_settings, multiuser_server["url"])
        async with app.run_test(size=SIZE) as pilot:
            screen = await login_screen(pilot, 60)
            await submit_login(pilot, screen, user["email"], "Wrong-Password-123!")
            await wait_for(pilot, lambda: str(screen.query_one("#login-error").render()) != "Logging in …"
                           and str(screen.query_one("#login-error").render()), what="refused")
            await submit_login(pilot, screen, user["email"], user["password"], remember=True)
            boards = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout=30,
                                    what="in")
            tokens.add(app.client.token)
            await wait_for(pilot, lambda: boards.boards, what="the boards")
            await pilot.pause(1.1)  # a JWT issued in the same second as the login would be the same
            await pilot.press("n", *"secret-test", "enter")  # a new board is a POST: the token rotates
            await wait_for(pilot, lambda: app.client.token not in tokens, timeout=20, what="a rotated token")
            tokens.add(app.client.token)
            app.theme = "textual-light"  # the config file gets written
            await pilot.pause(0.2)
            change_password(multiuser_server, user)  # a 401 gets logged as an error
            boards.action_refresh()
            await login_screen(pilot, 60)
            tokens.add(app.client.token)
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
    tokens.discard(None)
    secrets = tokens | {user["password"], "Wrong-Password-123!", multiuser_server["admin"]["password"]}
    logged = log_file.read_text()
    assert "log in" in logged.lower() or "401" in logged  # the log did record what happened
    for secret in secrets:
        assert secret not in logged, "a secret reached the log file"
        for part in secret.split("."):  # not even one part of a JWT
            if len(part) > 20:
                assert part not in logged
    config = tui_settings.path.read_text()
    assert "textual-light" in config
    assert not any(secret in config for secret in secrets)
    saved = token_path(multiuser_server["url"], tui_settings.tokens_dir)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert saved.read_text() in tokens


def test_a_token_file_others_can_read_is_not_trusted(tmp_path):
    path = save_token("http://h:1", "tok", folder=tmp_path / "tokens")
    assert load_token("http://h:1", folder=tmp_path / "tokens") == "tok"
    path.chmod(0o644)
    assert load_token("http://h:1", folder=tmp_path / "tokens") is None
    # Two servers never share a file.
    assert token_path("http://h:1", tmp_path) != token_path("http://h:2", tmp_path)


async def test_wrong_password_message(multiuser_server):
    user = new_user(multiuser_server)
    async with AsyncInvokeAIClient.from_url(multiuser_server["url"]) as client:
        with pytest.raises(NotAuthenticatedError) as info:
            await client.login(user["email"], "nope-nope-nope")
    message = str(info.value)
    assert "nope-nope-nope" not in message and "Traceback" not in message
