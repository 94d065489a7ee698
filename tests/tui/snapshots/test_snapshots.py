"""SVG snapshots of every screen, drawn from the real server with run-to-run values fixed.

Update after an intended change with: pytest tests/tui/snapshots/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.support import rest as helpers
from tests.support.app_driving import open_boards, open_models, wait_for
from invokeai_tui.pyclient import AsyncInvokeAIClient
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.tui.screens.connect import ConnectScreen
from invokeai_tui.tui.screens.login import LoginScreen
from invokeai_tui.config.settings import Profile, Settings
from tests.support.snapshot_data import SHOWN_URL, redact_app, redact_boards, redact_models


BOARD_NAME = "Lighthouses"


@pytest.fixture(scope="module")
def snapshot_board(server_url):
    board_id = helpers.make_board(server_url, "snapshot-board")
    for width, height, colour in ((64, 48, (220, 120, 30)), (48, 48, (30, 120, 220)), (96, 32, (40, 180, 90))):
        helpers.upload_png(server_url, board_id, width, height, colour)
    yield board_id
    helpers.delete_board(server_url, board_id)


def app_for(server_url, tmp_path, **kwargs) -> InvokeAITUI:
    settings = Settings(path=tmp_path / "config.toml", start_mode="boards")
    settings.download_dir = tmp_path / "downloads"
    return InvokeAITUI(settings=settings, url=server_url, **kwargs)


def boards_ready(board_id, metadata: dict[int, dict] | None = None):
    async def run_before(pilot):
        screen = await open_boards(pilot, board_id)
        await wait_for(pilot, lambda: screen.table.total == 3 and screen.table.record_at(2) is not None, what="rows")
        await wait_for(pilot, lambda: screen.query_one("#preview").kind == "thumbnail", what="thumbnail")
        await wait_for(pilot, lambda: pilot.app.connection_state == "live", what="live")
        await pilot.pause(0.3)
        redact_app(pilot.app)
        redact_boards(screen, board_id, BOARD_NAME, metadata)
        screen.table.focus()
        await pilot.pause(0.2)

    return run_before


def test_snapshot_boards(snap_compare, server_url, snapshot_board, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=boards_ready(snapshot_board))


def test_snapshot_boards_80x24(snap_compare, server_url, snapshot_board, tmp_path):
    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(80, 24), run_before=boards_ready(snapshot_board))


def test_snapshot_boards_selection_and_help(snap_compare, server_url, snapshot_board, tmp_path):
    ready = boards_ready(snapshot_board)

    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("space", "space", "f1")
        await pilot.pause(0.2)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 32), run_before=run_before)


def test_snapshot_delete_board_dialog(snap_compare, server_url, snapshot_board, tmp_path):
    ready = boards_ready(snapshot_board)

    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("X")
        await pilot.pause(0.2)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_models(snap_compare, server_url, tmp_path):
    async def run_before(pilot):
        screen = await open_models(pilot)
        redact_app(pilot.app)
        redact_models(screen)
        await pilot.pause(0.2)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 30), run_before=run_before)


def test_snapshot_models_filtered(snap_compare, server_url, tmp_path):
    async def run_before(pilot):
        screen = await open_models(pilot)
        redact_app(pilot.app)
        redact_models(screen)
        screen.query_one("#base-filter").value = "sdxl"
        await pilot.pause(0.3)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(120, 30), run_before=run_before)


def test_snapshot_connect_screen(snap_compare, tmp_path):
    # Port 9 (discard) has no listener on this machine: a refused connection, the same every run.
    app = app_for("http://127.0.0.1:9", tmp_path, retry_delays=(600,))
    app.settings.profiles["studio"] = Profile("studio", "https://studio.example/invoke")

    async def run_before(pilot):
        screen = await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConnectScreen) and pilot.app.screen,
                                what="connect")
        await wait_for(pilot, lambda: screen.attempt == 1, what="the first failure")
        screen._stop_timer()
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(90, 26), run_before=run_before)


def test_snapshot_login_screen(snap_compare, server_url, tmp_path):
    async def run_before(pilot):
        await open_boards(pilot)
        redact_app(pilot.app)
        pilot.app.push_screen(LoginScreen(AsyncInvokeAIClient.from_url(SHOWN_URL), "6.14.2"))
        await pilot.pause(0.3)

    assert snap_compare(app_for(server_url, tmp_path), terminal_size=(90, 24), run_before=run_before)
