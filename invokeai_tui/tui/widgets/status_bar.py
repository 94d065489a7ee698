"""The status bar: which server, its version, whether events are live, and the queue's counts."""

from __future__ import annotations

from textual.content import Content
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
    StatusBar { height: 1; background: $panel; color: $text; }
    """

    def on_mount(self) -> None:
        for attr in ("connection_state", "server_version", "queue_counts", "server_url", "user_label"):
            self.watch(self.app, attr, lambda _value: self.refresh(), init=False)

    def render(self) -> Content:
        app = self.app
        state = getattr(app, "connection_state", "offline")
        mark, word, colour = STATE_STYLE.get(state, ("?", state, "white"))
        parts = [Content.styled(f" {mark} {word} ", f"bold {colour}")]
        url = getattr(app, "server_url", "")
        parts.append(Content(" " + url.removeprefix("http://").removeprefix("https://")))
        version = getattr(app, "server_version", "")
        if version:
            parts.append(Content.styled(f"  v{version}", "dim"))
        user = getattr(app, "user_label", "")
        if user:
            parts.append(Content.styled(f"  {user}", "dim"))
        counts = getattr(app, "queue_counts", None)
        if counts:
            pending, running, done, failed = counts
            parts.append(Content.styled("   queue: ", "dim"))
            parts.append(Content.styled(f"{pending} pending", "yellow" if pending else "dim"))
            parts.append(Content(" · "))
            parts.append(Content.styled(f"{running} running", "cyan" if running else "dim"))
            parts.append(Content(" · "))
            parts.append(Content.styled(f"{done} done", "dim"))
            if failed:
                parts.append(Content(" · "))
                parts.append(Content.styled(f"{failed} failed", "red"))
        return Content("").join(parts)
