"""The Models screen changing the real server's models through its dialogs: install from a server path,
scan a folder (an installed and a new model), remove (the in-place wording; the files stay), edit the
default settings (a bad value named before sending, the saved ones read back), convert refused with
the server's reason, the cache statistics and the Hugging Face token status. Whatever a test
installs is deleted again."""

from __future__ import annotations

import uuid

import httpx
import pytest

from invokeai_tui.tui.screens.dialogs import ConfirmDialog
from invokeai_tui.tui.screens.model_dialogs import (
    CacheDialog,
    HFTokenDialog,
    InstallDialog,
    ScanResultsDialog,
    StarterModelsDialog,
)
from invokeai_tui.tui.screens.model_edit_dialog import EditModelDialog
from invokeai_tui.tui.screens.models import ModelsScreen
from tests.support import rest
from tests.support.app_driving import SIZE, wait_for
from tests.support.app_probes import NotificationLog
from tests.support.loopback_files import LoopbackFileServer, copy_tiny_model
from tests.support.models_cli import Cleanup, install_in_place, installed

MODELS = "/api/v2/models"
EMBEDDING = "tiny-embedding-sd1.safetensors"


@pytest.fixture
def cleanup(server_url):
    done = Cleanup(server_url)
    yield done
    done.finish()


async def open_models(pilot) -> ModelsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: app.connected, what="connected")
    await app.run_action("mode('models')")
    screen = await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen) and app.screen, what="models")
    await wait_for(pilot, lambda: screen.models, what="the model list")
    return screen


async def select(pilot, screen: ModelsScreen, key: str) -> None:
    screen.load_models(select=key)
    await wait_for(pilot, lambda: screen.current_model and screen.current_model.key == key, what="the model")


async def dialog(pilot, kind):
    return await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen,
                          what=kind.__name__)


async def click(pilot, dialog_screen, button_id: str) -> None:
    dialog_screen.query_one(f"#{button_id}").press()
    await pilot.pause()


async def test_install_from_a_server_path_through_the_dialog(make_app, server_url, tmp_path, cleanup):
    name = f"tui-path-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    copy = copy_tiny_model(EMBEDDING, tmp_path / "files")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_models(pilot)
        await pilot.press("i")
        install = await dialog(pilot, InstallDialog)
        install.query_one("#source").value = "tiny.safetensors"
        await click(pilot, install, "install")
        assert "is not an absolute path on the server" in str(install.query_one("#install-error").render())
        install.query_one("#source").value = str(copy)
        install.query_one("#name").value = name
        install.query_one("#description").value = "from the dialog"
        assert install.query_one("#inplace").value  # in place unless asked: nothing is moved by surprise
        install.query_one("#inplace").value = False
        await click(pilot, install, "install")
        await wait_for(pilot, lambda: log.has("Install job", "started"), what="the job started")
        await wait_for(pilot, lambda: any(m["name"] == name for m in installed(server_url)), timeout=60,
                       what="the model installed by the server")
        [model] = [m for m in installed(server_url) if m["name"] == name]
        assert (model["description"], model["type"]) == ("from the dialog", "embedding")
        assert not copy.exists()  # not in place: the server moved it into its models folder

        await pilot.press("i")  # the same file again: the server's refusal, said at once
        install = await dialog(pilot, InstallDialog)
        install.query_one("#source").value = str(tmp_path / "files" / "gone.safetensors")
        await click(pilot, install, "install")
        await wait_for(pilot, lambda: log.has("Not installed"), what="the refusal")
        assert isinstance(app.screen, ModelsScreen)


async def test_scan_a_folder_with_an_installed_and_a_new_model(make_app, server_url, tmp_path, cleanup):
    folder = tmp_path / "scan"
    old = copy_tiny_model(EMBEDDING, folder)
    new = copy_tiny_model("tiny-lora-sd1.safetensors", folder)
    old_name, new_name = f"tui-old-{uuid.uuid4().hex[:6]}", new.stem
    cleanup.names += [old_name, new_name]
    install_in_place(server_url, old, old_name)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_models(pilot)
        await pilot.press("i")
        install = await dialog(pilot, InstallDialog)
        install.query_one("#source").value = str(folder)
        await click(pilot, install, "scan")
        scan = await dialog(pilot, ScanResultsDialog)
        listing = scan.query_one("#found")
        found = {listing.get_option_at_index(i).value: listing.get_option_at_index(i) for i in
                 range(listing.option_count)}
        assert set(found) == {str(old), str(new)}
        assert found[str(old)].disabled and "installed" in str(found[str(old)].prompt)
        assert not found[str(new)].disabled and "new" in str(found[str(new)].prompt)
        listing.select(str(new))
        await click(pilot, scan, "install")
        await wait_for(pilot, lambda: any(m["path"] == str(new) for m in installed(server_url)), timeout=60,
                       what="the new model installed in place")
    assert new.exists() and old.exists()


