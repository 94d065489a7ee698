"""The help screen: the keys of the screen the user was on, read from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.markup import escape
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
        keys = [k for k, _ in self._rows if k is not None]
        width = max((len(k) for k in keys), default=4) + 2
        lines = []
        for key, desc in self._rows:
            if key is None:  # a section heading
                lines.append(("\n" if lines else "") + f"[b $accent]{desc}[/]")
            else:
                lines.append(f"[b]{escape(key):<{width}}[/b]{escape(desc)}")
        with Vertical():
            yield Label(f"Keys: {self._screen_title}", classes="title")
            with VerticalScroll():
                yield Static("\n".join(lines) or "No keys here.", id="help-keys", markup=True)
            yield Label("ctrl+p opens the command palette · esc closes this", classes="hint")


# Scrolling keys every scrollable widget has; they would only bury the app's own keys.
_NOISE = {"Scroll Up", "Scroll Down", "Scroll Left", "Scroll Right", "Scroll Home", "Scroll End",
          "Page Up", "Page Down", "Page Left", "Page Right", "Focus Next", "Focus Previous"}


SECTIONS = ("This screen", "Everywhere", "Moving around")


def _section(binding) -> int:
    """Our own bindings carry ids ("boards.star", "app.quit"); Textual's built-in ones do not."""
    binding_id = binding.id or ""
    if binding.action in ("command_palette", "app.command_palette"):
        return 1
    if not binding_id:
        return 2
    return 1 if binding_id.startswith("app.") else 0


def bindings_of(screen) -> list[tuple[str | None, str]]:
    """(key, description) for every binding active on ``screen``, grouped under headings (rows with
    key None): this screen's keys first, then the app-wide ones, then moving around."""
    seen: dict[str, tuple[str, str, int]] = {}
    app = screen.app
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.description in _NOISE:
            continue
        shown = app.get_key_display(binding)
        desc = "Command palette" if binding.action in ("command_palette", "app.command_palette") else binding.description
        seen.setdefault(desc + "\0" + shown, (shown, desc, _section(binding)))
    # Merge keys that do the same thing ("j" and "down" both "Next").
    merged: dict[tuple[int, str], list[str]] = {}
    for shown, desc, section in seen.values():
        merged.setdefault((section, desc), []).append(shown)
    rows: list[tuple[str | None, str]] = []
    for number, title in enumerate(SECTIONS):
        group = [(" ".join(keys), desc) for (section, desc), keys in merged.items() if section == number]
        if group:
            rows.append((None, title))
            rows.extend(group)
    return rows
