"""The queue pane keeps the true state when the event socket is down (it polls, and the status bar
says so) and after the server restarts (it reconnects and resyncs from REST: the restarted server
reuses item ids, so anything remembered from before would be wrong)."""

from __future__ import annotations

import asyncio

import pytest

from tests.support import rest as helpers
from tests.support.server import run_server_script, script_instance
from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable

pytestmark = pytest.mark.restarts_server


def row_cells(table: QueueTable, item_id: int) -> list[str]:
    return [str(c) for c in table.get_row(str(item_id))] if item_id in table.shown_ids else []


def status_bar_text(screen) -> str:
    return str(screen.query_one("StatusBar").render())


async def pane_ready(pilot):
    app = pilot.app
    screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, what="connected")
    await pilot.press("f2")
    pane = screen.query_one(QueuePane)
    await wait_for(pilot, lambda: app.connection_state == "live", what="live events")
    return screen, pane.query_one(QueueTable)


async def test_polls_while_the_socket_is_down_and_the_status_bar_says_so(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await pane_ready(pilot)
        await app.client.events.stop()  # the socket is gone; REST still answers
        await wait_for(pilot, lambda: app.connection_state == "polling", timeout=15, what="polling")
        assert "polling" in status_bar_text(screen)
        item_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="while-polling")["item_ids"][0]
        helpers.wait_for_item(server_url, item_id)
        # No event can arrive: only polling can bring the finished item into the pane.
        await wait_for(pilot, lambda: "completed" in " ".join(row_cells(table, item_id)), timeout=15,
                       what="the item seen by polling")
        assert "while-polling" in " ".join(row_cells(table, item_id))
        await app.client.events.start(wait=False)
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live again")
        assert "live" in status_bar_text(screen)


@pytest.mark.restarts_server
async def test_pane_reconnects_after_a_server_restart_and_shows_the_true_state(make_app, server_url):
    instance = script_instance(server_url)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await pane_ready(pilot)
        before = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="before-restart")
        old_id = before["item_ids"][0]
        helpers.wait_for_item(server_url, old_id)
        await wait_for(pilot, lambda: "completed" in " ".join(row_cells(table, old_id)), what="the old item")

        await asyncio.to_thread(run_server_script, "kill", instance=instance)
        await wait_for(pilot, lambda: app.connection_state in ("reconnecting", "offline"), timeout=30,
                       what="the connection lost")
        assert "live" not in status_bar_text(screen)
        url = await asyncio.to_thread(run_server_script, "start", instance=instance)
        assert url.rstrip("/") == server_url.rstrip("/")
        # The restarted server has an empty queue; put one item in it before the app reconnects.
        helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/pause")
        after = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="after-restart")
        new_id = after["item_ids"][0]
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=120, what="reconnected")
        truth = helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]
        await wait_for(pilot, lambda: table.shown_ids == truth, timeout=15, what="the pane resynced")
        cells = " ".join(row_cells(table, new_id))
        assert "after-restart" in cells and "pending" in cells
        assert "before-restart" not in " ".join(" ".join(row_cells(table, i)) for i in table.shown_ids)
        assert "live" in status_bar_text(screen)
        # And it keeps following events after the reconnect.
        helpers.api(server_url, "PUT", "/api/v1/queue/default/processor/resume")
        await wait_for(pilot, lambda: "completed" in " ".join(row_cells(table, new_id)), timeout=60,
                       what="the new item completed live")