async def test_remove_a_model_installed_in_place_keeps_its_files(make_app, server_url, tmp_path, cleanup):
    copy = copy_tiny_model(EMBEDDING, tmp_path / "files")
    name = f"tui-rm-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    key = install_in_place(server_url, copy, name)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_models(pilot)
        await select(pilot, screen, key)
        await pilot.press("d")
        confirm = await dialog(pilot, ConfirmDialog)
        text = str(confirm.query_one(".text").render())
        assert name in text and "the files stay" in text and str(copy) in text
        await pilot.press("y")
        await wait_for(pilot, lambda: log.has("Removed", name), what="removed")
        await wait_for(pilot, lambda: all(m.key != key for m in screen.models), what="gone from the list")
    assert all(m["key"] != key for m in installed(server_url)) and copy.exists()


async def test_edit_default_settings_and_read_them_back(make_app, server_url):
    [sd15] = [m for m in installed(server_url) if m["name"] == "tiny-sd15"]
    before = {k: sd15.get(k) for k in ("description", "trigger_phrases", "default_settings")}
    app = make_app()
    try:
        async with app.run_test(size=(140, 48)) as pilot:
            log = NotificationLog(app)
            screen = await open_models(pilot)
            await select(pilot, screen, sd15["key"])
            await pilot.press("e")
            edit = await dialog(pilot, EditModelDialog)
            assert {f.key for f in edit.fields} >= {"steps", "cfg_scale", "cfg_rescale_multiplier", "width"}
            edit.query_one("#set-steps").value = "0"
            edit.query_one("#set-width").value = "500"
            await click(pilot, edit, "save")
            error = await wait_for(pilot, lambda: str(edit.query_one("#edit-error").render()), what="the refusal")
            assert "Steps must be greater than 0" in error and "multiple of 8" in error
            edit.query_one("#set-steps").value = "23"
            edit.query_one("#set-width").value = "640"
            edit.query_one("#set-cfg_scale").value = "6.5"
            edit.query_one("#set-scheduler").value = "euler_a"
            edit.query_one("#edit-triggers").value = "tiny style, pixel"
            await click(pilot, edit, "save")
            await wait_for(pilot, lambda: log.has("Saved tiny-sd15"), what="saved")
            [after] = [m for m in installed(server_url) if m["key"] == sd15["key"]]
            settings = after["default_settings"]
            assert (settings["steps"], settings["width"], settings["cfg_scale"], settings["scheduler"]) == (
                23, 640, 6.5, "euler_a")
            assert settings["height"] == (before["default_settings"] or {}).get("height")  # the rest kept
            assert sorted(after["trigger_phrases"]) == ["pixel", "tiny style"]
            detail = screen.query_one("#model-detail-text")
            await wait_for(pilot, lambda: "steps: 23" in str(detail.render()), what="the detail pane read back")
            assert "tiny style" in str(detail.render())
    finally:
        httpx.patch(f"{server_url}{MODELS}/i/{sd15['key']}", json=before, timeout=30).raise_for_status()


async def test_convert_refused_cache_and_hf_token(make_app, server_url):
    [embedding] = [m for m in installed(server_url) if m["name"] == "tiny-embedding-sd1"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_models(pilot)
        await select(pilot, screen, embedding["key"])
        await pilot.press("c")
        await dialog(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: log.has("Not converted"), timeout=30, what="the refusal")
        assert log.has("not a main SD 1/2/XL checkpoint")
        assert any(m["key"] == embedding["key"] for m in installed(server_url))  # untouched

        await pilot.press("M")
        cache = await dialog(pilot, CacheDialog)
        stats = rest.api(server_url, "GET", f"{MODELS}/stats")
        text = str(cache.query_one("#cache-stats").render())
        assert (f"Models in cache   {stats['in_cache']}" in text) if stats else "nothing is cached" in text
        await click(pilot, cache, "empty")
        await wait_for(pilot, lambda: log.has("model cache is empty"), what="emptied")

        await pilot.press("H")
        token = await dialog(pilot, HFTokenDialog)
        status = rest.api(server_url, "GET", f"{MODELS}/hf_login")
        assert {"valid": "valid Hugging Face token", "invalid": "no Hugging Face token",
                "unknown": "could not check"}[status] in str(token.query_one("#hf-status").render())
        assert token.query_one("#hf-token").password
        await click(pilot, token, "close")
        await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen), what="closed")


