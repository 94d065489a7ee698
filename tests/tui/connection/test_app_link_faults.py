"""The real app over a slow or lossy link (the fault proxy in front of the real server): it stays
responsive, stalled requests time out with a clear message, an enqueue whose answer is lost is
never repeated, and an outage shows offline, then reconnects within 5 s of the link being back
with the form, the selected board, the open screens and the queue pane kept."""

from __future__ import annotations

import time

import pytest

from tests.support import rest as helpers
from tests.support.faults.fault_proxy import FaultProxy
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.app_probes import NotificationLog, client_factory, make_app, responsive
from tests.support.figures import record
from tests.support.workflow_screen import fill_connector_form, form_values, open_path, open_workflows, \
    write_connector_workflow

pytestmark = pytest.mark.faults



@pytest.fixture
def proxy(server_url):
    with FaultProxy.for_url(server_url) as running:
        yield running


def queue_ids(url: str) -> set[int]:
    return set(helpers.api(url, "GET", "/api/v1/queue/default/item_ids")["item_ids"])


async def test_slow_link_app_stays_responsive(proxy, tui_settings, board, server_url):
    helpers.upload_png(server_url, board)
    proxy.delay = 0.25
    app = make_app(tui_settings, proxy.url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_boards(pilot, timeout=60)
        screen.select_board(board)
        # While the board's first page crawls over the slow link, keys are still handled at once.
        took = await responsive(pilot, bound=1.5)
        record("slow link: help open+close (s)", round(took, 3))
        await wait_for(pilot, lambda: screen.board_id == board and screen.table.total == 1, timeout=30,
                       what="the board over the slow link")
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live over the slow link")


async def test_stalled_requests_time_out_with_a_clear_message(proxy, tui_settings):
    app = make_app(tui_settings, proxy.url, client_factory=client_factory(timeout=1.5, max_retries=0))
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_boards(pilot, timeout=60)
        proxy.stall = True
        screen.action_refresh()
        took = await responsive(pilot, bound=1.0)  # the stalled request does not freeze the app
        await wait_for(pilot, lambda: log.has("Timed out"), timeout=15, what="a timeout notification")
        message = next(s for s in log.seen if "Timed out" in s)
        assert "did not answer within 1.5 s" in message and "Traceback" not in message
        record("stalled: keys handled while a request hangs (s)", round(took, 3))
        proxy.stall = False
        proxy.cut_all()  # requests still hanging on the stalled connections fail now (their own notices)
        app.client.timeout = 30.0
        await pilot.pause(1.5)
        count = len(log.seen)
        screen.action_refresh()
        await pilot.pause(2.0)
        assert len(log.seen) == count, log.seen[count:]  # the refresh went through without a new error
        assert isinstance(app.screen, BoardsScreen) and screen.boards


async def test_enqueue_whose_answer_is_lost_is_not_repeated(proxy, tui_settings, server_url, tmp_path):
    path = write_connector_workflow(tmp_path)
    app = make_app(tui_settings, proxy.url)
    async with app.run_test(size=(150, 45)) as pilot:
        log = NotificationLog(app)
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, str(path))
        await fill_connector_form(pilot, screen)
        before_values = form_values(screen)
        before = queue_ids(server_url)
        proxy.drop_answer_to(b"enqueue_batch")
        await pilot.press("f5")
        await wait_for(pilot, lambda: log.has("not sent again"), timeout=30, what="the lost-answer message")
        assert proxy.counters.answers_dropped == 1
        await pilot.pause(1.0)
        new = queue_ids(server_url) - before
        assert len(new) == 1, f"expected exactly one new queue item, found {len(new)}"
        helpers.wait_for_item(server_url, next(iter(new)))
        assert form_values(screen) == before_values  # the form is untouched
        assert "Traceback" not in log.text()
        said = next(s for s in log.seen if "not sent again" in s)
        assert "keeps retrying" not in said  # it must not sound as if the enqueue will be retried
        # One lost answer on a live link is not an outage: the status bar must not stay "offline".
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=10, what="still live")


async def test_outage_shows_offline_then_reconnects_with_the_work_kept(proxy, tui_settings, board, server_url,
                                                                       tmp_path):
    helpers.upload_png(server_url, board)
    path = write_connector_workflow(tmp_path)
    app = make_app(tui_settings, proxy.url)
    async with app.run_test(size=(150, 45)) as pilot:
        boards = await open_boards(pilot, board_id=board, timeout=60)
        workflows = await open_workflows(pilot)
        await open_path(pilot, workflows, str(path))
        await fill_connector_form(pilot, workflows, width="44", radius="3.5")
        await pilot.press("f2")  # the queue pane
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live")
        values = form_values(workflows)

        proxy.go_down()
        await wait_for(pilot, lambda: app.connection_state == "offline", timeout=30, what="offline shown")
        assert "offline" in str(workflows.query_one("StatusBar").render())
        await pilot.pause(3.0)  # a while offline, as after a real outage
        proxy.come_back()
        back = time.monotonic()
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live again")
        reconnect = time.monotonic() - back
        record("proxy outage: link back -> app live (s)", round(reconnect, 3))
        assert reconnect < 5.0, f"reconnected {reconnect:.1f} s after the link came back"

        assert app.screen is workflows and app.queue_pane_visible
        assert form_values(workflows) == values
        await app.action_mode("boards")  # (a key would type into the focused field)
        assert app.screen is boards and boards.board_id == board  # the same screen, the same board
        await wait_for(pilot, lambda: boards.table.total == 1, timeout=15, what="the board's images")
        assert isinstance(app.screen, BoardsScreen) and isinstance(workflows, WorkflowsScreen)
