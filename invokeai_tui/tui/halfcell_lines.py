"""Half-cell pictures drawn as Textual strips, without a Rich renderable in between.

textual-image draws a half-cell picture as a Rich renderable: a ``Style`` parsed from two colour
objects per cell, then Textual turns the segments back into lines (``Visual.to_strips``, split and
crop). Measured in the grid's benchmark: 2-4 ms of the event loop per 16x8 thumbnail, ~15-30 ms for
the preview, so a page of 25 thumbnails was 50-100 ms of frames while its answers waited. Here the
widget answers Textual's line API (``render_line``) from strips built once per picture and size:
the same pixels (the picture in RGB, scaled to the cells with Pillow's default filter, as
textual-image does), the same colours, ~0.5 ms a thumbnail. Everything else (the ``image`` setter,
sizing, errors) stays textual-image's.
"""

from __future__ import annotations

from rich.color import Color, ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

UPPER_HALF = "▀"  # the upper pixel is the foreground, the lower the background
_COLOURS_KEPT = 4_096  # colour objects kept for reuse (neighbouring cells share many)
_colours: dict[int, Color] = {}


def _colour(red: int, green: int, blue: int) -> Color:
    key = (red << 16) | (green << 8) | blue
    colour = _colours.get(key)
    if colour is None:
        if len(_colours) >= _COLOURS_KEPT:
            _colours.clear()
        colour = _colours[key] = Color(f"#{key:06x}", ColorType.TRUECOLOR, triplet=ColorTriplet(red, green, blue))
    return colour


def halfcell_strips(picture, width: int, height: int) -> list[Strip]:
    """``picture`` (a PIL image) as ``height`` lines of ``width`` half-cells."""
    if width <= 0 or height <= 0:
        return []
    pixels = picture.convert("RGB").resize((width, 2 * height)).tobytes()
    stride = 3 * width
    style, segment, colour = Style.from_color, Segment, _colour
    strips = []
    for row in range(height):
        top = pixels[2 * row * stride:(2 * row + 1) * stride]
        bottom = pixels[(2 * row + 1) * stride:(2 * row + 2) * stride]
        strips.append(Strip([segment(UPPER_HALF, style(colour(top[i], top[i + 1], top[i + 2]),
                                                       colour(bottom[i], bottom[i + 1], bottom[i + 2])))
                             for i in range(0, stride, 3)], width))
    return strips


class HalfcellLines:
    """Mixin for textual-image's ``HalfcellImage``: its lines from ``halfcell_strips``, kept while
    the picture and the widget's size stay the same."""

    _drawn: tuple | None = None  # (picture, width, height, strips)

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size  # type: ignore[attr-defined]
        picture = self.image  # type: ignore[attr-defined]
        if picture is None or not hasattr(picture, "convert") or self.styles.opacity == 0:  # type: ignore[attr-defined]
            return super().render_line(y)  # type: ignore[misc]  # nothing, hidden, or a path: textual-image's way
        drawn = self._drawn
        if drawn is None or drawn[0] is not picture or drawn[1:3] != (width, height):
            drawn = self._drawn = (picture, width, height, halfcell_strips(picture, width, height))
        strips = drawn[3]
        return strips[y] if y < len(strips) else Strip.blank(width, self.rich_style)  # type: ignore[attr-defined]
