"""Updating a label without a layout pass when that cannot change its height."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def update_text(widget: Static, content: str | Content) -> None:
    """``widget.update(content)``, laying the screen out again only if the text's height may change.

    A layout pass re-measures every widget on the screen; a title updated on every key press or
    queue event must not cost one. When the old and the new text both fit on one line of the
    widget, its height (auto or fixed) is one line either way."""
    if getattr(widget, "_one_line_content", None) == content:
        return  # unchanged: not even a repaint
    plain = content.plain if isinstance(content, Content) else Content.from_markup(content).plain \
        if getattr(widget, "_render_markup", True) else str(content)
    room = widget.content_region.width
    before = getattr(widget, "_one_line_plain", None)
    fits = room > 0 and "\n" not in plain and len(plain) <= room
    fitted = before is not None and "\n" not in before and len(before) <= room
    widget._one_line_plain = plain
    widget._one_line_content = content
    widget.update(content, layout=not (fits and fitted))
