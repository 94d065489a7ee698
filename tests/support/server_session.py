"""The session's servers, as the fixtures in tests/conftest.py give them, and tidying the queue after a test."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.support.server import run_server_script


def _cache() -> Path:
    return Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()


def session_server_url() -> str:
    """The session's server: INVOKEAI_TUI_TEST_URL when set, else the script's instance (started)."""
    url = os.environ.get("INVOKEAI_TUI_TEST_URL")
    if url:
        return url.rstrip("/")
    url = run_server_script("start")
    assert url.startswith("http://"), f"unexpected output from the server script: {url!r}"
    return url


def start_multiuser_server() -> dict:
    """A second, independent multi-user server: its URL and the admin and user credentials."""
    env_instance = os.environ.get("INVOKEAI_TUI_SERVER_NAME", "test")
    url = run_server_script("start", "--multiuser", "--no-models")
    creds = json.loads((_cache() / "servers" / f"{env_instance}-multiuser" / "credentials.json").read_text())
    return {"url": url, **creds}


def leave_queue_idle(url: str) -> None:
    """Cancel what a test left queued and resume the processor (nothing if the server is gone)."""
    from tests.support import rest

    try:
        status = rest.api(url, "GET", "/api/v1/queue/default/status")
        queue = status["queue"]
        if queue["pending"] or queue["in_progress"]:
            rest.api(url, "PUT", "/api/v1/queue/default/cancel_all_except_current")
            if queue.get("item_id"):
                rest.api(url, "PUT", f"/api/v1/queue/default/i/{queue['item_id']}/cancel")
        if not status["processor"]["is_started"]:
            rest.api(url, "PUT", "/api/v1/queue/default/processor/resume")
    except Exception:  # a test that stopped the server on purpose leaves nothing to tidy
        pass
