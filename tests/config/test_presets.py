"""Presets: named form values per workflow, in JSON files written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import WORKFLOW_FIXTURES
from invokeai_tui.config import presets
from invokeai_tui.workflow import InvocationSchemas, WorkflowDefinition, WorkflowHandle

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = WORKFLOW_FIXTURES


@pytest.fixture(scope="module")
def schemas():
    return InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))


def sdxl(schemas) -> WorkflowHandle:
    return WorkflowHandle(None, WorkflowDefinition.from_file(FIXTURES / "sdxl-text-to-image.json"), schemas)


def prompt_input(handle):
    return next(i for i in handle.inputs if i.kind == "string")


def test_save_load_and_delete_round_trip(tmp_path, schemas):
    store = presets.PresetStore(tmp_path / "presets")
    handle = sdxl(schemas)
    key = presets.workflow_key(handle.definition)
    prompt = prompt_input(handle)
    prompt.field.set("a lighthouse at dawn")
    path = store.save(key, "dawn", presets.capture(handle), handle.definition.name)
    assert path.parent == tmp_path / "presets" and path.name == f"{key}.json"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind
    prompt.field.set("something else")
    store.save(key, "other", presets.capture(handle))
    assert store.names(key) == ["dawn", "other"]

    fresh = sdxl(schemas)
    assert presets.apply(fresh, store.load(key, "dawn")) == []
    assert prompt_input(fresh).field.get() == "a lighthouse at dawn"
    assert prompt_input(fresh).field.user_set

    store.delete(key, "dawn")
    assert store.names(key) == ["other"]
    with pytest.raises(presets.PresetError, match="no preset 'dawn'"):
        store.load(key, "dawn")


def test_values_that_no_longer_fit_are_reported_not_fatal(tmp_path, schemas):
    handle = sdxl(schemas)
    prompt = prompt_input(handle)
    numeric = next(i for i in handle.inputs if i.kind == "integer")
    values = {f"{prompt.node_id}.{prompt.field_name}": "kept", f"{numeric.node_id}.{numeric.field_name}": "lots",
              "gone-node.prompt": "x"}
    problems = presets.apply(handle, values)
    assert prompt.field.get() == "kept"
    assert len(problems) == 2
    assert any("gone-node.prompt" in p for p in problems)
    assert any(numeric.label in p and "whole number" in p for p in problems)


def test_a_damaged_presets_file_gives_a_clear_error(tmp_path, schemas):
    store = presets.PresetStore(tmp_path)
    key = presets.workflow_key(sdxl(schemas).definition)
    store.path_for(key).write_text("{not json")
    with pytest.raises(presets.PresetError, match="not valid JSON"):
        store.names(key)
    store.path_for(key).write_text("[1, 2]")
    with pytest.raises(presets.PresetError, match="does not hold presets"):
        store.names(key)


def test_workflow_keys_are_safe_file_names(schemas):
    definition = sdxl(schemas).definition
    definition.raw["id"] = "../../etc/passwd"
    key = presets.workflow_key(definition)
    assert "/" not in key and not key.startswith(".")
    definition.raw.pop("id")
    definition.raw["name"] = "My: workflow?"
    assert presets.workflow_key(definition) == "file-My_workflow"
