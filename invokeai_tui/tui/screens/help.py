"""The help screen: the keys of the screen the user was on, read from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..lifecycle import TeardownGuard


class HelpScreen(TeardownGuard, ModalScreen):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 98%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen .hint { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, screen_title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._screen_title = screen_title
        self._rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self._rows), default=4) + 2
        lines = "\n".join(f"[b]{k:<{width}}[/b]{d}" for k, d in self._rows) or "No keys here."
        with Vertical():
            yield Label(f"Keys: {self._screen_title}", classes="title")
            with VerticalScroll():
                yield Static(lines, id="help-keys", markup=True)
            yield Label("ctrl+p opens the command palette · esc closes this", classes="hint")


# Scrolling keys every scrollable widget has; they would only bury the app's own keys.
_NOISE = {"Scroll Up", "Scroll Down", "Scroll Left", "Scroll Right", "Scroll Home", "Scroll End",
          "Page Up", "Page Down", "Page Left", "Page Right", "Focus Next", "Focus Previous"}


def bindings_of(screen) -> list[tuple[str, str]]:
    """(key, description) for every binding active on ``screen``, screen's own first."""
    seen: dict[str, tuple[str, str]] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.description in _NOISE:
            continue
        shown = app.get_key_display(binding)
        desc = binding.description
        seen.setdefault(desc + "\0" + shown, (shown, desc))
    # Merge keys that do the same thing ("j" and "down" both "Next").
    merged: dict[str, list[str]] = {}
    for shown, desc in seen.values():
        merged.setdefault(desc, []).append(shown)
    return [(" ".join(keys), desc) for desc, keys in merged.items()]
