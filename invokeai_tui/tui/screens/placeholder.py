"""A mode whose screen is not built yet (issue 6 fills in Workflows and Queue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from .base import ModeScreen


class PlaceholderScreen(ModeScreen):
    DEFAULT_CSS = """
    PlaceholderScreen .placeholder { width: 1fr; height: 1fr; content-align: center middle; color: $text-muted; }
    """
    TEXT = "Not here yet."

    def compose_body(self) -> ComposeResult:
        yield Static(self.TEXT, classes="placeholder")
