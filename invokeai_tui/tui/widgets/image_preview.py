"""One image preview (the boards pane, a run's results, the image picker); never one image per row.

It draws through textual-image with the protocol chosen at start-up; with images off (or when the
bytes are not an image) it says so in words instead.
"""

from __future__ import annotations

import io
import logging

from PIL import Image as PILImage
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from .. import image_support

log = logging.getLogger(__name__)


class ImagePreview(Vertical):
    DEFAULT_CSS = """
    ImagePreview { height: 1fr; min-height: 6; }
    ImagePreview #preview-caption { height: 1; color: $text-muted; }
    ImagePreview #preview-image { width: 1fr; height: 1fr; }
    ImagePreview #preview-box { width: 1fr; height: 1fr; align: center middle; }
    ImagePreview #preview-text { width: 1fr; height: 1fr; content-align: center middle; color: $text-muted; }
    """

    def __init__(self, id: str | None = None, full_image_key: str | None = "f") -> None:
        super().__init__(id=id)
        # The key that shows the full image where this preview lives (None: there is none, so no hint).
        self.full_image_key = full_image_key
        self._image_cls = image_support.image_widget_class()
        self.showing: str | None = None  # image name on screen
        self.kind: str = ""  # "thumbnail" | "full" | ""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-caption")
        with Vertical(id="preview-box"):
            if self._image_cls is not None:
                yield self._image_cls(None, id="preview-image", on_error=self._on_error)
            yield Static("no image selected", id="preview-text")

    def on_mount(self) -> None:
        self._set_text_mode(True)

    def _on_error(self, exc: Exception):
        log.warning("preview could not draw the image: %s", exc)
        return Static(f"cannot draw this image ({type(exc).__name__})")

    def _set_text_mode(self, text: bool) -> None:
        if self._image_cls is not None:
            self.query_one("#preview-image").display = not text
        self.query_one("#preview-text").display = text

    def clear(self, message: str = "no image selected", *, in_caption: bool = False) -> None:
        """Show no image and say ``message``. ``in_caption``: if an image is shown, keep its place
        and say the message in the caption line, so that the next image is a repaint, not a layout
        pass of the whole screen (a workflow's next result)."""
        self.showing, self.kind = None, ""
        if in_caption and self._image_cls is not None and self.query_one("#preview-image").display:
            self.query_one("#preview-caption", Static).update(message, layout=False)
            self.query_one("#preview-image").show_picture(None)
            return
        self.query_one("#preview-caption", Static).update("", layout=False)
        self.query_one("#preview-text", Static).update(message, layout=False)  # its size is the box's (1fr)
        if self._image_cls is not None:
            self.query_one("#preview-image").show_picture(None)  # a repaint (once sized); then hidden
        self._set_text_mode(True)

    def show_bytes(self, name: str, data: bytes, kind: str, size: tuple[int, int] | None = None) -> None:
        """Show image ``data`` (PNG/WebP/JPEG bytes) for ``name``; ``kind`` is thumbnail or full."""
        self.showing, self.kind = name, kind
        caption = f"{kind}" + (f" · {size[0]}×{size[1]}" if size else "")
        if kind == "thumbnail" and self.full_image_key:
            hint = f" · {self.full_image_key}: full image"
            if not self.size.width or len(caption) + len(hint) <= self.size.width:
                caption += hint
            elif len(caption) + len(short := f" · {self.full_image_key}: full") <= self.size.width:
                caption += short  # a narrow pane: the short hint, never "f:" cut off
        self.query_one("#preview-caption", Static).update(caption, layout=False)  # one fixed line
        if self._image_cls is None:
            self.query_one("#preview-text", Static).update(
                f"{name}\n({kind}, {len(data):,} bytes; images are off: --image-protocol)"
            )
            self._set_text_mode(True)
            return
        try:
            picture = PILImage.open(io.BytesIO(data))
            picture.load()
        except Exception as exc:  # noqa: BLE001 - a bad image is shown as words, never a crash
            self.query_one("#preview-text", Static).update(f"cannot read this image: {exc}")
            self._set_text_mode(True)
            return
        self._picture_size = picture.size
        widget = self.query_one("#preview-image")
        widget.show_picture(picture)  # a repaint; _fit() lays out only if the size changes
        self._fit()
        self._set_text_mode(False)

    def show_picture(self, name: str, picture: PILImage.Image, kind: str, caption: str) -> None:
        """Show a decoded ``picture`` (a video's frame) for ``name`` under ``caption``: a repaint."""
        self.showing, self.kind = name, kind
        self.query_one("#preview-caption", Static).update(caption, layout=False)
        if self._image_cls is None:
            self.query_one("#preview-text", Static).update(f"{name}\n({caption}; images are off: --image-protocol)")
            self._set_text_mode(True)
            return
        self._picture_size = picture.size
        self.query_one("#preview-image").show_picture(picture)
        self._fit()
        self._set_text_mode(False)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Size the image widget to the box, keeping the picture's aspect (a cell is ~2:1 tall)."""
        size = getattr(self, "_picture_size", None)
        if self._image_cls is None or not size or not size[0] or not size[1]:
            return
        box = self.query_one("#preview-box").size
        if not box.width or not box.height:
            return
        width = box.width
        height = max(1, round(width * size[1] / size[0] / 2))
        if height > box.height:
            height = box.height
            width = max(1, round(height * 2 * size[0] / size[1]))
        widget = self.query_one("#preview-image")
        widget.styles.width = width
        widget.styles.height = height
