"""Choosing how images are drawn: textual-image, imported once, before the app runs.

textual-image asks the terminal what it can do when it is imported, which only works before Textual
takes over the terminal, and which can fail on odd terminals (a zero-size pty raises
ZeroDivisionError). So the import is guarded here and its result kept in one place; the preview
widget asks ``image_widget_class()`` for the class to use, or ``None`` to draw no image at all.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

_chosen: type | None = None
_protocol: str = "none"
_prepared = False
_steady: dict[type, type] = {}


class SteadyImage:
    """Mixin for textual-image widgets: ``show_picture()`` swaps the picture with a repaint only.

    textual-image's ``image`` setter always asks for a layout of the whole screen (its size may
    follow the picture's). When the widget's width and height are set (cells, fr, %: not auto),
    the picture cannot change its size, so a new frame needs only this widget redrawn, which is
    what keeps a stream of denoise previews from re-laying-out every screen it is on."""

    _repaint_only = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._repaint_only:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def show_picture(self, picture) -> None:
        styles = self.styles
        self._repaint_only = all(s is not None and not s.is_auto for s in (styles.width, styles.height))
        try:
            self.image = picture
        finally:
            self._repaint_only = False


def _steady_class(cls: type) -> type:
    """``cls`` with SteadyImage mixed in, under the same name (CSS and snapshots see no change)."""
    if cls not in _steady:
        _steady[cls] = type(cls.__name__, (SteadyImage, cls), {"__module__": cls.__module__},
                            Renderable=cls._Renderable)
    return _steady[cls]


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
        _chosen, _protocol = _steady_class(by_name[protocol]), protocol
    else:
        _chosen = _steady_class(ti_widget.Image)
        names = {v: k for k, v in by_name.items()}
        renderable = getattr(ti_widget.Image, "_Renderable", None)
        _protocol = next(
            (name for cls, name in names.items() if getattr(cls, "_Renderable", None) is renderable), "auto"
        )
    log.info("image protocol: %s", _protocol)
    return _protocol


def image_widget_class() -> type | None:
    """The textual-image widget class to use (``None``: draw no images)."""
    if not _prepared:
        prepare("auto")
    return _chosen


def protocol_in_use() -> str:
    return _protocol
