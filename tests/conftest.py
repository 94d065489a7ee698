"""Session fixtures: one real InvokeAI 6.14.2 server for the whole run.

The server comes from scripts/invokeai-server (instance $INVOKEAI_TUI_SERVER_NAME, default "test"),
or from INVOKEAI_TUI_TEST_URL when that is set. A server that cannot start fails the run: no server
test is ever skipped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server_script import run_server_script  # noqa: E402 - needs the path above


@pytest.fixture(scope="session")
def server_url() -> str:
    """Base URL of the real server, e.g. http://127.0.0.1:41234."""
    url = os.environ.get("INVOKEAI_TUI_TEST_URL")
    if url:
        return url.rstrip("/")
    url = run_server_script("start")
    assert url.startswith("http://"), f"unexpected output from the server script: {url!r}"
    return url


@pytest.fixture(scope="session")
def multiuser_server() -> dict:
    """A second, independent multi-user server: its URL and the admin and user credentials."""
    import json

    env_instance = os.environ.get("INVOKEAI_TUI_SERVER_NAME", "test")
    url = run_server_script("start", "--multiuser", "--no-models")
    cache = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
    creds = json.loads((cache / "servers" / f"{env_instance}-multiuser" / "credentials.json").read_text())
    return {"url": url, **creds}


@pytest.fixture()
def board(server_url):
    """A fresh board, deleted with its images afterwards."""
    import helpers

    board_id = helpers.make_board(server_url)
    yield board_id
    helpers.delete_board(server_url, board_id)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "restarts_server: kills and restarts the session's server (memory DB: its data is gone); "
        "such tests run last",
    )


def pytest_collection_modifyitems(session, config, items):
    # A restart empties the server's in-memory database, so tests that restart it run after all
    # others, which may rely on session-scoped data (boards, uploaded images) made earlier.
    items.sort(key=lambda item: item.get_closest_marker("restarts_server") is not None)


@pytest.fixture(autouse=True)
def _leave_the_queue_idle(request):
    """After a test that used the server, cancel what it left queued and resume the processor.

    A test that fails or times out can leave a long queue item running, or the processor paused;
    every later test would then wait behind it and fail for a reason that is not its own.
    """
    yield
    if "server_url" not in request.fixturenames:
        return
    import helpers

    url = request.getfixturevalue("server_url")
    try:
        status = helpers.api(url, "GET", "/api/v1/queue/default/status")
        queue = status["queue"]
        if queue["pending"] or queue["in_progress"]:
            helpers.api(url, "PUT", "/api/v1/queue/default/cancel_all_except_current")
            if queue.get("item_id"):
                helpers.api(url, "PUT", f"/api/v1/queue/default/i/{queue['item_id']}/cancel")
        if not status["processor"]["is_started"]:
            helpers.api(url, "PUT", "/api/v1/queue/default/processor/resume")
    except Exception:  # a test that stopped the server on purpose leaves nothing to tidy
        pass
