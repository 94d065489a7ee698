"""Workflows mode. A placeholder until issue 6 replaces this file with the workflow browser/form."""

from __future__ import annotations

from .placeholder import PlaceholderScreen


class WorkflowsScreen(PlaceholderScreen):
    MODE = "workflows"
    HELP_TITLE = "Workflows"
    TEXT = "Workflows: coming soon (issue 6).\nPress 1 for Boards, 2 for Models."
