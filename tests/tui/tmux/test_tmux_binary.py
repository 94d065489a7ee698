"""The real `invokeai-tui` binary in tmux against the real server: keys in, screen text out."""

from __future__ import annotations

import time

import pytest

from tests.support import rest as helpers
from tests.support.tmux import quit_cleanly, screen, session, start_app, tmux, wait_screen  # noqa: F401 - the fixture

pytestmark = pytest.mark.tmux


@pytest.mark.parametrize("protocol", ["auto", "none"])
def test_binary_in_tmux(server_url, board, session, tmp_path, protocol):  # noqa: F811 - the fixture
    helpers.upload_png(server_url, board, 40, 30, (250, 200, 0))
    board_name = next(b["board_name"] for b in helpers.api(server_url, "GET", "/api/v1/boards/", params={"all": "true"})
                      if b["board_id"] == board)
    log_file = start_app(session, server_url, tmp_path, size=(100, 30), protocol=protocol)
    # It opens on Generate (the config's default start mode), typing into the prompt: Esc leaves it,
    # then 2 is Boards.
    wait_screen(session, "Iterations")
    assert "live" in wait_screen(session, "live")
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "2")
    shown = wait_screen(session, "Uncategorized")
    assert "6.14.2" in shown or "6.14.2" in screen(session)
    # Walk down the board list to our board and into its images.
    for _ in range(50):
        if board_name in screen(session):
            break
        time.sleep(0.2)
    assert board_name in screen(session)
    # Models mode by number key shows the tiny models.
    tmux("send-keys", "-t", session, "3")
    shown = wait_screen(session, "tiny-sd15")
    assert "tiny-unknown" in shown and "sdxl" in shown
    # Help lists the keys of this screen.
    tmux("send-keys", "-t", session, "F1")
    wait_screen(session, "Base filter")
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "2")
    wait_screen(session, "Boards (")
    # q quits cleanly: exit code 0, no traceback on the terminal, the log written to the file.
    quit_cleanly(session, "q")
    assert log_file.exists()
