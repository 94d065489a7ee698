"""Opening and filling a model-free workflow (tests/support/workflow_builders.py) on the workflows screen."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import workflow_builders as wb
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.dialogs import TextPromptDialog
from invokeai_tui.tui.screens.workflows import WorkflowsScreen

from tests.support.app_driving import wait_for


def write_connector_workflow(folder: Path) -> Path:
    """blank_image -> connectors -> img_blur -> save_image; form: width, height, radius, colour, board."""
    path = folder / "connector.json"
    path.write_text(json.dumps(wb.connector_workflow()))
    return path


async def open_workflows(pilot) -> WorkflowsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), timeout=30, what="connected")
    await pilot.press("4")
    screen = await wait_for(pilot, lambda: isinstance(app.screen, WorkflowsScreen) and app.screen, what="workflows")
    await wait_for(pilot, lambda: screen.library, timeout=30, what="the library")
    return screen


async def search(pilot, screen: WorkflowsScreen, text: str) -> None:
    """Type ``text`` into the library's search (emptied first), key by key."""
    await pilot.press("ctrl+l", "slash")
    screen.query_one("#wf-search").value = ""
    await pilot.press(*text)


async def open_path(pilot, screen: WorkflowsScreen, path: str, expect_open: bool = True) -> None:
    app = pilot.app
    previous = screen.handle
    await pilot.press("ctrl+o")
    dialog = await wait_for(pilot, lambda: isinstance(app.screen, TextPromptDialog) and app.screen, what="dialog")
    dialog.query_one("Input").value = path
    await pilot.press("enter")
    if expect_open:
        await wait_for(pilot, lambda: screen.handle is not None and screen.handle is not previous
                       and screen.form is not None and screen.form.is_mounted
                       and screen.handle.definition.source == path, timeout=30, what=f"{path} open")
    await pilot.pause()


async def fill_connector_form(pilot, screen: WorkflowsScreen, width: str = "40", radius: str = "2.5") -> None:
    """Type values into the width and radius editors, the way a person would."""
    form = screen.form
    for index, value in ((0, width), (2, radius)):
        entry = form.editor(index).query_one("Input")
        entry.focus()
        entry.value = ""
        await pilot.press(*value)
    await wait_for(pilot, lambda: str(screen.handle.inputs[0].field.get()) == width, what="width typed")


def form_values(screen: WorkflowsScreen) -> dict[str, str]:
    """What the form shows (widgets) and holds (fields), for before/after comparisons."""
    form = screen.form
    shown = {f"shown{i}": form.editor(i).query_one("Input").value for i in (0, 1, 2)}
    held = {f"held{i}": str(item.field.get()) for i, item in enumerate(screen.handle.inputs[:3])}
    return {**shown, **held}
