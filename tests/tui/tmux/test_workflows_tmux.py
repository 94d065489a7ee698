"""The real `invokeai-tui` binary in tmux: open "Text to Image - SD1.5" from the library, pick the
tiny SD-1 model, fill the prompt and size with keys, submit, and see the run complete."""

from __future__ import annotations

import pytest

from tests.support import rest as helpers
from tests.support.tmux import keys, quit_cleanly, session, start_app, wait_screen  # noqa: F401 - the fixture

pytestmark = pytest.mark.tmux


def test_open_fill_submit_completed_in_tmux(server_url, session, tmp_path):  # noqa: F811 - the fixture
    before = set(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"])
    start_app(session, server_url, tmp_path)
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
    quit_cleanly(session, "C-q")
