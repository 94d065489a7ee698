"""Updating a label without a layout pass when that cannot change its height."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..compat import renders_markup


def _as_content(widget: Static, content: str | Content) -> Content:
    if isinstance(content, Content):
        return content
    return Content.from_markup(content) if renders_markup(widget) else Content(str(content))


def update_text(widget: Static, content: str | Content, min_lines: int = 0) -> None:
    """``widget.update(content)``, laying the screen out again only if the text's height changes.

    A layout pass re-measures every widget on the screen and redraws it; a title updated on every
    key press or queue event must not cost one. Both texts are measured at the widget's present
    width: the same number of lines means the same height (auto or fixed). ``min_lines``: the
    widget is at least that tall whatever its text (its CSS says so), so texts shorter than that
    are all the same height."""
    shown = getattr(widget, "_shown_content", None)
    if shown == content:
        return  # unchanged: not even a repaint
    room = widget.content_region.width
    same_height = False
    if room > 0 and shown is not None:
        styles = widget.styles
        same_height = max(min_lines, _as_content(widget, shown).get_height(styles, room)) == \
            max(min_lines, _as_content(widget, content).get_height(styles, room))
    widget._shown_content = content
    widget.update(content, layout=not same_height)
