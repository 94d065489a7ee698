"""Open "Text to Image - SD1.5" from the library, pick the tiny SD-1 model, type a prompt, choose a
board and submit: the queue pane shows the item running with progress and a denoise preview, then
completed; the image is shown under the form and is on the chosen board."""

from __future__ import annotations

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable, RunningView
from tests.support.workflow_screen import open_workflows


SD15 = "Text to Image - SD1.5"


async def open_from_library(pilot, screen: WorkflowsScreen, name: str):
    listing = screen.query_one("#wf-list")
    search = screen.query_one("#wf-search")
    search.focus()
    await pilot.press(*"SD1.5")
    await wait_for(pilot, lambda: listing.option_count and all(
        "SD1.5" in str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)),
        what="the search applied")
    index = next(i for i in range(listing.option_count)
                 if str(listing.get_option_at_index(i).prompt).split("  ")[0] == name)
    listing.focus()
    listing.highlighted = index
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.handle is not None and screen.handle.definition.name == name
                   and screen.form is not None and screen.form.is_mounted, timeout=30, what=f"{name} open")
    await pilot.pause()


async def type_into(pilot, editor, text: str) -> None:
    widget = editor.query_one("Input, TextArea")
    widget.focus()
    if hasattr(widget, "clear"):
        widget.clear()
    await pilot.press(*text)


async def test_sd15_from_the_library_to_an_image_on_the_board(make_app, server_url, board):
    sd15 = helpers.model_by_name(server_url, "tiny-sd15")
    app = make_app()
    async with app.run_test(size=(150, 45)) as pilot:
        screen = await open_workflows(pilot)
        await open_from_library(pilot, screen, SD15)
        form = screen.form
        handle = screen.handle
        labels = [i.label for i in handle.inputs]
        model_editor = form.editor(labels.index("Model"))
        # Only SD-1 main models are offered.
        offered = [value for _label, value in model_editor.options()]
        assert sd15["key"] in offered
        assert helpers.model_by_name(server_url, "tiny-sdxl")["key"] not in offered
        model_editor.query_one("Select").value = sd15["key"]
        await wait_for(pilot, lambda: (handle.inputs[0].field.get() or {}).get("key") == sd15["key"],
                       what="the model chosen")
        assert not model_editor.missing
        await type_into(pilot, form.editor(labels.index("Positive Prompt")), "a red fox in the snow")
        await type_into(pilot, form.editor(labels.index("Width")), "256")
        await type_into(pilot, form.editor(labels.index("Height")), "256")
        # A bad value is marked in place and blocks submitting.
        await type_into(pilot, form.editor(labels.index("Height")), "250")
        height = form.editor(labels.index("Height"))
        await wait_for(pilot, lambda: height.invalid, what="the bad height marked")
        assert "multiple of" in str(height.query_one(".field-error").render())
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert handle.last_submission is None  # nothing was enqueued
        await type_into(pilot, height, "256")
        await wait_for(pilot, lambda: not height.invalid, what="the height fixed")
        form.editor(labels.index("Board")).query_one("Select").value = board
        await wait_for(pilot, lambda: handle.inputs[labels.index("Board")].field.get() == {"board_id": board},
                       what="the board chosen")
        assert handle.inputs[labels.index("Positive Prompt")].field.get() == "a red fox in the snow"
        await pilot.press("f5")
        # The pane opens and follows the item.
        pane = screen.query_one(QueuePane)
        await wait_for(pilot, lambda: pane.display and pane.region.width > 0, what="the pane shown")
        table = pane.query_one(QueueTable)
        monitor = app.live
        submission = await wait_for(pilot, lambda: handle.last_submission, what="the submission")
        item_id = submission.item_ids[0]
        running = pane.query_one(RunningView)
        saw = {"running": False, "progress": False, "preview": False}

        def progressed():
            progress = monitor.progress
            if progress is not None and progress.item_id == item_id:
                saw["running"] = saw["running"] or running.shown_item == item_id
                saw["progress"] = saw["progress"] or (progress.percentage or 0) > 0
                saw["preview"] = saw["preview"] or running.shown_frames > 0
            status = str(table.get_row(str(item_id))[1]) if item_id in table.shown_ids else ""
            return all(saw.values()) or "completed" in status

        await wait_for(pilot, progressed, timeout=180, what="progress in the pane")
        assert saw == {"running": True, "progress": True, "preview": True}, saw
        await wait_for(pilot, lambda: item_id in table.shown_ids and "completed" in str(table.get_row(str(item_id))[1]),
                       timeout=180, what="completed in the pane")
        # The image is shown under the form, and it is on the chosen board.
        await wait_for(pilot, lambda: "Completed" in str(screen.query_one("#wf-results-title").render())
                       and screen.results, timeout=30, what="the results")
        names = [name for name, _board in screen.results]
        assert all(board_id == board for _name, board_id in screen.results)
        assert set(names) <= set(helpers.board_image_names(server_url, board))
        assert len(names) == 1
        preview = screen.query_one("#wf-result-preview")
        await wait_for(pilot, lambda: preview.showing == names[0], what="the result preview")
        await pilot.pause()
        caption = str(preview.query_one("#preview-caption").render())
        assert caption.strip() and "full image" not in caption, caption  # f does nothing here: not offered
        # Quick actions: download, then open it in its board.
        screen.query_one("#wf-result-list").focus()
        await pilot.press("w")
        await wait_for(pilot, lambda: getattr(screen, "last_download", None), what="the download")
        assert screen.last_download.read_bytes()[:4] == b"\x89PNG"
        await pilot.press("b")
        boards_screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen,
                                       what="the boards screen")
        await wait_for(pilot, lambda: boards_screen.board_id == board, what="the image's board open")
