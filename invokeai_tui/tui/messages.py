"""Typed messages the live-server service (``app.live``) posts to the widgets and screens that
subscribed to it (``app.live.subscribe(self)``). Handle them as ``on_queue_changed`` etc. or with
``@on(QueueChanged)``. None of them bubble: each subscriber gets its own copy."""

from __future__ import annotations

from textual.message import Message

from ..client.events import ConnectionState
from ..client.queue_model import RunningProgress


class LiveMessage(Message, bubble=False):
    """Base of the service's messages."""


class QueueChanged(LiveMessage):
    """Rows, counts or the paused flag changed; read them from ``app.live``."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, QueueChanged)  # only the newest state matters


class ProgressFrame(LiveMessage):
    """The running item's progress (at most a few frames a second); None when nothing runs."""

    def __init__(self, progress: RunningProgress | None) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        # A subscriber that is behind draws only the newest frame.
        return isinstance(message, ProgressFrame)


class ConnectionChanged(LiveMessage):
    def __init__(self, state: ConnectionState) -> None:
        super().__init__()
        self.state = state


class ServerReconnected(LiveMessage):
    """The event socket is live again after a loss: anything read from the server may be stale."""


class BoardsChanged(LiveMessage):
    """Boards were created, renamed, archived or deleted in this app."""


class ImagesSaved(LiveMessage):
    """The queue saved an image (a node's output, or an item completed)."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImagesSaved)  # a burst of saves is one reload


class InstallJobsChanged(LiveMessage):
    """The model install jobs changed; read them from ``app.live.install_jobs``."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, InstallJobsChanged)  # only the newest state matters


class InstallJobsFinished(LiveMessage):
    """Install jobs completed, failed, were cancelled or were lost (``rows``: their JobRows)."""

    def __init__(self, rows: list) -> None:
        super().__init__()
        self.rows = rows

    @property
    def installed_any(self) -> bool:
        return any(row.job.is_completed for row in self.rows)
