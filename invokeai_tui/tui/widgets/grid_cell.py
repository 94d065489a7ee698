"""One cell of the image grid: a thumbnail (textual-image, the app's protocol) over a one-line caption.

A cell is re-bound to another image as the grid pages; it never outlives what is on screen. With
images off (``image_cls`` None) it is its caption and the image's size only (the plain mode).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...client.board_items import VIDEO_MARK, BoardVideo, video_length
from ...client.image_titles import image_title
from ...client.metadata_cache import MISSING
from ...client.records import ImageRecord

CELL_WIDTH = 18  # cells: a 16-cell thumbnail and a margin each side
THUMB_HEIGHT = 8  # rows: 16x8 cells is a square picture (a cell is about twice as tall as wide)
CELL_HEIGHT = THUMB_HEIGHT + 1  # the thumbnail and its caption
PLAIN_HEIGHT = 2  # images off: caption and size
PLAIN_WIDTH = 26


def caption_of(record: ImageRecord | None, metadata=MISSING) -> str:
    """The image's title as the list shows it: the first line of its prompt once its metadata is here,
    else (not read yet, or an upload without one) its file name."""
    if record is None:
        return "… loading"
    title = record.image_name if metadata is MISSING else image_title(record, metadata)
    if isinstance(record, BoardVideo):  # a video: its marker and length lead the caption
        return f"{VIDEO_MARK} {video_length(record)} {title}"
    return title


def fit(box: tuple[int, int], picture: tuple[int, int]) -> tuple[int, int]:
    """(width, height) in cells of a ``picture`` (pixels) drawn as large as fits ``box`` (cells)."""
    width, height = box
    pw, ph = picture
    if not pw or not ph:
        return width, height
    h = max(1, round(width * ph / pw / 2))
    if h <= height:
        return width, h
    return max(1, round(height * 2 * pw / ph)), height


class GridCell(Vertical):
    DEFAULT_CSS = """
    GridCell { width: 1fr; height: 1fr; padding: 0 1; }
    GridCell > .grid-caption { width: 1fr; height: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    GridCell > .grid-size { width: 1fr; height: 1; color: $text-muted; }
    GridCell.-marked > .grid-caption { color: $accent; text-style: bold; }
    GridCell.-cursor > .grid-caption { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    GridCell.-cursor.-blurred > .grid-caption { background: $block-cursor-blurred-background; }
    """
    # An empty cell (past the last image: ``empty``) shows nothing: no caption, no picture. Not
    # ``visibility: hidden``, which is a layout property: every cell turning empty or not (a small
    # board, then a big one) cost a layout pass of the whole screen; and not a CSS class, since a
    # class change restyles the cell and its children (~1-3 ms each here: a whole page from a small
    # board to a big one was most of binding it). For the same reason only the cursor's cell takes
    # -blurred, the one rule that reads it. The picture sits straight in the cell, centred over its
    # caption by margins (``_size_for``): a box around it to centre it was 25 more widgets for every
    # frame to go through.

    def __init__(self, image_cls: type | None) -> None:
        super().__init__()
        self._image_cls = image_cls
        self.index = -1
        self.empty = True  # past the last image: nothing drawn
        self.record: ImageRecord | None = None
        self.showing: str | None = None  # the image whose thumbnail is drawn
        self._shown_key: tuple | None = None
        self.caption = Static("", classes="grid-caption", markup=False)
        self.size_line = Static("", classes="grid-size", markup=False)
        self.image = image_cls(None, classes="grid-thumb") if image_cls is not None else None
        self._shape: tuple[int, int] | None = None  # the picture's pixels the image widget is sized for

    def compose(self) -> ComposeResult:
        if self.image is not None:
            yield self.image
            yield self.caption
        else:
            yield self.caption
            yield self.size_line

    def bind(self, index: int, record: ImageRecord | None, *, marked: bool, cursor: bool, blurred: bool,
             exists: bool, caption: str | None = None) -> bool:
        """Show ``record`` at ``index`` (``caption``: its title, default its file name); True when its
        thumbnail must be fetched. Only what changed is redrawn."""
        caption = caption or caption_of(record)
        key = (index, record, marked, cursor, blurred, exists, caption)
        if key == self._shown_key:
            return False
        self._shown_key = key
        self.index, self.record, self.empty = index, record, not exists
        classes = {name for name, on in (("-marked", marked), ("-cursor", cursor), ("-blurred", blurred and cursor))
                   if on}
        if classes != set(self.classes):
            self.set_classes(classes)  # one restyle, not one per class
        mark = ("✓" if marked else "") + ("★" if record is not None and record.starred else "")
        text = f"{mark} {caption}" if mark else caption  # cut with "…" by its CSS
        self.caption.update(text if exists else "", layout=False)
        if self.image is None:
            size = f"{record.width}×{record.height}" if record is not None else ""
            self.size_line.update(size, layout=False)
            return False
        name = record.image_name if record is not None else None
        if name != self.showing:
            self.showing = None
            if record is not None:
                self._size_for((record.width, record.height))
            self.image.show_picture(None)
            return name is not None
        return False

    def _size_for(self, picture: tuple[int, int]) -> None:
        """Size the image widget for a picture of that many pixels, from the record, before its
        thumbnail arrives: drawing it is then a repaint. A page of pictures shaped like the last one
        (most boards) needs no layout pass at all."""
        self._shape = picture
        content = self.content_size  # zero until the cell is first laid out: then the default shape
        box = (content.width or CELL_WIDTH - 2, content.height - 1 if content.height > 1 else THUMB_HEIGHT)
        width, height = fit(box, picture)
        top, left = (box[1] - height) // 2, (box[0] - width) // 2  # centred as ``align: center middle`` does
        styles = self.image.styles
        if (styles.width is None or styles.height is None
                or (styles.width.value, styles.height.value) != (width, height)):
            styles.width, styles.height = width, height
        margin = (top, 0, box[1] - height - top, left)
        if tuple(styles.margin) != margin:
            styles.margin = margin

    def on_resize(self) -> None:
        if self.image is not None and self._shape is not None:
            self._size_for(self._shape)  # the cell grew or shrank: centre the picture again

    def show_picture(self, name: str, picture) -> None:
        """Draw ``name``'s decoded thumbnail if the cell still shows that image (None: it could not be read)."""
        if self.image is None or self.record is None or self.record.image_name != name or picture is None:
            return
        self._size_for(picture.size)  # the thumbnail's own shape, in case the record's was off
        self.showing = name
        self.image.show_picture(picture)
