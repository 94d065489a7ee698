"""The mode bar at any width: every mode whole, the current one highlighted with a plain space on
each side (never touching its neighbour), nothing cut off mid-word at the right edge."""

from __future__ import annotations

import pytest

from invokeai_tui.tui.widgets.mode_bar import MODE_TITLES, mode_bar_content


def highlighted(content) -> list[str]:
    """The text of the spans drawn reversed."""
    return [content.plain[span.start:span.end] for span in content.spans if "reverse" in str(span.style)]


@pytest.mark.parametrize("width", [160, 120, 100, 80, 64, 59, 56, 50, 46, 42, 30])
@pytest.mark.parametrize("current", [mode for mode, _title in MODE_TITLES])
def test_every_width_keeps_the_modes_whole_and_the_current_one_apart(width, current):
    content = mode_bar_content(current, width)
    text = content.plain
    assert len(text) <= width, f"{len(text)} cells on a {width}-cell bar: cut at the edge"
    for number, (mode, title) in enumerate(MODE_TITLES, start=1):
        # Every mode whole down to 54 cells; narrower, the others keep their number key only.
        assert f"{number} {title}" in text if width >= 54 or mode == current else f" {number} " in text
    title = dict(MODE_TITLES)[current]
    number = [m for m, _t in MODE_TITLES].index(current) + 1
    assert highlighted(content) == [f" {number} {title} "]  # padded inside the highlight
    start = text.index(f" {number} {title} ")
    end = start + len(f" {number} {title} ")
    # Outside the highlight: a plain space (or the bar's edge) on both sides.
    assert start == 0 or text[start - 1] == " "
    assert end == len(text) or text[end] == " "


def test_hints_shorten_before_anything_is_cut():
    assert mode_bar_content("boards", 120).plain.endswith("f1 help · ctrl+p commands")
    assert mode_bar_content("boards", 95).plain.endswith("f1 help · ^p palette")
    assert mode_bar_content("boards", 80).plain.endswith("f1 help")  # 80 columns: every mode, the brand, f1
    assert "InvokeAI" in mode_bar_content("boards", 70).plain
    assert "InvokeAI" not in mode_bar_content("boards", 66).plain  # the brand goes before the modes crowd
