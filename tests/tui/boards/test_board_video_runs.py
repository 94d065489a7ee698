"""A Wan 2.2 text-to-video run (the tiny Wan models) seen from Boards with the queue pane open: the
pane shows the item's progress like any other run's (its node and bar), the item ends "completed",
the board the run saved into lists the new video by itself, marked, with its poster, and the Queue
mode lists the item."""

from __future__ import annotations

from invokeai_tui.client.board_items import BoardVideo
from invokeai_tui.pyclient.async_client import AsyncInvokeAIClient
from invokeai_tui.tui.screens.queue import QueueScreen
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable, RunningView
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.wan_workflows import TEXT_TO_VIDEO, TEXT_TO_VIDEO_SETTINGS, apply_settings
from tests.tui.queue.test_queue_pane import row_status


async def test_a_video_run_in_the_queue_pane_and_its_video_on_the_board(make_app, server_url, board):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, board)
        await pilot.press("f2")
        pane = screen.query_one(QueuePane)
        await wait_for(pilot, lambda: pane.display and app.connection_state == "live", what="the pane, live")
        running = pane.query_one(RunningView)
        shown: list[tuple[int | None, str, float | None]] = []
        draw = running.show

        def spy(progress):
            if progress is not None:
                shown.append((progress.item_id, progress.node_text, progress.percentage))
            draw(progress)

        running.show = spy
        events = []
        app.client.events.add_listener(events.append, event_types=["invocation_progress", "queue_item_status_changed"])
        async with AsyncInvokeAIClient.from_url(server_url) as client:
            handle = await client.workflow_repo.create_workflow_from_library(TEXT_TO_VIDEO)
            apply_settings(handle, TEXT_TO_VIDEO_SETTINGS, await client.dnn_model_repo.list_models())
            handle.auto_board_id = board
            run = await handle.start_run()
            items = await run.wait_for_all(timeout=180)
        [item] = items
        item_id = item.item_id
        table = pane.query_one(QueueTable)
        await wait_for(pilot, lambda: "completed" in (row_status(table, item_id) or ""), timeout=30,
                       what="the item completed in the pane")
        # Its progress came as any run's does, and the pane drew it.
        progress = [e for e in events if e.event == "invocation_progress" and e.item_id == item_id]
        assert progress and any(e.percentage is not None for e in progress)
        assert any(shown_id == item_id for shown_id, _node, _pct in shown)
        await wait_for(pilot, lambda: "nothing running" in str(running.query_one("#running-text").render()),
                       what="the pane idle again")
        # The board lists the saved video by itself (the item's completion reloads it), poster and all.
        [video_name] = handle.map_outputs_to_videos()[0].video_names
        table_view = screen.table
        await wait_for(pilot, lambda: table_view.record_at(0) is not None
                       and table_view.record_at(0).image_name == video_name, timeout=10, what="the video listed")
        record = table_view.record_at(0)
        assert isinstance(record, BoardVideo) and record.frame_count == 9 and (record.width, record.height) == (64, 64)
        table_view.focus()
        table_view.cursor = 0
        preview = screen.image_pane.preview
        await wait_for(pilot, lambda: preview.showing == video_name, what="its poster")
        assert "▶" in str(preview.query_one("#preview-caption").render())
        # The Queue mode lists it like any other item, its facts shown without trouble.
        await pilot.press("5")
        queue = await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen, what="the Queue")
        queue_table = queue.query_one(QueueTable)
        await wait_for(pilot, lambda: "completed" in (row_status(queue_table, item_id) or ""), what="the item listed")
