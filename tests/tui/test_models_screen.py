"""The models screen against the real server's tiny models: filters, search, detail, unknown base."""

from __future__ import annotations

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.models import ModelsScreen


def shown_names(screen):
    return [m.name for m in screen.shown]


async def test_filter_models_by_base_type_and_text(make_app, server_url):
    server_models = helpers.list_models(server_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="connected")
        await pilot.press("3")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen) and app.screen, what="models")
        await wait_for(pilot, lambda: screen.models, what="the model list")
        assert sorted(shown_names(screen)) == sorted(m["name"] for m in server_models)
        table = screen.query_one("#model-table")
        assert table.row_count == len(server_models)
        # The unknown model is listed as the server says it is.
        unknown = [m for m in screen.models if m.name == "tiny-unknown"]
        assert unknown and unknown[0].base == "unknown"
        # Base filter through the Select.
        screen.query_one("#base-filter").value = "sd-1"
        await wait_for(pilot, lambda: all(m.base == "sd-1" for m in screen.shown) and screen.shown, what="sd-1 only")
        assert sorted(shown_names(screen)) == sorted(m["name"] for m in server_models if m["base"] == "sd-1")
        # Type filter on top of it.
        screen.query_one("#type-filter").value = "main"
        await wait_for(pilot, lambda: shown_names(screen) == ["tiny-sd15"], what="the SD-1 main model")
        detail = str(screen.query_one("#model-detail-text").render())
        sd15 = next(m for m in server_models if m["name"] == "tiny-sd15")
        assert sd15["key"] in detail and (sd15.get("hash") or "") in detail
        # Clear, then search by text typed into the search box.
        await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.shown) == len(server_models), what="filters cleared")
        await pilot.press("slash")
        await pilot.press(*"sdxl")
        await wait_for(pilot, lambda: screen.shown and all("sdxl" in (m.name + m.base) for m in screen.shown),
                       what="the text search")
        assert len(screen.shown) < len(server_models)


async def test_command_palette_jumps_to_a_model(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="connected")
        sdxl = next(m for m in helpers.list_models(server_url) if m["name"] == "tiny-sdxl")
        await app.jump_to_model(sdxl["key"])
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ModelsScreen) and app.screen, what="models")
        await wait_for(pilot, lambda: sdxl["key"] in str(screen.query_one("#model-detail-text").render()),
                       what="the model's detail")
