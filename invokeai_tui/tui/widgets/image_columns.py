"""The image list's columns and which of them fit: the title (prompt, else file name) always, then
the full date, the size, the seed and the model, each dropped whole (never cut) when the table is
too narrow for it, the least useful first, as the status bar drops its parts."""

from __future__ import annotations

from dataclasses import dataclass

from ...client.image_titles import full_created, image_title, model_of, seed_of, short_created
from ...client.board_items import VIDEO_MARK, BoardVideo, video_length
from ...client.metadata_cache import MISSING
from ...client.records import ImageRecord

MIN_TITLE = 16  # below this a title says too little: drop a column instead
PREFIX = 3  # "✓★ "


@dataclass(frozen=True)
class Columns:
    title: int
    created: int = 0  # 19 (date and time), 11 (MM-DD HH:MM) or 0 (hidden)
    size: int = 0
    seed: int = 0
    model: int = 0


# From the most columns to the fewest; the first whose title keeps MIN_TITLE cells wins.
CHOICES = [
    {"created": 19, "size": 9, "seed": 10, "model": 18},
    {"created": 19, "size": 9, "seed": 10},
    {"created": 19, "size": 9},
    {"created": 19},
    {"created": 11},
    {},
]


def row_layout(width: int) -> Columns:
    for choice in CHOICES:
        used = PREFIX + sum(w + 1 for w in choice.values())
        if width - used >= MIN_TITLE:
            return Columns(title=width - used, **choice)
    return Columns(title=max(1, width - PREFIX))


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _cells(columns: Columns, title: str, created: str, size: str, seed: str, model: str) -> str:
    text = f"{_cell(title, columns.title):<{columns.title}}"
    if columns.model:
        text += f" {_cell(model, columns.model):<{columns.model}}"
    if columns.seed:
        text += f" {_cell(seed, columns.seed):>{columns.seed}}"
    if columns.size:
        text += f" {_cell(size, columns.size):>{columns.size}}"
    if columns.created:
        text += f" {_cell(created, columns.created):<{columns.created}}"
    return text


def row_text(record: ImageRecord, metadata, marked: bool, width: int) -> str:
    """One row, ``width`` cells; ``metadata`` is ``MISSING`` while it loads (the file name shows)."""
    columns = row_layout(width)
    known = metadata is not MISSING
    created = full_created(record) if columns.created == 19 else short_created(record)
    title = image_title(record, metadata if known else None)
    model = model_of(metadata) if known else ""
    if isinstance(record, BoardVideo):  # told apart by its marker and length, whatever the width
        title = f"{VIDEO_MARK} {video_length(record)} · {title}"
        model = model or "video"
    text = _cells(columns, title, created, f"{record.width}×{record.height}", seed_of(metadata) if known else "",
                  model)
    marks = f"{'✓' if marked else ' '}{'★' if record.starred else ' '} "
    return (marks + text).ljust(width)[:width]


def row_header(width: int) -> str:
    columns = row_layout(width)
    return ("✓★ " + _cells(columns, "title", "created", "size", "seed", "model")).ljust(width)[:width]
