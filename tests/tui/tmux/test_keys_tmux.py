"""The real `invokeai-tui` binary in tmux, keys sent in bursts (one write each, as a password manager
or fast typing does): ``email<Tab>password<Enter>`` logs in, and ``4/sdxl`` right after reaches the
Workflows search (tui/compat.py OrderedInput)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.tui.tmux.test_workflows_tmux import BINARY, TMUX, session, tmux, wait_screen  # noqa: F401

pytestmark = pytest.mark.tmux


def burst(session: str, text: str) -> None:
    """``text`` written to the terminal at once (tab, enter as their control characters)."""
    tmux("send-keys", "-t", session, "-l", text)


def test_login_and_search_sent_in_bursts(multiuser_server, session, tmp_path):  # noqa: F811 - the fixture
    user = multiuser_server["user"]
    config = tmp_path / "config.toml"
    config.write_text('start_mode = "boards"\n')
    command = (f"{BINARY} --url {multiuser_server['url']} --config {config} --log-file {tmp_path / 'app.log'} "
               f"--image-protocol halfcell; echo EXITED-$?; sleep 30")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    state_home = f"XDG_STATE_HOME={tmp_path / 'state'}"
    subprocess.run([TMUX, "new-session", "-d", "-e", state_home, "-s", session, "-x", "120", "-y", "36", command],
                   check=True, env=env, timeout=30)
    tmux("set-option", "-s", "escape-time", "0")
    wait_screen(session, "Log in to")
    burst(session, f"{user['email']}\t{user['password']}\r")
    wait_screen(session, "live")
    burst(session, "4/sdxl")
    wait_screen(session, "Library (")
    shown = wait_screen(session, "sdxl")
    assert "Log in to" not in shown
    tmux("send-keys", "-t", session, "C-q")
    shown = wait_screen(session, "EXITED-")
    assert "EXITED-0" in shown and "Traceback" not in shown
