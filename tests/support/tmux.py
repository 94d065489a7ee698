"""Driving the real `invokeai-tui` binary in tmux: start it in a session, send keys, read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
BINARY = Path(sys.executable).parent / "invokeai-tui"


def tmux(*args: str) -> str:
    return subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=30).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def keys(session: str, *names: str, literal: str | None = None) -> None:
    """Send keys one at a time with a pause, as a person types (keys sent in one burst reach the right
    field too since the app orders them, tui/compat.py OrderedInput: tests/tui/tmux/test_keys_tmux.py)."""
    for name in names:
        tmux("send-keys", "-t", session, name)
        time.sleep(0.6)
    if literal is not None:
        tmux("send-keys", "-t", session, "-l", literal)
        time.sleep(0.6)


def burst(session: str, text: str) -> None:
    """``text`` written to the terminal at once (tab, enter as their control characters)."""
    tmux("send-keys", "-t", session, "-l", text)


def wait_screen(session: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen after {timeout} s; screen was:\n{shown}")


def start_app(session: str, url: str, tmp_path: Path, size: tuple[int, int] = (150, 45),
              protocol: str = "halfcell", config: Path | None = None) -> Path:
    """Run the binary in a new detached session with the test's own config, log file and state folder;
    it prints EXITED-<code> when it ends. Returns the log file."""
    log_file = tmp_path / "app.log"
    command = (f"{BINARY} --url {url} --config {config or tmp_path / 'config.toml'} --log-file {log_file} "
               f"--image-protocol {protocol}; echo EXITED-$?; sleep 30")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    # The state folder (Generate's last parameters) is given with -e: a tmux server started by an earlier
    # test gives new sessions ITS environment, not this process's.
    state_home = f"XDG_STATE_HOME={tmp_path / 'state'}"
    width, height = size
    subprocess.run([TMUX, "new-session", "-d", "-e", state_home, "-s", session, "-x", str(width), "-y", str(height),
                    command], check=True, env=env, timeout=30)
    # Without this tmux waits to see whether Escape starts an alt+key sequence.
    tmux("set-option", "-s", "escape-time", "0")
    return log_file


def quit_cleanly(session: str, *quit_keys: str) -> str:
    """Press the keys that quit; the app ends with code 0 and no traceback on the terminal."""
    keys(session, *quit_keys)
    shown = wait_screen(session, "EXITED-")
    assert "EXITED-0" in shown and "Traceback" not in shown, shown
    return shown


@pytest.fixture
def session():
    assert Path(TMUX).exists(), "tmux is needed for this test (apt-get install tmux)"
    name = f"tui-test-{uuid.uuid4().hex[:6]}"
    yield name
    tmux("kill-session", "-t", name)
