"""The real `invokeai-tui` binary in tmux: open "Text to Image - SD1.5" from the library, pick the
tiny SD-1 model, fill the prompt and size with keys, submit, and see the run complete."""

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


def keys(session: str, *names: str, literal: str | None = None) -> None:
    """Send keys one at a time with a pause, as a person types (keys sent in one burst reach the right
    field too since the app orders them, tui/compat.py OrderedInput: tests/tui/tmux/test_keys_tmux.py)."""
    for name in names:
        tmux("send-keys", "-t", session, name)
        time.sleep(0.6)
    if literal is not None:
        tmux("send-keys", "-t", session, "-l", literal)
        time.sleep(0.6)


def wait_screen(session: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = tmux("capture-pane", "-p", "-t", session)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen after {timeout} s; screen was:\n{shown}")


@pytest.fixture
def session():
    assert Path(TMUX).exists(), "tmux is needed for this test (apt-get install tmux)"
    name = f"wf-test-{uuid.uuid4().hex[:6]}"
    yield name
    tmux("kill-session", "-t", name)


def test_open_fill_submit_completed_in_tmux(server_url, session, tmp_path):
    before = set(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"])
    command = (f"{BINARY} --url {server_url} --config {tmp_path / 'config.toml'} --log-file {tmp_path / 'app.log'} "
               f"--image-protocol halfcell; echo EXITED-$?; sleep 30")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    # Its own state folder, given with -e: a running tmux server gives new sessions its own environment.
    state_home = f"XDG_STATE_HOME={tmp_path / 'state'}"
    subprocess.run([TMUX, "new-session", "-d", "-e", state_home, "-s", session, "-x", "150", "-y", "45", command],
                   check=True, env=env, timeout=30)
    tmux("set-option", "-s", "escape-time", "0")
    wait_screen(session, "live")
    keys(session, "Escape", "4")  # it opens on Generate, typing into the prompt: Esc leaves it
    wait_screen(session, "Library (")
    keys(session, "/", literal="Text to Image - SD1.5")
    # Enter in the search opens the first match: the plain SD1.5 workflow (its LoRA and
    # prompt-from-file variants sort after it).
    keys(session, "Enter")
    shown = wait_screen(session, "6 inputs")
    assert "Text to Image - SD1.5  default" in shown
    # The model picker has focus: open it, choose the tiny SD-1 model.
    keys(session, "Enter")
    wait_screen(session, "tiny-sd15 (sd-1)")
    keys(session, "Down", "Enter")
    # Prompt (a multi-line editor): clear the line, type ours.
    keys(session, "Tab", "C-a", "C-k", literal="a lighthouse made of glass")
    keys(session, "Tab", "Tab", "C-u", literal="64")
    keys(session, "Tab", "C-u", literal="64")
    shown = wait_screen(session, "a lighthouse made of glass")
    assert "⚠" not in shown  # nothing marked as bad
    keys(session, "F5")
    wait_screen(session, "Enqueued 1 item(s)")
    wait_screen(session, "Queue ", timeout=10)  # the pane opened by itself
    shown = wait_screen(session, "Completed 1 item(s): 1 image(s)", timeout=240)
    assert "completed" in shown
    new = set(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"]) - before
    assert len(new) == 1
    item = helpers.get_item(server_url, new.pop())
    assert item["status"] == "completed"
    nodes = item["session"]["graph"]["nodes"]
    assert any(n.get("prompt") == "a lighthouse made of glass" for n in nodes.values())
    noise = next(n for n in nodes.values() if n["type"] == "noise")
    assert (noise["width"], noise["height"]) == (64, 64)
    keys(session, "F2")  # hide the pane again, then quit cleanly
    keys(session, "C-q")
    shown = wait_screen(session, "EXITED-")
    assert "EXITED-0" in shown and "Traceback" not in shown
