"""A grid cell centres its picture over the caption line (margins, no box around it), for the record's
shape before the thumbnail comes, and again when the cell changes size."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual_image.widget import HalfcellImage

from invokeai_tui.client.records import ImageRecord
from invokeai_tui.tui.compat import steady_image_class
from invokeai_tui.tui.widgets.grid_cell import GridCell


class Host(App):
    CSS = "GridCell { width: 18; height: 9; } GridCell.-tall { height: 13; }"

    def compose(self):
        yield GridCell(steady_image_class(HalfcellImage))


def offsets(cell: GridCell) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the picture inside the cell's content (padding 0 1 aside)."""
    region, content = cell.image.region, cell.content_region
    return region.x - content.x, region.y - content.y, region.width, region.height


@pytest.mark.parametrize(("pixels", "expected", "taller"), [
    ((256, 256), (0, 0, 16, 8), (0, 2, 16, 8)),    # square: the whole 16x8 box; in 16x12, centred down
    ((512, 256), (0, 2, 16, 4), (0, 4, 16, 4)),    # wide: full width, centred down
    ((256, 512), (4, 0, 8, 8), (2, 0, 12, 12)),    # tall: full height, centred across; larger when it can
    ((300, 200), (0, 1, 16, 5), (0, 3, 16, 5)),    # 3:2: 5 rows (5.33), one above and two below
])
def test_picture_centred_over_the_caption(pixels, expected, taller):
    async def run():
        app = Host()
        async with app.run_test(size=(30, 20)) as pilot:
            cell = app.query_one(GridCell)
            await pilot.pause()
            record = ImageRecord(image_name="a.png", width=pixels[0], height=pixels[1])
            assert cell.bind(0, record, marked=False, cursor=False, blurred=False, exists=True, caption="a prompt")
            await pilot.pause()
            assert offsets(cell) == expected
            assert cell.caption.region.y == cell.content_region.bottom - 1  # the caption stays on the last line
            cell.add_class("-tall")  # four more rows: sized and centred again
            await pilot.pause()
            assert offsets(cell) == taller
            assert cell.caption.region.y == cell.content_region.bottom - 1

    asyncio.run(run())
