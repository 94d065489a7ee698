"""Kill the real server in the middle of a run and start it again on the same port
(scripts/invokeai-server kill / start): the app shows offline, is live again within 5 s of the
server answering, resyncs the queue (the restarted server's queue is empty: the old running item
must vanish from the pane), and keeps the filled-in form, the open screens and the queue pane.

The servers use an in-memory database, so a board made before the restart does not exist after
it: the boards screen must then fall back to a board that exists, without an error."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from tests.support import rest as helpers
from tests.support.server import run_server_script, script_instance
from invokeai_tui.tui.widgets.queue_pane import QueuePane
from invokeai_tui.tui.widgets.queue_view import QueueTable
from tests.support.app_driving import open_boards, wait_for
from tests.support.app_probes import NotificationLog, make_app
from tests.support.figures import record
from tests.support.workflow_screen import fill_connector_form, form_values, open_path, open_workflows, \
    write_connector_workflow

pytestmark = pytest.mark.restarts_server


class FirstAnswer(threading.Thread):
    """Polls the version endpoint every 50 ms and notes when the server first answers."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.at: float | None = None
        self.stop = False

    def run(self) -> None:
        while not self.stop and self.at is None:
            try:
                if httpx.get(f"{self.url}/api/v1/app/version", timeout=1).status_code == 200:
                    self.at = time.monotonic()
            except httpx.HTTPError:
                pass
            time.sleep(0.05)


async def test_kill_mid_run_and_restart_keeps_the_work(server_url, tui_settings, tmp_path):
    instance = script_instance(server_url)
    board = helpers.make_board(server_url, "restart-board")
    helpers.upload_png(server_url, board)
    path = write_connector_workflow(tmp_path)
    app = make_app(tui_settings, server_url)
    async with app.run_test(size=(150, 45)) as pilot:
        log = NotificationLog(app)
        boards = await open_boards(pilot, board_id=board, timeout=60)
        workflows = await open_workflows(pilot)
        await open_path(pilot, workflows, str(path))
        await fill_connector_form(pilot, workflows, width="36", radius="4.5")
        await pilot.press("f2")
        table = workflows.query_one(QueuePane).query_one(QueueTable)
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live")
        values = form_values(workflows)

        # A run in progress when the server dies.
        item_id = helpers.enqueue_graph(server_url, helpers.long_running_graph(), origin="killed-mid-run")["item_ids"][0]
        await wait_for(pilot, lambda: item_id in table.shown_ids and helpers.get_item(server_url, item_id)["status"]
                       == "in_progress", timeout=60, what="the run in progress")

        killed = time.monotonic()
        await asyncio.to_thread(run_server_script, "kill", instance=instance)
        await wait_for(pilot, lambda: app.connection_state == "offline", timeout=30, what="offline shown")
        record("restart: kill -> offline shown (s)", round(time.monotonic() - killed, 2))
        assert "offline" in str(workflows.query_one("StatusBar").render())

        poller = FirstAnswer(server_url)
        poller.start()
        url = await asyncio.to_thread(run_server_script, "start", instance=instance)
        assert url.rstrip("/") == server_url.rstrip("/")
        await wait_for(pilot, lambda: poller.at is not None, timeout=60, what="the server answering")
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=60, what="live again")
        live_at = time.monotonic()
        poller.stop = True
        # The app may even be live before the script returns (it installs the models after the
        # server answers): measure from the first answer.
        reconnect = max(0.0, live_at - poller.at) if live_at > poller.at else 0.0
        record("restart: server answering -> app live (s)", round(reconnect, 2))
        assert reconnect < 5.0, f"live {reconnect:.1f} s after the server was back"

        truth = helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]
        await wait_for(pilot, lambda: table.shown_ids == truth, timeout=15, what="the queue resynced")
        assert "killed-mid-run" not in " ".join(str(c) for i in table.shown_ids for c in table.get_row(str(i)))
        assert app.screen is workflows and app.queue_pane_visible
        assert form_values(workflows) == values

        await app.action_mode("boards")
        assert app.screen is boards
        existing = {b["board_id"] for b in helpers.api(server_url, "GET", "/api/v1/boards/",
                                                        params={"all": "true"})} | {"none"}
        await wait_for(pilot, lambda: boards.board_id in existing, timeout=15, what="an existing board selected")
        if board in existing:  # a server with a database on disk keeps the board: so must the screen
            assert boards.board_id == board
        # The app still works: the form can be submitted to the restarted server.
        await app.action_mode("workflows")
        workflows.query_one("#wf-submit").focus()
        await pilot.press("f5")
        await wait_for(pilot, lambda: len(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")
                                          ["item_ids"]) == len(truth) + 1, timeout=30, what="a new run enqueued")
        assert "Traceback" not in log.text()
