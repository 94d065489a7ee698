"""Every default workflow of the real server opens into a generated form without error."""

from __future__ import annotations

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from tests.support.workflow_screen import open_workflows
from invokeai_tui.tui.screens.workflows import WorkflowsScreen
from invokeai_tui.tui.widgets.form_fields import FieldEditor, OtherEditor


async def open_by_id(pilot, screen: WorkflowsScreen, workflow_id: str):
    previous = screen.handle
    screen.open_workflow(workflow_id)
    await wait_for(pilot, lambda: screen.handle is not previous and screen.form is not None
                   and screen.form.is_mounted and screen.handle.definition.id == workflow_id, timeout=30,
                   what=f"workflow {workflow_id} open")
    await pilot.pause()
    return screen.handle


async def test_every_default_workflow_opens_into_a_form(make_app, server_url):
    defaults = helpers.api(server_url, "GET", "/api/v1/workflows/",
                           params={"categories": "default", "per_page": 100})["items"]
    assert len(defaults) == 26
    app = make_app()
    errors = []
    original_notify = app.notify

    def notify(message, *, title="", severity="information", **kw):
        if severity == "error":
            errors.append(f"{title}: {message}")
        return original_notify(message, title=title, severity=severity, **kw)

    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        listed = {o.id for o in screen.query_one("#wf-list").options}
        assert {w["workflow_id"] for w in defaults} <= listed
        for entry in defaults:
            handle = await open_by_id(pilot, screen, entry["workflow_id"])
            assert handle.definition.name == entry["name"]
            editors = list(screen.form.query(FieldEditor))
            # One editor per input, in index order, each showing its index and label.
            assert [e.winput.input_index for e in screen.form.editors] == list(range(len(handle.inputs)))
            assert len(editors) == len(handle.inputs)
            for editor in editors:
                label = str(editor.query_one(".field-label").render())
                assert f"#{editor.winput.input_index} " in label and editor.winput.label in label
                assert not editor.invalid, (entry["name"], editor.winput.label, editor.problem)
                # Only kinds the app cannot edit fall back to the read-only editor.
                assert isinstance(editor, OtherEditor) == (editor.winput.kind == "other")
            assert not errors, errors
            assert "No workflow open" not in str(screen.query_one("#wf-title").render())
