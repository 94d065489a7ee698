"""The real `invokeai-tui` binary in tmux against the real server: keys in, screen text out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support import rest as helpers

pytestmark = pytest.mark.tmux

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
BINARY = Path(sys.executable).parent / "invokeai-tui"


def tmux(*args: str) -> str:
    return subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=30).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_screen(session: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen after {timeout} s; screen was:\n{shown}")


@pytest.fixture
def tmux_session(tmp_path):
    assert Path(TMUX).exists(), "tmux is needed for this test (apt-get install tmux)"
    name = f"tui-test-{uuid.uuid4().hex[:6]}"
    yield name
    tmux("kill-session", "-t", name)


@pytest.mark.parametrize("protocol", ["auto", "none"])
def test_binary_in_tmux(server_url, board, tmux_session, tmp_path, protocol):
    helpers.upload_png(server_url, board, 40, 30, (250, 200, 0))
    board_name = next(b["board_name"] for b in helpers.api(server_url, "GET", "/api/v1/boards/", params={"all": "true"})
                      if b["board_id"] == board)
    log_file = tmp_path / "app.log"
    command = (
        f"{BINARY} --url {server_url} --config {tmp_path / 'config.toml'} --log-file {log_file} "
        f"--image-protocol {protocol}; echo EXITED-$?; sleep 30"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    subprocess.run([TMUX, "new-session", "-d", "-s", tmux_session, "-x", "100", "-y", "30", command],
                   check=True, env=env, timeout=30)
    # Without this tmux waits to see whether Escape starts an alt+key sequence.
    tmux("set-option", "-s", "escape-time", "0")
    # It opens on Generate (the config's default start mode), its model picker focused: 2 is Boards.
    wait_screen(tmux_session, "Iterations")
    assert "live" in wait_screen(tmux_session, "live")
    tmux("send-keys", "-t", tmux_session, "2")
    shown = wait_screen(tmux_session, "Uncategorized")
    assert "6.14.2" in shown or "6.14.2" in screen(tmux_session)
    # Walk down the board list to our board and into its images.
    for _ in range(50):
        if board_name in screen(tmux_session):
            break
        time.sleep(0.2)
    assert board_name in screen(tmux_session)
    # Models mode by number key shows the tiny models.
    tmux("send-keys", "-t", tmux_session, "3")
    shown = wait_screen(tmux_session, "tiny-sd15")
    assert "tiny-unknown" in shown and "sdxl" in shown
    # Help lists the keys of this screen.
    tmux("send-keys", "-t", tmux_session, "F1")
    wait_screen(tmux_session, "Base filter")
    tmux("send-keys", "-t", tmux_session, "Escape")
    time.sleep(0.3)
    tmux("send-keys", "-t", tmux_session, "2")
    wait_screen(tmux_session, "Boards (")
    # q quits cleanly: exit code 0, no traceback on the terminal, the log written to the file.
    tmux("send-keys", "-t", tmux_session, "q")
    shown = wait_screen(tmux_session, "EXITED-")
    assert "EXITED-0" in shown
    assert "Traceback" not in shown
    assert log_file.exists()
