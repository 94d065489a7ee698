"""Half-cell pictures drawn straight to strips (tui/halfcell_lines.py) show exactly what textual-image's
own half-cell renderer shows: the same characters, the same two colours in every cell."""

from __future__ import annotations

import os

import pytest
from PIL import Image as PILImage
from rich.console import Console
from textual.app import App
from textual_image.renderable.halfcell import Image as HalfcellRenderable
from textual_image.widget import HalfcellImage

from invokeai_tui.tui.compat import steady_image_class
from invokeai_tui.tui.halfcell_lines import HalfcellLines, halfcell_strips


def random_picture(width: int, height: int, mode: str = "RGB") -> PILImage.Image:
    return PILImage.frombytes(mode, (width, height), os.urandom(width * height * len(mode)))


def cells(segments) -> list[tuple[str, tuple, tuple]]:
    return [(s.text, tuple(s.style.color.triplet), tuple(s.style.bgcolor.triplet)) for s in segments if s.text != "\n"]


def textual_image_lines(picture, width: int, height: int) -> list[list[tuple]]:
    console = Console(width=width, height=height, color_system="truecolor", legacy_windows=False)
    options = console.options.update(width=width, height=height)
    lines = console.render_lines(HalfcellRenderable(picture, width, height), options, pad=False)
    return [cells(line) for line in lines]


@pytest.mark.parametrize(("size", "box", "mode"), [((256, 256), (16, 8), "RGB"), ((37, 23), (5, 3), "RGB"),
                                                   ((64, 48), (16, 6), "RGBA"), ((8, 8), (16, 8), "L")])
def test_strips_match_textual_image(size, box, mode):
    picture = random_picture(*size, mode=mode)
    ours = [cells(strip) for strip in halfcell_strips(picture, *box)]
    assert len(ours) == box[1] and all(len(line) == box[0] for line in ours)
    assert ours == textual_image_lines(picture, *box)


def test_the_app_half_cell_widget_draws_through_strips_and_keeps_them():
    cls = steady_image_class(HalfcellImage)
    assert issubclass(cls, HalfcellLines)
    picture = random_picture(32, 32)

    class Host(App):
        CSS = "HalfcellImage { width: 8; height: 4; }"

        def compose(self):
            yield cls(None)

    async def run():
        app = Host()
        async with app.run_test(size=(20, 6)) as pilot:
            widget = app.query_one(cls)
            widget.show_picture(picture)
            await pilot.pause()
            first = widget.render_line(0)
            assert cells(first) == textual_image_lines(picture, 8, 4)[0]
            assert widget.render_line(0) is first  # kept: not drawn again for the same picture and size
            widget.show_picture(None)
            await pilot.pause()
            assert "▀" not in widget.render_line(0).text  # no picture: textual-image's empty line

    import asyncio

    asyncio.run(run())
