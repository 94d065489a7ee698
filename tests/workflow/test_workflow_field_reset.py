"""Resetting a field to the workflow's value, and a workflow's notes (used by the TUI form)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from invokeai_tui.workflow import InvocationSchemas, WorkflowDefinition, WorkflowHandle
from tests.support.paths import WORKFLOW_FIXTURES

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = WORKFLOW_FIXTURES


@pytest.fixture(scope="module")
def handle():
    schemas = InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))
    return WorkflowHandle(None, WorkflowDefinition.from_file(FIXTURES / "sdxl-text-to-image.json"), schemas)


def test_reset_returns_to_the_loaded_value_and_clears_user_set(handle):
    numeric = next(i for i in handle.inputs if i.kind in ("integer", "float"))
    loaded = numeric.field.loaded_value
    step = numeric.field.template.multiple_of or 1
    numeric.field.value = (loaded or 0) + step
    assert numeric.field.user_set and numeric.field.value != loaded
    numeric.field.reset()
    assert numeric.field.value == loaded and not numeric.field.user_set


def test_reset_of_an_image_field_forgets_a_local_file(tmp_path):
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    from invokeai_tui.workflow.fields import ImageField
    from invokeai_tui.workflow.schema import FieldTemplate

    field = ImageField(FieldTemplate(name="image", title="Image", kind="image"), {"image_name": "a.png"})
    field.value = str(png)
    assert field.needs_upload
    field.reset()
    assert not field.needs_upload and field.image_name == "a.png"


def test_notes_are_read_from_the_workflow():
    data = json.loads((FIXTURES / "sdxl-text-to-image.json").read_text())
    data["notes"] = "Use a tiny model."
    assert WorkflowDefinition.from_dict(data).notes == "Use a tiny model."
    data.pop("notes")
    assert WorkflowDefinition.from_dict(data).notes == ""


def test_set_and_value_both_take_a_local_file(tmp_path):
    from invokeai_tui.workflow.fields import ImageField
    from invokeai_tui.workflow.schema import FieldTemplate

    png = tmp_path / "y.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    for assign in (lambda f, v: f.set(v), lambda f, v: setattr(f, "value", v)):
        field = ImageField(FieldTemplate(name="image", title="Image", kind="image"), None)
        assign(field, str(png))
        assert field.needs_upload and field.local_path == png and field.user_set
        assign(field, "server.png")
        assert not field.needs_upload and field.image_name == "server.png"
