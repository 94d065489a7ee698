"""Session fixtures and the suite's markers.

One real InvokeAI 6.14.2 server for the whole run: it comes from scripts/invokeai-server (instance
$INVOKEAI_TUI_SERVER_NAME, default "test"), or from INVOKEAI_TUI_TEST_URL when that is set. A server
that cannot start fails the run: no server test is ever skipped.

Markers follow from the fixtures a test uses (see pytest_collection_modifyitems), so
`pytest -m "not server"` runs the tests that need nothing but this checkout.
"""

from __future__ import annotations

import pytest

from tests.support import rest
from tests.support.server_session import leave_queue_idle, session_server_url, start_multiuser_server


@pytest.fixture(scope="session")
def server_url() -> str:
    """Base URL of the real server, e.g. http://127.0.0.1:41234."""
    return session_server_url()


@pytest.fixture(scope="session")
def multiuser_server() -> dict:
    """A second, independent multi-user server: its URL and the admin and user credentials."""
    return start_multiuser_server()


@pytest.fixture()
def board(server_url):
    """A fresh board, deleted with its images afterwards."""
    board_id = rest.make_board(server_url)
    yield board_id
    rest.delete_board(server_url, board_id)


# A test that asks for one of these fixtures (directly or through another fixture) gets the marker.
MARKERS_BY_FIXTURE = {
    "server_url": ("server",),
    "multiuser_server": ("server", "multiuser"),
    "snap_compare": ("snapshot",),
}


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture, markers in MARKERS_BY_FIXTURE.items():
            if fixture in names:
                for marker in markers:
                    item.add_marker(marker)
        if item.get_closest_marker("restarts_server"):
            item.add_marker("faults")
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
    if "server_url" in request.fixturenames:
        leave_queue_idle(request.getfixturevalue("server_url"))
