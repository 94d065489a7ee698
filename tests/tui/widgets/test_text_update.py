"""update_text() asks for a layout pass only when the text's height changes."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from invokeai_tui.tui.widgets.text_update import update_text


class Title(App):
    CSS = "#title { width: 20; }"

    def compose(self):
        yield Static("Queue", id="title")


async def test_layout_only_when_the_number_of_lines_changes():
    app = Title()
    async with app.run_test(size=(40, 10)) as pilot:
        title = app.query_one("#title", Static)
        asked: list[bool] = []
        original = title.update

        def update(content, *, layout=True):
            asked.append(layout)
            original(content, layout=layout)

        title.update = update
        update_text(title, "Queue  1 pending")  # nothing known yet: measured again
        await pilot.pause()
        update_text(title, "Queue  2 pending")  # one line either way
        update_text(title, "Queue  2 pending")  # unchanged: not even a repaint
        update_text(title, "Queue  2 pending · 1 running · 3 failed")  # now two lines
        await pilot.pause()
        assert title.size.height == 2
        update_text(title, "Queue  3 pending · 1 running · 3 failed")  # two lines either way
        update_text(title, "Queue  0 pending")  # back to one
        await pilot.pause()
        assert title.size.height == 1
    assert asked == [True, False, True, False, True]
