"""Opening workflows from a file and from an image, the form's layout (rows, heading, divider,
colour swatch), a sweep, presets and resetting a field, against the real server."""

from __future__ import annotations

import json

from tests.support import rest as helpers
from tests.support import workflow_builders as wb
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.tui.screens.dialogs import TextPromptDialog
from invokeai_tui.tui.screens.workflow_dialogs import ImagePickDialog, PresetDialog, SweepDialog
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from invokeai_tui.workflow import WorkflowDefinition
from tests.support.workflow_screen import open_path, open_workflows


COPY_FIXTURE = str(WORKFLOW_FIXTURES / "save-image-copy-to-board.json")


def run_completed(screen) -> bool:
    """The results area says the run is over (results are listed as soon as they are saved)."""
    return "Completed" in str(screen.query_one("#wf-results-title").render())


async def test_file_form_layout_sweep_presets_and_reset(make_app, server_url, board, tmp_path):
    path = tmp_path / "connector.json"
    path.write_text(json.dumps(wb.connector_workflow()))
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, str(path))
        form = screen.form
        width, height, radius, color, board_editor = (form.editor(i) for i in range(5))
        # Width and height are stacked in a column that sits beside Radius in a row.
        assert width.region.x == height.region.x and height.region.y > width.region.y
        assert radius.region.x > width.region.x and radius.region.y == width.region.y
        assert "Output" in [str(s.render()) for s in form.query(".form-heading")]
        assert color.region.y == board_editor.region.y and board_editor.region.x > color.region.x
        assert form.query("Rule.-vertical")
        swatch = color.query_one(".swatch")
        assert swatch.styles.background.rgb == (200, 40, 40)
        # Number bounds from the form's settings, marked in place.
        width.query_one("Input").value = "600"
        await wait_for(pilot, lambda: width.invalid, what="width out of bounds")
        assert "at most 512" in str(width.query_one(".field-error").render())
        width.query_one("Input").focus()
        await pilot.press("f4")  # reset to the workflow's value
        await wait_for(pilot, lambda: not width.invalid and width.query_one("Input").value == "48",
                       what="width reset")
        color.query_one("Input").value = "#00ff80"
        await wait_for(pilot, lambda: swatch.styles.background.rgb == (0, 255, 128), what="swatch repainted")
        board_editor.query_one("Select").value = board
        # Presets: save, change, load back.
        await pilot.press("f6")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, PresetDialog) and app.screen, what="presets")
        dialog.query_one("#preset-name").value = "green"
        dialog.query_one("#preset-name").focus()
        await pilot.press("enter")
        preset_file = app.settings.path.parent / "presets" / "wf-test-id.json"
        await wait_for(pilot, lambda: preset_file.exists(), what="the preset file")
        saved = json.loads(preset_file.read_text())["presets"]["green"]["values"]
        assert saved["blank.color"] == {"r": 0, "g": 255, "b": 128, "a": 255}
        assert saved["save.board"] == {"board_id": board}
        color.query_one("Input").value = "#0000ff"
        await wait_for(pilot, lambda: swatch.styles.background.rgb == (0, 0, 255), what="blue")
        await pilot.press("f6")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, PresetDialog) and app.screen, what="presets")
        dialog.query_one("#preset-list").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: color.query_one("Input").value == "#00ff80ff", what="preset loaded")
        # A sweep of the width over two values: two queue items, two images of those widths.
        await pilot.press("f7")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, SweepDialog) and app.screen, what="sweep")
        dialog.query_one("#sweep-input").value = 0
        dialog.query_one("#sweep-values").value = "24, 40"
        dialog.query_one("#sweep-values").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "sweep #0 Width: 24, 40" in str(screen.query_one("#wf-sweep-text").render()),
                       what="the sweep shown")
        await pilot.press("f5")
        await wait_for(pilot, lambda: run_completed(screen) and len(screen.results) == 2, timeout=90, what="two images")
        assert len(screen.handle.last_submission.item_ids) == 2
        widths = sorted(helpers.api(server_url, "GET", f"/api/v1/images/i/{name}")["width"]
                        for name, _board in screen.results)
        assert widths == [24, 40]
        assert {name for name, _b in screen.results} <= set(helpers.board_image_names(server_url, board))


