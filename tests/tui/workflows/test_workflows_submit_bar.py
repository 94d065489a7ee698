"""Submit stays on screen however narrow the form gets (the queue pane open, a small terminal):
the sweep button and then prepend give way first; f7 still opens the sweep."""

from __future__ import annotations

import pytest

from tests.support.app_driving import wait_for
from tests.support.workflow_screen import open_workflows, search


def fully_shown(widget) -> bool:
    bar = widget.screen.query_one("#wf-submit-bar")
    region = widget.region
    return widget.display and region.width > 0 and bar.region.contains_region(region)


@pytest.mark.parametrize("size", [(120, 36), (100, 30), (80, 24)])
async def test_submit_visible_with_the_queue_pane_open(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_workflows(pilot)
        await search(pilot, screen, "Text to Image - SD1.5")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.form is not None and screen.form.is_mounted, timeout=30, what="open")
        submit = screen.query_one("#wf-submit")
        await wait_for(pilot, lambda: fully_shown(submit), what="submit shown without the pane")
        app.queue_pane_visible = True
        await wait_for(pilot, lambda: screen.query_one("#queue-pane").region.width > 0, what="the pane")
        await pilot.pause(0.2)
        assert fully_shown(submit), f"Submit cut off at {size} with the pane open: {submit.region}"
        assert fully_shown(screen.query_one("#wf-runs"))
        app.queue_pane_visible = False
        await pilot.pause(0.2)
        if size[0] >= 100:  # room again: the sweep button is back
            await wait_for(pilot, lambda: fully_shown(screen.query_one("#wf-sweep")), what="sweep back")
