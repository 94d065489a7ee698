"""The live queue pane and the Queue mode against the real server: a long model-free run
cancelled from the pane, a failed run showing its error (and traceback on demand), retry, pause
and resume, prune and clear."""

from __future__ import annotations

import pytest

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.dialogs import ConfirmDialog
from invokeai_tui.tui.screens.queue import QueueScreen
from invokeai_tui.tui.screens.queue_item_dialog import QueueItemDialog
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable


def row_status(table: QueueTable, item_id: int) -> str | None:
    if item_id not in table.shown_ids:
        return None
    return str(table.get_row(str(item_id))[1])


async def connected_with_pane(pilot):
    app = pilot.app
    screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, what="connected")
    await pilot.press("f2")
    pane = screen.query_one(QueuePane)
    await wait_for(pilot, lambda: pane.display and pane.region.width > 0, what="the queue pane")
    return screen, pane


async def test_long_run_is_cancelled_from_the_pane(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _screen, pane = await connected_with_pane(pilot)
        await wait_for(pilot, lambda: app.connection_state == "live", what="live events")
        item_id = helpers.enqueue_graph(server_url, helpers.long_running_graph(), origin="pane-test")["item_ids"][0]
        table = pane.query_one(QueueTable)
        await wait_for(pilot, lambda: row_status(table, item_id) and "running" in row_status(table, item_id),
                       timeout=60, what="the long item running in the pane")
        running = pane.query_one("#running-text")
        assert f"item {item_id}" in str(running.render())
        table.focus()
        table.move_cursor(row=table.shown_ids.index(item_id))
        await pilot.press("c")
        await wait_for(pilot, lambda: "canceled" in (row_status(table, item_id) or ""), timeout=30,
                       what="the item canceled")
        assert helpers.get_item(server_url, item_id)["status"] == "canceled"
        await wait_for(pilot, lambda: "nothing running" in str(running.render()), what="the pane idle again")


async def test_failed_run_shows_its_error_and_traceback_on_demand(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _screen, pane = await connected_with_pane(pilot)
        item_id = helpers.enqueue_graph(server_url, helpers.failing_graph(), origin="pane-test")["item_ids"][0]
        failed = helpers.wait_for_item(server_url, item_id)
        assert failed["status"] == "failed"
        table = pane.query_one(QueueTable)
        await wait_for(pilot, lambda: "failed" in (row_status(table, item_id) or ""), what="failed in the pane")
        table.focus()
        table.move_cursor(row=table.shown_ids.index(item_id))
        await pilot.press("e")
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, QueueItemDialog) and app.screen,
                                what="the item dialog")
        error = dialog.query_one("#item-error")
        await wait_for(pilot, lambda: failed["error_type"] in str(error.render()), what="the error type")
        assert failed["error_message"][:40] in str(error.render())
        box = dialog.query_one("#item-traceback-box")
        assert not box.display or box.region.height == 0
        await pilot.press("t")
        await wait_for(pilot, lambda: box.region.height > 0, what="the traceback shown")
        assert "Traceback" in str(dialog.query_one("#item-traceback").render())
        await pilot.press("escape")
        # Retry it from the pane: a new item appears (it fails again, which is fine).
        await wait_for(pilot, lambda: not isinstance(app.screen, QueueItemDialog), what="dialog closed")
        before = set(table.shown_ids)
        await pilot.press("r")
        await wait_for(pilot, lambda: set(table.shown_ids) - before, what="the retried item")
        new_id = max(set(table.shown_ids) - before)
        assert helpers.get_item(server_url, new_id)["retried_from_item_id"] == item_id


@pytest.fixture
def resume_after(server_url):
    """A test that pauses the processor must not leave it paused for the next one."""
    yield
    helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")