async def test_open_the_workflow_embedded_in_an_image_and_pick_an_image(make_app, server_url, board):
    uploaded = helpers.upload_png(server_url, board, 20, 16)["image_name"]
    with InvokeAIClient.from_url(server_url) as client:
        wf = client.workflow_repo.create_workflow(WorkflowDefinition.from_file(COPY_FIXTURE))
        wf.set_input_value(0, uploaded)
        wf.set_input_value(1, board)
        wf.submit_sync()
        item = wf.wait_for_completion_sync(timeout=60)
        copy = wf.map_outputs_to_images(item)[0].image_names[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        boards = await open_boards(pilot, board)
        table = boards.table
        await wait_for(pilot, lambda: table.total == 2 and table.record_at(1) is not None, timeout=45, what="both images")
        table.cursor = next(i for i in range(2) if table.record_at(i).image_name == copy)  # same-second times
        await wait_for(pilot, lambda: table.current and table.current.image_name == copy,
                       timeout=45, what="the copy under the cursor")
        table.focus()
        await pilot.press("W")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen,
                                timeout=45, what="the workflows screen")
        await wait_for(pilot, lambda: screen.handle is not None and screen.form is not None
                       and screen.form.is_mounted, timeout=60, what="the image's workflow")
        handle = screen.handle
        assert handle.definition.name == "Quick: Copy Image To Board"
        assert handle.inputs[0].field.image_name == uploaded  # the values it was made with
        assert handle.inputs[1].field.get() == {"board_id": board}
        image_editor = screen.form.editor(0)
        assert uploaded in str(image_editor.query_one(".image-name").render())
        # Pick another image from the board with the picker (preview included).
        await pilot.click(image_editor.query_one("#pick-board"))
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, ImagePickDialog) and app.screen,
                                timeout=45, what="the image picker")
        boards_list = dialog.query_one("#pick-boards")
        boards_list.highlighted = next(i for i in range(boards_list.option_count)
                                       if boards_list.get_option_at_index(i).id == board)
        images = dialog.query_one("#pick-images")
        # The list may still show the board highlighted before (Uncategorized): wait for this board's images.
        await wait_for(pilot, lambda: {images.get_option_at_index(i).id for i in range(images.option_count)}
                       == {uploaded, copy}, timeout=45, what="the board's images")
        images.focus()
        images.highlighted = next(i for i in range(images.option_count) if images.get_option_at_index(i).id == copy)
        picker_preview = dialog.query_one("#pick-preview")
        await wait_for(pilot, lambda: picker_preview.showing == copy, timeout=45, what="the preview")
        await pilot.pause()
        caption = str(picker_preview.query_one("#preview-caption").render())
        assert caption.strip() and "full image" not in caption, caption  # f does nothing here: not offered
        await pilot.press("enter")
        await wait_for(pilot, lambda: handle.inputs[0].field.image_name == copy, timeout=45, what="the picked image")
        assert copy in str(image_editor.query_one(".image-name").render())


async def test_a_failed_run_shows_its_error_under_the_form(make_app, server_url, board):
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, COPY_FIXTURE)
        handle = screen.handle
        handle.inputs[0].field.set("no-such-image.png")  # a name the server does not have
        screen.form.reload_values()
        screen.form.editor(1).query_one("Select").value = board
        await pilot.press("f5")
        title = screen.query_one("#wf-results-title")
        await wait_for(pilot, lambda: "Failed" in str(title.render()), timeout=60, what="the failure shown")
        item_id = handle.last_submission.item_ids[0]
        item = helpers.get_item(server_url, item_id)
        assert item["status"] == "failed"
        assert item["error_type"] in str(title.render()) and f"item {item_id}" in str(title.render())
        assert screen.last_error.startswith(item["error_type"])
        assert not screen.results


async def test_a_local_file_is_uploaded_on_submit(make_app, server_url, board, tmp_path):
    local = tmp_path / "local.png"
    local.write_bytes(helpers.png_bytes(30, 20, (0, 200, 0)))
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, COPY_FIXTURE)
        image_editor = screen.form.editor(0)
        await pilot.click(image_editor.query_one("#pick-file"))
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
        dialog.query_one("Input").value = str(local)
        await pilot.press("enter")
        field = screen.handle.inputs[0].field
        await wait_for(pilot, lambda: field.needs_upload, what="the local file chosen")
        assert "uploaded on submit" in str(image_editor.query_one(".image-name").render())
        screen.form.editor(1).query_one("Select").value = board
        await pilot.press("f5")
        await wait_for(pilot, lambda: run_completed(screen) and screen.results, timeout=60, what="the copy")
        assert not field.needs_upload and field.image_name  # uploaded, now a server image
        copy = screen.results[0][0]
        assert helpers.api(server_url, "GET", f"/api/v1/images/i/{copy}")["width"] == 30
        assert copy in helpers.board_image_names(server_url, board)


async def test_rows_stack_when_the_screen_is_narrow(make_app, tmp_path):
    path = tmp_path / "connector.json"
    path.write_text(json.dumps(wb.connector_workflow()))
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:  # narrow whatever panes are shown beside the form
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, str(path))
        # The form on screen now (it is rebuilt when the server's models arrive).
        await wait_for(pilot, lambda: screen.form is not None and screen.form.has_class("-narrow"), what="narrow form")
        form = screen.form
        width, height, radius = (form.editor(i) for i in range(3))
        assert radius.region.x == width.region.x and radius.region.y > height.region.y


async def test_runs_and_prepend(make_app, server_url, board, tmp_path):
    path = tmp_path / "connector.json"
    path.write_text(json.dumps(wb.connector_workflow()))
    helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/pause")
    try:
        waiting = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="waiting")["item_ids"][0]
        app = make_app()
        async with app.run_test(size=(150, 45)) as pilot:
            screen = await open_workflows(pilot)
            await open_path(pilot, screen, str(path))
            screen.form.editor(4).query_one("Select").value = board
            runs = screen.query_one("#wf-runs")
            runs.value = "0"
            await pilot.press("f5")
            await pilot.pause(0.3)
            assert screen.handle.last_submission is None  # 0 runs refused
            runs.value = "2"
            screen.query_one("#wf-prepend").value = True
            await pilot.press("f5")
            submission = await wait_for(pilot, lambda: screen.handle.last_submission, what="enqueued")
            assert len(submission.item_ids) == 2
            ours = [helpers.get_item(server_url, i) for i in submission.item_ids]
            assert all(item["priority"] > helpers.get_item(server_url, waiting)["priority"] for item in ours)
            helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")
            await wait_for(pilot, lambda: run_completed(screen) and len(screen.results) == 2, timeout=90,
                           what="both runs done")
            first_done = min(helpers.get_item(server_url, i)["completed_at"] for i in submission.item_ids)
            assert first_done <= helpers.wait_for_item(server_url, waiting)["completed_at"]
    finally:
        helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")
