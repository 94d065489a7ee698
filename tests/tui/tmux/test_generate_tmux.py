"""The real `invokeai-tui` binary in tmux on Generate, as a person uses it: it opens there, the tiny
SD-1 model first; type a dynamic prompt (its count shown), steps and size with keys, f5, and see the
two images complete under the form."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.tui.tmux.test_workflows_tmux import BINARY, TMUX, keys, session, tmux, wait_screen  # noqa: F401

pytestmark = pytest.mark.tmux


def test_generate_from_the_keyboard_in_tmux(server_url, session, tmp_path):  # noqa: F811 - the fixture
    command = (f"{BINARY} --url {server_url} --config {tmp_path / 'config.toml'} --log-file {tmp_path / 'app.log'} "
               f"--image-protocol halfcell; echo EXITED-$?; sleep 30")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # the last parameters go to the test's own folder
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "150", "-y", "45", command],
                   check=True, env=env, timeout=30)
    tmux("set-option", "-s", "escape-time", "0")
    wait_screen(session, "live")
    wait_screen(session, "Stable Diffusion 1.x · tiny-sd15")  # a fresh start picks the first family's model
    keys(session, "Tab", literal="a lighthouse, {red|blue} sky")
    wait_screen(session, "2 prompts")  # the server counted the expansions
    keys(session, "Tab", "Tab", "C-a", "C-k", literal="2")  # past the negative prompt, to the steps
    keys(session, *["Tab"] * 8, "C-a", "C-k", literal="64")  # cfg … LoRAs, then the width
    keys(session, "Tab", "C-a", "C-k", literal="64")
    shown = wait_screen(session, "64      × 64")
    assert "Steps         2" in shown
    keys(session, "F5")
    wait_screen(session, "Enqueued 2 image(s) with tiny-sd15")
    shown = wait_screen(session, "Completed 2 item(s): 2 image(s)", timeout=240)
    assert "Traceback" not in shown
    assert (tmp_path / "state" / "invokeai-tui" / "generate.json").exists()  # kept for the next start
    keys(session, "C-l", "q")
    assert "EXITED-0" in wait_screen(session, "EXITED-")
