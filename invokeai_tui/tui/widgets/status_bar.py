"""The status bar: which server, its version, whether events are live, and the queue's counts."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

STATE_STYLE = {
    "live": ("●", "live", "green"),
    "reconnecting": ("◌", "reconnecting", "yellow"),
    "connecting": ("◌", "connecting", "yellow"),
    "offline": ("○", "offline", "red"),
    "polling": ("◐", "polling", "yellow"),
}


class StatusBar(Widget):
    """One line at the bottom of every mode screen; it redraws when the app's state changes."""

    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def on_mount(self) -> None:
        for attr in ("connection_state", "server_version", "queue_counts", "server_url", "user_label"):
            self.watch(self.app, attr, lambda _value: self.refresh(), init=False)

    def render(self) -> Text:
        app = self.app
        state = getattr(app, "connection_state", "offline")
        mark, word, colour = STATE_STYLE.get(state, ("?", state, "white"))
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {mark} {word} ", style=f"bold {colour}")
        url = getattr(app, "server_url", "")
        text.append(url.removeprefix("http://").removeprefix("https://"))
        version = getattr(app, "server_version", "")
        if version:
            text.append(f" v{version}", style="dim")
        user = getattr(app, "user_label", "")
        if user:
            text.append(f" · {user}", style="dim")
        counts = getattr(app, "queue_counts", None)
        if counts:
            pending, running, done, failed = counts
            text.append("  queue ", style="dim")
            text.append(f"{pending} pending", style="yellow" if pending else "dim")
            text.append(" · ")
            text.append(f"{running} running", style="cyan" if running else "dim")
            text.append(" · ")
            text.append(f"{done} done", style="dim")
            if failed:
                text.append(" · ")
                text.append(f"{failed} failed", style="red")
        return text
