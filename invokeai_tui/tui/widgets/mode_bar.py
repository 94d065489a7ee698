"""A one-line bar naming the modes and their number keys, the current one highlighted."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

MODE_TITLES = [("generate", "Generate"), ("boards", "Boards"), ("models", "Models"), ("workflows", "Workflows"), ("queue", "Queue")]
BRAND = " InvokeAI "
HINTS = ("f1 help · ctrl+p commands", "f1 help · ^p palette", "f1 help")


def mode_bar_content(current: str, width: int) -> Content:
    """The bar for a terminal ``width`` cells wide: every mode stays whole and the current one is
    padded on both sides (its highlight never touches its neighbour); what does not fit goes first:
    the long hint, then the short one, then the brand, then the gaps shrink, and last the other
    modes keep only their number key."""
    full = [f" {n} {title} " for n, (_mode, title) in enumerate(MODE_TITLES, start=1)]
    short = [label if mode == current else f" {n} " for n, ((mode, _t), label) in enumerate(zip(MODE_TITLES, full), 1)]
    for brand, gap, labels in ((BRAND, " ", full), ("", " ", full), ("", "", full), ("", "", short)):
        used = len(brand) + sum(len(gap) + len(label) for label in labels)
        if used <= width:
            break
    parts = [Content.styled(brand, "bold")] if brand else []
    for (mode, _title), label in zip(MODE_TITLES, labels):
        parts.append(Content(gap))
        parts.append(Content.styled(label, "bold reverse") if mode == current else Content(label))
    for hint in HINTS:
        if used + 3 + len(hint) <= width:
            parts.append(Content.styled("   " + hint, "dim"))
            break
    return Content("").join(parts)


class ModeBar(Widget):
    DEFAULT_CSS = """
    ModeBar { dock: top; height: 1; background: $panel; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Content:
        return mode_bar_content(self.current, self.size.width or 120)
