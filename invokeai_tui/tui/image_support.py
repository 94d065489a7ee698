"""Choosing how images are drawn: textual-image, imported once, before the app runs.

textual-image asks the terminal what it can do when it is imported, which only works before Textual
takes over the terminal, and which can fail on odd terminals (a zero-size pty raises
ZeroDivisionError). So the import is guarded here and its result kept in one place; the preview
widget asks ``image_widget_class()`` for the class to use, or ``None`` to draw no image at all.
"""

from __future__ import annotations

import logging

from .compat import image_renderable, steady_image_class

log = logging.getLogger(__name__)

_chosen: type | None = None
_protocol: str = "none"
_prepared = False


def prepare(protocol: str = "auto") -> str:
    """Import textual-image and pick the widget class; returns the protocol actually in use."""
    global _chosen, _protocol, _prepared
    _prepared = True
    if protocol == "none":
        _chosen, _protocol = None, "none"
        return _protocol
    try:
        from textual_image import widget as ti_widget
    except Exception as exc:  # noqa: BLE001 - any failure here only means "no images"
        log.warning("textual-image unavailable (%s: %s); previews are off", type(exc).__name__, exc)
        _chosen, _protocol = None, "none"
        return _protocol
    by_name = {
        "kitty": ti_widget.TGPImage,
        "sixel": ti_widget.SixelImage,
        "halfcell": ti_widget.HalfcellImage,
        "unicode": ti_widget.UnicodeImage,
    }
    if protocol in by_name:
        _chosen, _protocol = steady_image_class(by_name[protocol]), protocol
    else:
        _chosen = steady_image_class(ti_widget.Image)
        names = {v: k for k, v in by_name.items()}
        renderable = image_renderable(ti_widget.Image)
        _protocol = next(
            (name for cls, name in names.items() if image_renderable(cls) is renderable), "auto"
        )
    log.info("image protocol: %s", _protocol)
    _know_webp()
    return _protocol


def _know_webp() -> None:
    """Register Pillow's WebP reader now. Opening bytes that are not one of the five formats it
    knows at first (BMP, GIF, JPEG, PPM, PNG) makes Pillow import every plugin it has (~45 modules,
    40-150 ms here), in the middle of the first board's thumbnails: the server's are WebP."""
    try:
        from PIL import WebPImagePlugin  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - without it Pillow still finds WebP, later
        log.debug("no WebP plugin: %s", exc)


def image_widget_class() -> type | None:
    """The textual-image widget class to use (``None``: draw no images)."""
    if not _prepared:
        prepare("auto")
    return _chosen


def protocol_in_use() -> str:
    return _protocol
