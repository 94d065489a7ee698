"""Editors of the generated form against the real server's schema: model references missing on the
server offered for syncing, and the switch, select and collection editors."""

from __future__ import annotations

import json

from tests.support import rest as helpers
from tests.support import workflow_builders as wb
from tests.support.app_driving import wait_for
from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.tui.widgets.form_fields import BooleanEditor, CollectionEditor, EnumEditor, ModelEditor
from tests.support.workflow_screen import open_path, open_workflows


SDXL_FIXTURE = str(WORKFLOW_FIXTURES / "sdxl-text-to-image.json")


async def test_missing_models_are_flagged_and_synced(make_app, server_url):
    tiny_sdxl = helpers.model_by_name(server_url, "tiny-sdxl")
    tiny_sd15 = helpers.model_by_name(server_url, "tiny-sd15")
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, SDXL_FIXTURE)
        banner = screen.query_one("#wf-banner")
        assert banner.display and "juggernautXL_v9Rundiffusionphoto2" in str(banner.render())
        editor = next(e for e in screen.form.editors if isinstance(e, ModelEditor) and e.missing)
        assert "not installed" in str(editor.query_one(".model-missing").render())
        offered = [value for _label, value in editor.options()]
        assert tiny_sdxl["key"] in offered and tiny_sd15["key"] not in offered  # only fitting models
        await pilot.press("f8")
        await wait_for(pilot, lambda: (editor.field.get() or {}).get("key") == tiny_sdxl["key"], what="synced")
        await wait_for(pilot, lambda: not banner.display, what="the banner gone")
        assert not editor.query_one(".model-missing").display
        assert editor.query_one("Select").value == tiny_sdxl["key"]


def switch_select_list_workflow() -> dict:
    nodes = [
        wb.inv("flag", "boolean", {"value": (True, "Enabled")}),
        wb.inv("numbers", "integer_collection", {"collection": ([1, 2], "Seeds")}),
        wb.inv("blank", "blank_image", {"width": 16, "height": 16}),
        wb.inv("blur", "img_blur", {"image": None, "radius": 1.0, "blur_type": "gaussian"}),
    ]
    edges = [wb.edge("blank", "image", "blur", "image")]
    return wb.workflow(nodes, edges, exposed=[("flag", "value"), ("numbers", "collection"), ("blur", "blur_type")],
                       name="switch select list")


async def test_switch_select_and_collection_editors(make_app, tmp_path):
    path = tmp_path / "kinds.json"
    path.write_text(json.dumps(switch_select_list_workflow()))
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, str(path))
        flag, numbers, blur_type = screen.form.editors
        assert isinstance(flag, BooleanEditor) and isinstance(numbers, CollectionEditor)
        assert isinstance(blur_type, EnumEditor)
        # Switch.
        flag.query_one("Switch").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: flag.field.get() is False, what="switched off")
        # Collection: comma-separated or JSON; a bad item is marked and blocks submit.
        box = numbers.query_one("Input")
        assert box.value == "[1, 2]"
        box.value = "3, 4, 5"
        await wait_for(pilot, lambda: numbers.field.get() == [3, 4, 5], what="the list")
        box.value = "3, x"
        await wait_for(pilot, lambda: numbers.invalid, what="the bad item marked")
        assert "item 1" in str(numbers.query_one(".field-error").render())
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert screen.handle.last_submission is None
        box.value = "[7]"
        await wait_for(pilot, lambda: not numbers.invalid and numbers.field.get() == [7], what="fixed")
        # Select of an enum: only the schema's options.
        select = blur_type.query_one("Select")
        options = [value for _label, value in blur_type.options()]
        assert options == ["gaussian", "box"]
        select.value = "box"
        await wait_for(pilot, lambda: blur_type.field.get() == "box", what="box blur")
        # Reset puts the workflow's values back in the widgets too.
        select.focus()
        await pilot.press("f4")
        await wait_for(pilot, lambda: blur_type.field.get() == "gaussian" and select.value == "gaussian",
                       what="reset")
