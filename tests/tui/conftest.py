"""Fixtures for driving the real app (Pilot / run_test) against the real server."""

from __future__ import annotations

import asyncio
import time

import pytest

from app_driving import SIZE, log_in, login_screen, open_boards, submit_login, tui_settings, wait_for  # noqa: F401 - shared with tests/reliability
from invokeai_tui.tui.app import InvokeAITUI


@pytest.fixture
def make_app(server_url, tui_settings):
    def make(url: str | None = None, **kwargs) -> InvokeAITUI:
        return InvokeAITUI(settings=tui_settings, url=url or server_url, **kwargs)

    return make


async def wait_for_workers(app, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [w for w in app.workers if w.is_running and w.group != "events"]
        if not busy:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"workers still running after {timeout} s: {[w.description for w in busy]}")
