"""Fixtures for driving the real app (Pilot / run_test) against the real server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from invokeai_tui.tui import image_support
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.tui.settings import Settings

# Headless tests never see a graphics terminal: draw with coloured half blocks (deterministic: colours come from the pixels).
image_support.prepare("halfcell")

SIZE = (120, 36)


@pytest.fixture
def tui_settings(tmp_path) -> Settings:
    settings = Settings(path=tmp_path / "config" / "config.toml")
    settings.download_dir = tmp_path / "downloads"
    return settings


@pytest.fixture
def make_app(server_url, tui_settings):
    def make(url: str | None = None, **kwargs) -> InvokeAITUI:
        return InvokeAITUI(settings=tui_settings, url=url or server_url, **kwargs)

    return make


async def wait_for(pilot, predicate, timeout: float = 20.0, what: str = "condition"):
    """Let the app run until ``predicate()`` is true; fail with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001 - the widget may not be mounted yet
            value = None
        if value:
            return value
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


async def wait_for_workers(app, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [w for w in app.workers if w.is_running and w.group != "events"]
        if not busy:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"workers still running after {timeout} s: {[w.description for w in busy]}")


async def open_boards(pilot, board_id: str | None = None):
    """Wait until connected and on the boards screen; optionally open ``board_id``."""
    from invokeai_tui.tui.screens.boards import BoardsScreen

    app = pilot.app
    screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, what="the boards screen")
    await wait_for(pilot, lambda: screen.boards, what="the boards list")
    if board_id is not None:
        screen.select_board(board_id)
        await wait_for(pilot, lambda: screen.board_id == board_id and screen.table.loader is not None, what="the board")
        await wait_for(pilot, lambda: screen.table.cache.cached_pages or screen.table.total, what="first page")
    return screen
