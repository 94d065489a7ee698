"""The status bar on a narrow terminal keeps what matters: the connection state and every queue
count (a failed count cut off at the right edge at 80 columns is how this was found)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from invokeai_tui.tui.widgets.status_bar import status_content


def app(**extra):
    values = dict(connection_state="live", server_url="http://invokeai.example.org:9090", server_version="6.14.2",
                  user_label="alice@example.com", queue_counts=(3, 1, 1200, 2))
    values.update(extra)
    return SimpleNamespace(**values)


@pytest.mark.parametrize("width", [160, 120, 100, 80, 70, 60])
def test_counts_and_state_always_whole(width):
    text = status_content(app(), width).plain
    assert len(text) <= width, f"{len(text)} cells on {width}: cut"
    for part in ("live", "3 pending", "1 running", "1200 done", "2 failed"):
        assert part in text, (part, text)


def test_wide_shows_everything_narrow_drops_extras_first():
    wide = status_content(app(), 160).plain
    assert "invokeai.example.org:9090" in wide and "v6.14.2" in wide and "alice@example.com" in wide
    at_80 = status_content(app(), 80).plain
    assert "invokeai.example.org:9090" in at_80 and "v6.14.2" not in at_80
    assert "failed" not in status_content(app(queue_counts=(0, 0, 5, 0)), 80).plain  # no failures, no word