async def test_queue_mode_pause_resume_prune_and_clear(make_app, server_url, resume_after):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="connected")
        await pilot.press("5")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen, what="queue mode")
        monitor = app.live
        table = screen.query_one("#queue-table", QueueTable)
        # Pause: a new item stays pending.
        await pilot.press("space")
        await wait_for(pilot, lambda: monitor.paused, what="paused")
        assert "PAUSED" in str(screen.query_one("#queue-title").render())
        status = helpers.api(server_url, "GET", "/api/v1/queue/default/status")
        assert status["processor"]["is_started"] is False
        item_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="queue-mode")["item_ids"][0]
        await wait_for(pilot, lambda: "pending" in (row_status(table, item_id) or ""), what="the pending item")
        # Its row says where it came from and when.
        row = [str(c) for c in table.get_row(str(item_id))]
        assert "queue-mode" in row and row[4]
        await pilot.press("space")
        await wait_for(pilot, lambda: "completed" in (row_status(table, item_id) or ""), timeout=60,
                       what="completed after resume")
        assert not monitor.paused
        # Prune removes finished items.
        await pilot.press("P")
        await wait_for(pilot, lambda: item_id not in table.shown_ids, what="pruned")
        assert item_id not in helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]
        # Clear asks first, then empties the queue.
        helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="queue-mode")
        await wait_for(pilot, lambda: table.shown_ids, what="an item to clear")
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirm dialog")
        await pilot.press("y")
        await wait_for(pilot, lambda: not table.shown_ids, what="cleared")
        assert helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"] == []


async def test_cancel_a_whole_batch_from_the_queue_mode(make_app, server_url, resume_after):
    helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/pause")  # keep both items waiting
    batch = helpers.enqueue_graph(server_url, helpers.long_running_graph(), runs=2, origin="batch-test")
    ids = batch["item_ids"]
    other = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="other-batch")["item_ids"][0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="connected")
        await pilot.press("5")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen, what="queue")
        table = screen.query_one("#queue-table", QueueTable)
        await wait_for(pilot, lambda: set(ids) <= set(table.shown_ids), what="the batch's items")
        row = [str(c) for c in table.get_row(str(ids[0]))]
        assert row[2] == batch["batch"]["batch_id"][:8] and row[3] == "batch-test"
        table.move_cursor(row=table.shown_ids.index(ids[0]))
        await pilot.press("b")
        await wait_for(pilot, lambda: all("canceled" in (row_status(table, i) or "") for i in ids), what="canceled")
        assert "pending" in row_status(table, other)
        assert {helpers.get_item(server_url, i)["status"] for i in ids} == {"canceled"}
        assert helpers.get_item(server_url, other)["status"] == "pending"
        detail = str(screen.query_one("#detail-facts").render())
        assert batch["batch"]["batch_id"] in detail


async def test_one_key_toggles_the_pane_on_every_screen(make_app):
    from invokeai_tui.tui.screens.models import ModelsScreen
    from invokeai_tui.tui.screens.workflows import WorkflowsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        boards = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, what="connected")
        await wait_for(pilot, lambda: boards.query(QueuePane), what="the pane mounted")
        assert not boards.query_one(QueuePane).display
        await pilot.press("f2")
        await wait_for(pilot, lambda: boards.query_one(QueuePane).region.width > 0, what="pane on boards")
        for key, screen_type in (("3", ModelsScreen), ("4", WorkflowsScreen)):
            await pilot.press(key)
            screen = await wait_for(pilot, lambda: isinstance(app.screen, screen_type) and app.screen,
                                    what=screen_type.__name__)
            await wait_for(pilot, lambda: screen.query_one(QueuePane).region.width > 0,
                           what=f"pane on {screen_type.__name__}")
        await pilot.press("5")  # the Queue mode is the queue itself: no pane, and f2 is not offered
        queue = await wait_for(pilot, lambda: isinstance(app.screen, QueueScreen) and app.screen, what="queue")
        assert not queue.query(QueuePane)
        assert not app.check_action("toggle_queue_pane", ())
        await pilot.press("4")
        workflows = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen, what="wf")
        workflows.query_one("#wf-list").focus()
        await pilot.press("f2")
        await wait_for(pilot, lambda: not workflows.query_one(QueuePane).display, what="hidden")
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="boards")
        assert not boards.query_one(QueuePane).display
