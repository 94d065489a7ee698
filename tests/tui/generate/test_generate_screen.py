"""The Generate mode against the real server: it opens first, shows only the controls of the chosen
model's base, generates on a chosen board with f5 (the image listed in the results), and takes an
image's parameters from Boards."""

from __future__ import annotations

import pytest

from invokeai_tui.tui.screens.generate import GenerateScreen
from tests.support import rest as helpers
from tests.support.app_driving import SIZE, open_boards, wait_for, wait_for_workers
from tests.support.app_probes import NotificationLog


@pytest.fixture
def generate_app(make_app, tui_settings, tmp_path):
    """An app with the config's defaults (it opens on Generate) and its own Generate state file."""
    tui_settings.start_mode = "generate"
    app = make_app()
    app.generate_state_path = tmp_path / "state" / "generate.json"
    return app


async def open_generate(pilot) -> GenerateScreen:
    app = pilot.app
    screen = await wait_for(pilot, lambda: isinstance(app.screen, GenerateScreen) and app.screen, 30,
                            "the generate screen")
    await wait_for(pilot, lambda: screen.loaded, 30, "the models")
    return screen


def model_key(screen: GenerateScreen, name: str) -> str:
    return next(m.key for group in screen.main_models.values() for m in group if m.name == name)


def shown(screen: GenerateScreen, selector: str) -> bool:
    return bool(screen.query_one(selector).display)


async def choose(pilot, screen: GenerateScreen, name: str) -> None:
    screen.prompts.model.value = model_key(screen, name)
    await wait_for(pilot, lambda: screen.params.model is not None and screen.params.model.name == name,
                   what=f"{name} chosen")
    await pilot.pause(0.1)


async def fill_small(pilot, screen: GenerateScreen, prompt: str, board_id: str) -> None:
    """A prompt and a tiny, fast run on ``board_id``."""
    screen.prompts.prompt.text = prompt
    screen.settings.width.value = screen.settings.height.value = "64"
    screen.settings.steps.value = "2"
    screen.settings.board.value = board_id
    await pilot.pause(0.1)


async def generate_small(pilot, screen: GenerateScreen, prompt: str, board_id: str, seed: int | None = None) -> list:
    """fill_small, a fixed seed if given, f5 and wait: the (image name, board) results, no error."""
    await fill_small(pilot, screen, prompt, board_id)
    if seed is not None:
        screen.settings.seed_mode.value = "fixed"
        screen.settings.seed.value = str(seed)
    app = pilot.app
    await pilot.press("f5")
    await wait_for(pilot, lambda: screen.results or screen.last_error or screen.last_prepared is None
                   and any(n.severity == "error" for n in app._notifications), 240, "the result")
    assert screen.last_error is None, screen.last_error
    assert [n.message for n in app._notifications if n.severity == "error"] == []
    return screen.results


async def test_generate_opens_first_and_shows_only_the_bases_controls(generate_app):
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        assert app.current_mode == "generate"
        await choose(pilot, screen, "tiny-sd15")
        for control in ("#ctl-clip_skip", "#ctl-cfg_scale", "#ctl-scheduler", "#ctl-vae", "#ctl-loras",
                        "#gen-negative-box"):
            assert shown(screen, control), control
        assert not shown(screen, "#ctl-guidance")
        assert "dpmpp_3m_k" in [value for _label, value in screen.settings.scheduler._options]
        await choose(pilot, screen, "tiny-sdxl")
        assert not shown(screen, "#ctl-clip_skip")  # SDXL has no clip skip
        assert shown(screen, "#ctl-cfg_scale") and shown(screen, "#gen-negative-box")
        await pilot.press("escape", "2")  # esc leaves the prompt (focused on opening); then the mode keys work
        await open_boards(pilot)


async def test_f5_generates_on_the_chosen_board_and_lists_the_image(generate_app, server_url, board):
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, "tiny-sd15")
        (image_name, image_board), = await generate_small(pilot, screen, "a red ball", board, seed=1234)
        assert image_board == board
        assert helpers.board_image_names(server_url, board) == [image_name]
        metadata = helpers.api(server_url, "GET", f"/api/v1/images/i/{image_name}/metadata")
        assert metadata["positive_prompt"] == "a red ball" and metadata["seed"] == 1234
        assert app.queue_pane_visible  # progress and the denoise preview in the queue pane
        await wait_for_workers(app)
        # The parameters are kept for the base: a new screen starts from them.
        assert app.generate_state_path.exists()


async def test_bad_input_is_a_sentence_and_nothing_is_sent(generate_app, server_url):
    app = generate_app
    log = NotificationLog(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, "tiny-sd15")
        before = helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]

        async def refused(*words: str) -> None:
            seen = len(log.seen)
            await pilot.press("f5")
            await wait_for(pilot, lambda: len(log.seen) > seen, what=f"a notice with {words}")
            await wait_for_workers(app)
            assert all(w in log.seen[-1] for w in words), log.seen[-1]
            assert log.seen[-1].startswith("Cannot generate: ")

        screen.settings.steps.value = "many"
        await refused("Steps must be a whole number")
        screen.settings.steps.value = "2"
        screen.settings.init_image.value = "/no/such/file.png"
        await refused("There is no file /no/such/file.png")
        screen.settings.init_image.value = ""
        screen.settings.width.value = "100"  # the service's validator: SD-1 takes multiples of 8
        await refused("does not fit", "multiples of 8")
        screen.settings.width.value = "64"
        ten = "{" + "|".join("abcdefghij") + "}"
        screen.prompts.prompt.text = f"{ten} {ten} {ten}"  # 1,000 prompts: more than the limit (100)
        await refused("prompt")
        assert helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"] == before


