"""Keys typed ahead against the real server: sent in one burst right behind a mode key, they reach the
new mode; ``email<Tab>password⏎`` in one burst logs in (tui/compat.py OrderedInput)."""

from __future__ import annotations

from tests.support.app_driving import SIZE, login_screen, open_boards, type_ahead, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.generate import GenerateScreen
from invokeai_tui.tui.screens.workflows import WorkflowsScreen


def idle(app) -> bool:
    return not app._input_busy


async def test_a_search_typed_right_behind_the_mode_key_reaches_the_workflows_search(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_boards(pilot)
        type_ahead(app, "4/sdxl")  # 4, then /sdxl in the same read of the terminal
        screen = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen,
                                what="the workflows mode")
        search = screen.library_pane.search
        await wait_for(pilot, lambda: search.value == "sdxl" and idle(app), what="the search text")
        assert app.focused is search
        assert screen.handle is None  # nothing opened
        type_ahead(app, "\r")  # enter in the search opens its first match: an SDXL workflow, not the library's first
        await wait_for(pilot, lambda: screen.handle is not None and idle(app), timeout=30, what="the first match open")
        assert "sdxl" in screen.handle.definition.name.lower()


async def test_keys_typed_right_behind_the_mode_key_reach_the_generate_prompt(make_app, tmp_path):
    app = make_app()
    app.generate_state_path = tmp_path / "state" / "generate.json"
    async with app.run_test(size=SIZE) as pilot:
        await open_boards(pilot)
        type_ahead(app, "1a red fox")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, GenerateScreen) and app.screen,
                                what="the generate mode")
        await wait_for(pilot, lambda: screen.loaded and idle(app), timeout=30, what="the models")
        await pilot.pause(0.2)
        assert screen.prompts.prompt.text == "a red fox"


async def test_escape_then_a_mode_key_and_a_search_from_the_generate_prompt(make_app, tmp_path):
    app = make_app(start_mode="generate")
    app.generate_state_path = tmp_path / "state" / "generate.json"
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, GenerateScreen) and app.screen,
                                what="the generate mode")
        await wait_for(pilot, lambda: screen.loaded and app.focused is screen.prompts.prompt, timeout=30,
                       what="the prompt focused")
        before = screen.prompts.prompt.text
        type_ahead(app, "\x1b4/sdxl")
        workflows = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen,
                                   what="the workflows mode")
        await wait_for(pilot, lambda: workflows.library_pane.search.value == "sdxl" and idle(app),
                       what="the search text")
        assert screen.prompts.prompt.text == before


async def test_email_tab_password_enter_in_one_burst_logs_in(multiuser_server, tui_settings):
    from invokeai_tui.tui.app import InvokeAITUI

    user = multiuser_server["user"]
    app = InvokeAITUI(settings=tui_settings, url=multiuser_server["url"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await login_screen(pilot)
        await wait_for(pilot, lambda: app.focused is screen.query_one("#email"), what="the email field focused")
        type_ahead(app, f"{user['email']}\t{user['password']}")
        await wait_for(pilot, lambda: screen.query_one("#password").value == user["password"] and idle(app),
                       what="the password in its field")
        assert screen.query_one("#email").value == user["email"]
        type_ahead(app, "\r")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), timeout=30, what="logged in")
