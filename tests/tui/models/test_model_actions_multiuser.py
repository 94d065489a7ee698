"""On the multi-user server an account that is not an admin sees the models, and every changing action
(install, remove, convert, edit, the cache, the Hugging Face token) says it needs an admin with no
dialog opened and nothing sent. An admin gets the install dialog."""

from __future__ import annotations

import uuid

import httpx

from invokeai_tui.tui.screens.model_dialogs import InstallDialog
from invokeai_tui.tui.screens.models import ModelsScreen
from tests.support.app_driving import SIZE, login_screen, submit_login, wait_for
from tests.support.app_probes import NotificationLog
from tests.support.loopback_files import copy_tiny_model
from tests.support.models_cli import install_in_place

MODELS = "/api/v2/models"


def admin_headers(server: dict) -> dict:
    answer = httpx.post(f"{server['url']}/api/v1/auth/login", json={
        "email": server["admin"]["email"], "password": server["admin"]["password"]}, timeout=30)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def record_requests(client) -> list[tuple[str, str]]:
    """Every request the app's client makes from now on: (method, path)."""
    sent: list[tuple[str, str]] = []
    original = client.request

    async def request(method, path, *args, **kwargs):
        sent.append((method, path))
        return await original(method, path, *args, **kwargs)

    client.request = request
    return sent


async def open_models_as(pilot, email: str, password: str) -> ModelsScreen:
    app = pilot.app
    await submit_login(pilot, await login_screen(pilot, 60), email, password)
    await wait_for(pilot, lambda: app.connected, timeout=30, what="logged in")
    await app.run_action("mode('models')")
    screen = await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen) and app.screen, what="models")
    await wait_for(pilot, lambda: screen.models, what="the model list")
    return screen


async def test_a_user_who_is_not_an_admin_sees_the_list_and_is_refused_every_change(
        multiuser_server, make_app, tmp_path):
    name = f"mu-{uuid.uuid4().hex[:6]}"
    key = install_in_place(multiuser_server["url"], copy_tiny_model("tiny-embedding-sd1.safetensors", tmp_path), name,
                           headers=admin_headers(multiuser_server))
    try:
        user = multiuser_server["user"]
        app = make_app(multiuser_server["url"])
        async with app.run_test(size=SIZE) as pilot:
            log = NotificationLog(app)
            screen = await open_models_as(pilot, user["email"], user["password"])
            assert [m.key for m in screen.models] == [key]
            await wait_for(pilot, lambda: screen.current_model, what="the model under the cursor")
            sent = record_requests(app.client)
            for key_pressed, what in (("i", "Installing"), ("d", "Removing"), ("c", "Converting"), ("e", "Editing"),
                                      ("M", "model cache"), ("H", "Hugging Face token")):
                await pilot.press(key_pressed)
                await wait_for(pilot, lambda: log.has(what, "needs an administrator", "nothing was sent"),
                               what=f"{key_pressed}: admins only")
                assert isinstance(app.screen, ModelsScreen)  # no dialog opened
            # Nothing of the actions reached the model routes; the install jobs list may read its list.
            assert not any(path.startswith(MODELS) and path != f"{MODELS}/install" for _, path in sent), sent
            assert all(method == "GET" for method, _ in sent), sent
    finally:
        httpx.delete(f"{multiuser_server['url']}{MODELS}/i/{key}", headers=admin_headers(multiuser_server),
                     timeout=30)


async def test_an_admin_gets_the_install_dialog(multiuser_server, make_app):
    admin = multiuser_server["admin"]
    app = make_app(multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        await submit_login(pilot, await login_screen(pilot, 60), admin["email"], admin["password"])
        await wait_for(pilot, lambda: app.connected, timeout=30, what="logged in")
        await app.run_action("mode('models')")
        await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen), what="models")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InstallDialog), what="the install dialog")


async def test_a_user_who_is_not_an_admin_sees_why_the_jobs_list_is_empty(multiuser_server, make_app):
    from invokeai_tui.tui.widgets.install_jobs import InstallJobsPane

    user = multiuser_server["user"]
    app = make_app(multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        await submit_login(pilot, await login_screen(pilot, 60), user["email"], user["password"])
        await wait_for(pilot, lambda: app.connected, timeout=30, what="logged in")
        await app.run_action("mode('models')")  # this server has no models of its own here
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen) and app.screen, what="models")
        pane = screen.query_one(InstallJobsPane)
        await pilot.press("j")
        detail = pane.query_one("#install-job-detail")
        await wait_for(pilot, lambda: "Only an administrator" in str(detail.render()), what="the refusal as a note")
        text = str(detail.render())
        assert "can see its model install jobs (the server said: Admin privileges required)." in text, text
        assert "HTTP 403" not in text and not detail.has_class("-error") and pane.has_class("-shown")
        assert app.live.install_jobs_error is None
        await pilot.press("p")  # nothing to prune: nothing is sent, no error
        await pilot.pause(0.3)
        assert not log.has("403") and not log.has("refused"), log.text()
