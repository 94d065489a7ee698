"""Fixtures for driving the real app (Pilot / run_test) against the real server."""

from __future__ import annotations

import pytest

from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.config.settings import Settings


@pytest.fixture
def tui_settings(tmp_path) -> Settings:
    """Settings of a fresh app: config and downloads in the test's own temporary folder."""
    settings = Settings(path=tmp_path / "config" / "config.toml")
    settings.download_dir = tmp_path / "downloads"
    # These tests drive the other modes from the Boards screen; the Generate tests (tests/tui/generate/)
    # start from the config's default, Generate.
    settings.start_mode = "boards"
    return settings


@pytest.fixture
def make_app(server_url, tui_settings):
    def make(url: str | None = None, **kwargs) -> InvokeAITUI:
        return InvokeAITUI(settings=tui_settings, url=url or server_url, **kwargs)

    return make
