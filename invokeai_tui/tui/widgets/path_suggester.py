"""Completion for file paths typed into an Input: suggests the first entry that extends the text."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester


def complete_path(text: str) -> str | None:
    """The completion of ``text`` (a partial path), or None. Folders end with a slash."""
    if not text:
        return None
    expanded = os.path.expanduser(text)
    folder, prefix = os.path.split(expanded)
    try:
        entries = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    matches = [e for e in entries if e.startswith(prefix) and (prefix.startswith(".") or not e.startswith("."))]
    if not matches or (matches == [prefix] and not os.path.isdir(expanded)):
        return None
    best = matches[0]
    if len(matches) > 1:
        common = os.path.commonprefix(matches)
        best = common if len(common) > len(prefix) else matches[0]
    completed = os.path.join(folder, best)
    if os.path.isdir(completed) and not completed.endswith(os.sep) and best in matches:
        completed += os.sep
    # Keep the user's "~" rather than showing the expanded home folder.
    if text.startswith("~") and completed.startswith(os.path.expanduser("~")):
        completed = "~" + completed[len(os.path.expanduser("~")) :]
    return completed if completed != text else None


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def is_image_file(path: str) -> bool:
    return Path(path).expanduser().suffix.lower() in {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}
