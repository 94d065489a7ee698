"""A one-line bar naming the modes and their number keys, the current one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

MODE_TITLES = [("boards", "Boards"), ("models", "Models"), ("workflows", "Workflows"), ("queue", "Queue")]


class ModeBar(Widget):
    DEFAULT_CSS = """
    ModeBar { dock: top; height: 1; background: $panel; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Text:
        text = Text(" InvokeAI ", style="bold reverse", no_wrap=True, overflow="ellipsis")
        for number, (mode, title) in enumerate(MODE_TITLES, start=1):
            style = "bold reverse $accent" if mode == self.current else ""
            text.append(" ")
            text.append(f" {number} {title} ", style="bold reverse" if mode == self.current else "")
        text.append("   f1 help · ctrl+p commands", style="dim")
        return text
