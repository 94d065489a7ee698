"""The real `invokeai-tui` binary in tmux on Generate, as a person uses it: it opens there, the tiny
SD-1 model first; type a dynamic prompt (its count shown), steps and size with keys, f5, and see the
two images complete under the form."""

from __future__ import annotations

import pytest

from tests.support.tmux import keys, quit_cleanly, session, start_app, wait_screen  # noqa: F401 - the fixture

pytestmark = pytest.mark.tmux


def test_generate_from_the_keyboard_in_tmux(server_url, session, tmp_path):  # noqa: F811 - the fixture
    start_app(session, server_url, tmp_path)
    wait_screen(session, "live")
    wait_screen(session, "Stable Diffusion 1.x · tiny-sd15")  # a fresh start picks the first family's model
    keys(session, literal="a lighthouse, {red|blue} sky")  # the prompt has the focus
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
    quit_cleanly(session, "C-l", "q")
