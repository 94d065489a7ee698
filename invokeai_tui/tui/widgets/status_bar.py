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
        return status_content(self.app, self.size.width or 120)


def status_content(app, width: int) -> Content:
    """The bar for ``width`` cells. The connection state and the queue counts (failed above all)
    always show; the version, the user, the "queue:" label and then the server go first when the
    terminal is narrow."""
    state = getattr(app, "connection_state", "offline")
    mark, word, colour = STATE_STYLE.get(state, ("?", state, "white"))
    url = getattr(app, "server_url", "").removeprefix("http://").removeprefix("https://")
    version = getattr(app, "server_version", "")
    user = getattr(app, "user_label", "")
    counts = getattr(app, "queue_counts", None)

    def queue_parts(label: str) -> list[Content]:
        if not counts:
            return []
        pending, running, done, failed = counts
        parts = [Content.styled(label, "dim"),
                 Content.styled(f"{pending} pending", "yellow" if pending else "dim"), Content(" · "),
                 Content.styled(f"{running} running", "cyan" if running else "dim"), Content(" · "),
                 Content.styled(f"{done} done", "dim")]
        if failed:
            parts += [Content(" · "), Content.styled(f"{failed} failed", "red")]
        return parts

    head = Content.styled(f" {mark} {word} ", f"bold {colour}")
    choices = [
        (url, version, user, "   queue: "),
        (url, "", user, "   queue: "),
        (url, "", "", "   queue: "),
        (url, "", "", "  "),
        ("", "", "", " "),
    ]
    for shown_url, shown_version, shown_user, label in choices:
        parts = [head]
        if shown_url:
            parts.append(Content(" " + shown_url))
        if shown_version:
            parts.append(Content.styled(f"  v{shown_version}", "dim"))
        if shown_user:
            parts.append(Content.styled(f"  {shown_user}", "dim"))
        parts += queue_parts(label)
        content = Content("").join(parts)
        if len(content.plain) <= width:
            break
    return content
