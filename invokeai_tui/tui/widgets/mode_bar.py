"""A one-line bar naming the modes and their number keys, the current one highlighted."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

MODE_TITLES = [("boards", "Boards"), ("models", "Models"), ("workflows", "Workflows"), ("queue", "Queue")]


class ModeBar(Widget):
    DEFAULT_CSS = """
    ModeBar { dock: top; height: 1; background: $panel; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Content:
        parts = [Content.styled(" InvokeAI ", "bold")]
        for number, (mode, title) in enumerate(MODE_TITLES, start=1):
            parts.append(Content(" "))
            label = f" {number} {title} "
            parts.append(Content.styled(label, "bold reverse") if mode == self.current else Content(label))
        parts.append(Content.styled("   f1 help · ctrl+p commands", "dim"))
        return Content("").join(parts)