async def test_starter_models_by_base_and_type_install_with_what_they_need(make_app, server_url, cleanup):
    catalogue = rest.api(server_url, "GET", f"{MODELS}/starter_models")["starter_models"]
    [juggernaut] = [m for m in catalogue if m["name"] == "Juggernaut XL v9"]
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        log = NotificationLog(app)
        await open_models(pilot)
        await pilot.press("i")
        await click(pilot, await dialog(pilot, InstallDialog), "starter")
        starters = await dialog(pilot, StarterModelsDialog)
        listing = starters.query_one("#starter-list")
        assert listing.option_count == len(catalogue)
        starters.query_one("#starter-base").value = "sdxl"
        starters.query_one("#starter-type").value = "main"
        await wait_for(pilot, lambda: listing.option_count == sum(
            m["base"] == "sdxl" and m["type"] == "main" for m in catalogue), what="sdxl main models only")
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("Juggernaut XL v9" in p and "needs sdxl-vae-fp16-fix" in p for p in prompts)
        listing.select(juggernaut["source"])
        await click(pilot, starters, "install")
        # These machines have no internet: the server cannot reach the VAE it needs first, and the
        # model is not started without it.
        await wait_for(pilot, lambda: log.has("Not installed"), timeout=60, what="the server's refusal")
        assert log.has("sdxl-vae-fp16-fix", "could not reach that Hugging Face repository")
        assert not log.has("Juggernaut-XL") and not log.has("Install job")


async def test_an_unreachable_hugging_face_repo_is_said_plainly(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        await open_models(pilot)
        await pilot.press("i")
        install = await dialog(pilot, InstallDialog)
        install.query_one("#source").value = "someone/no-such-repo:vae"
        await click(pilot, install, "install")
        await wait_for(pilot, lambda: log.has("Not installed"), timeout=60, what="the refusal")
        assert log.has("someone/no-such-repo::vae", "could not reach that Hugging Face repository")


async def test_hf_login_sends_the_token_once_and_keeps_it_nowhere(make_app, server_url, tui_settings):
    """The server's HF token lives in the machine's shared Hugging Face cache: the login itself is
    faked here (the real call is a client test), the dialog and the flow are real."""
    secret = f"hf_{uuid.uuid4().hex}"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        await open_models(pilot)
        manager, sent = app.client.model_manager, []

        async def fake_login(token):
            sent.append(token)
            return "valid"

        manager.hf_login = fake_login
        await pilot.press("H")
        token = await dialog(pilot, HFTokenDialog)
        token.query_one("#hf-token").value = secret
        await click(pilot, token, "login")
        await wait_for(pilot, lambda: log.has("logged in to Hugging Face"), what="logged in")
        assert sent == [secret] and secret not in log.text()


async def test_the_command_palette_opens_the_install_dialog(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connected, what="connected")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"install a model")
        await pilot.pause(0.8)
        await pilot.press("enter")
        await dialog(pilot, InstallDialog)
        assert isinstance(app.screen_stack[-2], ModelsScreen)


async def test_install_from_a_loopback_url_through_the_dialog(make_app, server_url, tmp_path, cleanup):
    name = f"tui-url-{uuid.uuid4().hex[:6]}"
    cleanup.names.append(name)
    copy = copy_tiny_model(EMBEDDING, tmp_path / "served")
    app = make_app()
    with LoopbackFileServer(copy.parent) as files:
        async with app.run_test(size=SIZE) as pilot:
            log = NotificationLog(app)
            await open_models(pilot)
            await pilot.press("i")
            install = await dialog(pilot, InstallDialog)
            install.query_one("#source").value = files.url(copy.name)
            install.query_one("#name").value = name
            assert install.query_one("#inplace").value  # ticked, and not in the way of a URL
            await click(pilot, install, "install")
            await wait_for(pilot, lambda: log.has("Install job", "started", "127.0.0.1"), what="the job started")
            await wait_for(pilot, lambda: any(m["name"] == name for m in installed(server_url)), timeout=60,
                           what="the model downloaded and installed by the server")