async def test_boards_keys_recall_an_image_and_use_it_as_the_init_image(generate_app, server_url, board):
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, "tiny-sd15")
        image_name = (await generate_small(pilot, screen, "a blue cube", board, seed=777))[0][0]
        screen.prompts.prompt.text = "something else"
        screen.settings.seed.value = "1"
        await pilot.press("escape", "2")
        boards = await open_boards(pilot, board)
        await wait_for(pilot, lambda: boards.current_image_name() == image_name, what="the image under the cursor")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, GenerateScreen), what="back on generate")
        await wait_for(pilot, lambda: screen.prompts.prompt.text == "a blue cube", what="the recalled prompt")
        assert screen.settings.seed.value == "777" and screen.settings.seed_mode.value == "fixed"
        await pilot.press("escape", "2")
        await open_boards(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: screen.settings.init_image.value == image_name, what="the init image")


async def test_flux2_shows_its_own_controls_and_f6_applies_the_models_defaults(generate_app):
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, "tiny-sd15")
        screen.settings.steps.value = "13"
        await choose(pilot, screen, "tiny-flux2-klein")
        assert not shown(screen, "#gen-negative-box") and not shown(screen, "#ctl-cfg_scale")
        assert not shown(screen, "#ctl-clip_skip") and not shown(screen, "#ctl-guidance")
        assert shown(screen, "#ctl-scheduler") and shown(screen, "#ctl-loras")
        assert [v for _l, v in screen.settings.scheduler._options] == ["euler", "heun", "lcm"]
        assert (screen.settings.width.value, screen.settings.height.value) == ("1024", "1024")  # re-fitted
        assert "steps 4" in str(screen.prompts.defaults.render())
        screen.prompts.model.focus()
        await pilot.press("f6")
        await wait_for(pilot, lambda: screen.settings.steps.value == "4", what="the model's default steps")
        await pilot.press("f1")  # help lists the screen's keys
        await wait_for(pilot, lambda: "Model defaults" in str(app.screen.query_one("#help-keys").render()),
                       what="help")
        await pilot.press("escape")
        # Back on SD-1: the steps typed there come back (the last parameters per base).
        await choose(pilot, screen, "tiny-sd15")
        assert screen.settings.steps.value == "13"


async def test_loras_of_the_base_are_added_weighted_and_removed(generate_app):
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, "tiny-sd15")
        loras = screen.settings.loras
        offered = [v for _l, v in loras.picker._options if v is not loras.picker.NULL]
        assert offered and all(m.base == "sd-1" for m in loras.available)
        loras.picker.value = offered[0]
        await wait_for(pilot, lambda: loras.query(".lora-row"), what="the LoRA row")
        assert app.focused is loras.query_one(".lora-weight")  # typing goes to the weight
        await pilot.press("ctrl+a", "ctrl+k", "0", ".", "5")
        (lora,) = screen.read_params().loras
        assert lora.weight == 0.5 and lora.model.key == offered[0]
        await pilot.click(".lora-remove")
        await wait_for(pilot, lambda: not loras.query(".lora-row"), what="the LoRA removed")
        assert screen.read_params().loras == []


async def test_a_fresh_generate_screen_takes_the_init_image_after_filling_its_form(make_app, tmp_path, server_url,
                                                                                     board):
    """From Boards before Generate was ever opened: the form is filled first, then the image set."""
    name = helpers.upload_png(server_url, board, 64, 64, (200, 40, 40))["image_name"]
    app = make_app()  # starts on Boards
    app.generate_state_path = tmp_path / "generate.json"
    async with app.run_test(size=SIZE) as pilot:
        boards = await open_boards(pilot, board)
        await wait_for(pilot, lambda: boards.current_image_name() == name, what="the image under the cursor")
        await pilot.press("i")
        screen = await open_generate(pilot)
        await wait_for(pilot, lambda: screen.settings.init_image.value == name, what="the init image")
        await pilot.pause(0.3)
        assert screen.settings.init_image.value == name and screen.params.model is not None


@pytest.mark.parametrize("model_name", ["tiny-sdxl", "tiny-sd3", "tiny-flux2-klein", "tiny-cogview4", "tiny-z-image"])
async def test_every_tiny_base_generates_through_the_app(generate_app, server_url, board, model_name):
    """Text to image end to end for each base with a tiny model (SD-1 is the f5 test above)."""
    app = generate_app
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_generate(pilot)
        await choose(pilot, screen, model_name)
        (image_name, image_board), = await generate_small(pilot, screen, "a green hill", board)
        assert image_board == board
        metadata = helpers.api(server_url, "GET", f"/api/v1/images/i/{image_name}/metadata")
        assert metadata["positive_prompt"] == "a green hill" and metadata["model"]["name"] == model_name
        await wait_for_workers(app)
