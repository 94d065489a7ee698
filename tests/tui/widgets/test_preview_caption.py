"""The preview's caption offers "f: full image" only where f shows the full image (the boards
screen), not under a workflow's results or in the image picker, where f does nothing (those two are
checked where they are shown: test_workflows_run.py and test_workflows_open.py)."""

from __future__ import annotations

from textual.app import App

from tests.support import rest as helpers
from invokeai_tui.tui.widgets.image_preview import ImagePreview


class Previews(App):
    def compose(self):
        yield ImagePreview(id="with-key")
        yield ImagePreview(id="without", full_image_key=None)


async def test_full_image_hint_only_where_the_key_works():
    app = Previews()
    async with app.run_test(size=(80, 30)) as pilot:
        data = helpers.png_bytes(32, 24)
        for preview in app.query(ImagePreview):
            preview.show_bytes("x.png", data, "thumbnail", (32, 24))
        await pilot.pause()
        shown = str(app.query_one("#with-key #preview-caption").render())
        bare = str(app.query_one("#without #preview-caption").render())
    assert "f: full image" in shown
    assert "full image" not in bare and "32×24" in bare


class Narrow(App):
    CSS = "ImagePreview { width: 24; }"

    def compose(self):
        yield ImagePreview(id="narrow")


async def test_a_narrow_preview_never_cuts_the_hint_in_half():
    app = Narrow()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        app.query_one(ImagePreview).show_bytes("x.png", helpers.png_bytes(96, 32), "thumbnail", (96, 32))
        await pilot.pause()
        caption = str(app.query_one("#preview-caption").render())
    assert len(caption) <= 24 and caption.endswith(("f: full", "f: full image", "96×32")), caption

