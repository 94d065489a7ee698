"""The workflows screen by keyboard alone: type in the library's search, Down lands on the first
match, Enter opens the first match (even before the list caught up with the typing), the form's
first field then has the focus (and shows it), and Escape goes back to the library."""

from __future__ import annotations

from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.widgets.form_fields import FieldEditor
from tests.support.workflow_screen import open_workflows, search


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


def first_listed(screen) -> str:
    listing = screen.query_one("#wf-list")
    return listing.get_option_at_index(0).id


async def test_down_from_the_search_lands_on_the_first_match(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await search(pilot, screen, "SD1.5")
        await wait_for(pilot, lambda: screen.library and all("SD1.5" in w.name for w in screen.library),
                       what="the search applied")
        listing = screen.query_one("#wf-list")
        listing.highlighted = 3  # wherever the list was, down from the search starts at the top
        await pilot.press("down")
        await wait_for(pilot, lambda: focused_id(app) == "wf-list", what="the list focused")
        assert listing.highlighted == 0
        await pilot.press("down")
        assert listing.highlighted == 1  # and then moves on through the list


async def test_enter_opens_the_first_match_then_the_form_has_the_focus_and_escape_returns(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        # Enter straight after typing: the list has not caught up yet (it waits 0.3 s for more keys).
        await search(pilot, screen, "Text to Image - SD1.5")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.handle is not None and screen.form is not None
                       and screen.form.is_mounted, timeout=30, what="a workflow opened")
        assert screen.handle.definition.name == "Text to Image - SD1.5"
        assert screen.handle.definition.id == first_listed(screen)
        await wait_for(pilot, lambda: app.focused is not None and screen.form in app.focused.ancestors,
                       what="focus in the form")
        editor = next(a for a in app.focused.ancestors if isinstance(a, FieldEditor))
        assert editor.winput.input_index == screen.form.editors[0].winput.input_index  # the first field
        # Visibly marked: an accent bar beside the focused field only.
        assert editor.styles.border_left[0] == "thick"
        assert all(e.styles.border_left[0] != "thick" for e in screen.form.editors if e is not editor)
        await pilot.press("escape")
        await wait_for(pilot, lambda: focused_id(app) == "wf-list", what="back in the library")
        await pilot.press("escape")  # nothing more to leave: stays put, no error
        assert focused_id(app) == "wf-list"


async def test_enter_with_no_match_says_so_and_stays_in_the_search(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await search(pilot, screen, "no-such-workflow-xyz")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("No workflow matches" in n.message for n in app._notifications),
                       what="the no-match message")
        assert focused_id(app) == "wf-search" and screen.handle is None


async def test_a_workflow_opened_from_the_palette_is_highlighted_in_the_library(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await wait_for(pilot, lambda: len(screen.library) > 5, what="the full library")
        target = screen.library[-2]
        await app.jump_to_workflow(target.workflow_id)
        await wait_for(pilot, lambda: screen.handle is not None and screen.handle.definition.id == target.workflow_id,
                       timeout=30, what="opened")
        listing = screen.query_one("#wf-list")
        assert listing.get_option_at_index(listing.highlighted).id == target.workflow_id
