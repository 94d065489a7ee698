"""Random damage to real workflows: loading, typing and graph building fail only with WorkflowError."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from invokeai_tui.workflow import InvocationSchemas, WorkflowDefinition, WorkflowError, WorkflowHandle
from tests.support.paths import WORKFLOW_FIXTURES

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(WORKFLOW_FIXTURES.glob("*.json"))
JUNK = [None, 0, -1, 3.5, "", "x", "auto", "none", [], [1, "a"], {}, {"image_name": 5}, {"board_id": None},
        {"key": 1}, True, {"r": 999}]


@pytest.fixture(scope="module")
def schemas():
    return InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))


def _paths(obj, prefix=()):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield prefix + (index,)
            yield from _paths(value, prefix + (index,))


def _damage(data, rng):
    paths = list(_paths(data))
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if rng.random() < 0.3 and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        except (KeyError, IndexError, TypeError):
            continue


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_damaged_workflows_never_crash(fixture, schemas):
    rng = random.Random(fixture.stem)
    original = json.loads(fixture.read_text())
    loaded = 0
    for _ in range(150):
        data = copy.deepcopy(original)
        _damage(data, rng)
        try:
            definition = WorkflowDefinition.from_dict(data, source=fixture.name)
            handle = WorkflowHandle(None, definition, schemas)
            for item in handle.list_inputs():
                item.field.describe()
            handle.build_batch(runs=1)
            loaded += 1
        except WorkflowError as exc:
            assert str(exc) and "Traceback" not in str(exc)
    assert loaded > 0  # plenty of damage is harmless (a changed value, a dropped label)
