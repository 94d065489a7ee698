"""The metadata panel: what an image is (size, board, dates) and how it was made (prompt, model,
seed, steps...) from the metadata the server stored with it."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...client.board_items import BoardVideo, video_length
from ...client.records import ImageRecord
from .text_update import update_text

# (metadata key, label) in the order a person reads them.
FIELDS = [
    ("positive_prompt", "Prompt"),
    ("negative_prompt", "Negative"),
    ("model", "Model"),
    ("seed", "Seed"),
    ("steps", "Steps"),
    ("cfg_scale", "CFG"),
    ("scheduler", "Scheduler"),
    ("generation_mode", "Mode"),
]


def describe_model(value: Any) -> str:
    if isinstance(value, dict):
        name = value.get("name") or value.get("key") or "?"
        base = value.get("base")
        return f"{name} ({base})" if base else str(name)
    return str(value)


def metadata_lines(record: ImageRecord | None, metadata: dict[str, Any] | None, board_name: str = "") -> list[str]:
    if record is None:
        return []
    lines = [
        f"[b]{escape(record.image_name)}[/b]",
        f"Size      {record.width}×{record.height}",
        *([f"Video     {escape(video_length(record))}" + (f" · {record.frame_count} frames" if record.frame_count else "")]
          if isinstance(record, BoardVideo) else []),
        f"Created   {escape(record.created_at or '')}",
        f"Category  {escape(record.image_category or '')}{'  ★ starred' if record.starred else ''}",
    ]
    if board_name:
        lines.append(f"Board     {escape(board_name)}")
    if not metadata:
        lines.append("[dim]no generation metadata[/dim]")
        return lines
    for key, label in FIELDS:
        if key in metadata and metadata[key] not in (None, ""):
            value = describe_model(metadata[key]) if key == "model" else str(metadata[key])
            lines.append(f"{label:<9} {escape(value)}")
    if "width" in metadata and "height" in metadata:
        lines.append(f"Gen size  {metadata['width']}×{metadata['height']}")
    return lines


class MetadataPanel(VerticalScroll):
    DEFAULT_CSS = """
    MetadataPanel { height: 1fr; }
    MetadataPanel > Static { width: 1fr; min-height: 100%; }
    """

    def compose(self):
        yield Static("", id="metadata-text")

    def show(self, record: ImageRecord | None, metadata: dict[str, Any] | None, board_name: str = "") -> None:
        # At least as tall as the panel (its CSS): a text that fits changes no size, so showing the
        # next image is a repaint, not a layout pass of the whole screen (two: a size change asks
        # for another).
        update_text(self.query_one("#metadata-text", Static), "\n".join(metadata_lines(record, metadata, board_name)),
                    min_lines=self.scrollable_content_region.height)
