"""The real `invokeai-tui` binary in tmux, keys sent in bursts (one write each, as a password manager
or fast typing does): ``email<Tab>password<Enter>`` logs in, and ``4/sdxl`` right after reaches the
Workflows search (tui/compat.py OrderedInput)."""

from __future__ import annotations


import pytest

from tests.support.tmux import burst, quit_cleanly, session, start_app, wait_screen  # noqa: F401 - the fixture

pytestmark = pytest.mark.tmux


def test_login_and_search_sent_in_bursts(multiuser_server, session, tmp_path):  # noqa: F811 - the fixture
    user = multiuser_server["user"]
    config = tmp_path / "config.toml"
    config.write_text('start_mode = "boards"\n')
    start_app(session, multiuser_server['url'], tmp_path, size=(120, 36), config=config)
    wait_screen(session, "Log in to")
    burst(session, f"{user['email']}\t{user['password']}\r")
    wait_screen(session, "live")
    burst(session, "4/sdxl")
    wait_screen(session, "Library (")
    shown = wait_screen(session, "sdxl")
    assert "Log in to" not in shown
    quit_cleanly(session, "C-q")
