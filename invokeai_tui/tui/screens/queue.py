"""Queue mode. A placeholder until issue 6 replaces this file with the live queue."""

from __future__ import annotations

from .placeholder import PlaceholderScreen


class QueueScreen(PlaceholderScreen):
    MODE = "queue"
    HELP_TITLE = "Queue"
    TEXT = "Queue: coming soon (issue 6). The status bar shows the queue's counts."
