"""100+ broken workflow files: each gives one clear WorkflowLoadError naming the file, none crashes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from invokeai_tui.workflow import WorkflowDefinition, WorkflowLoadError
from invokeai_tui.workflow.loader import MAX_WORKFLOW_BYTES
from tests.support.paths import WORKFLOW_FIXTURES

FIXTURES = WORKFLOW_FIXTURES
BASE = json.loads((FIXTURES / "sdxl-text-to-image.json").read_text())
MULTI = json.loads((FIXTURES / "sdxl-flux-refine-multistage.json").read_text())


def mutated(fn, base=BASE):
    data = copy.deepcopy(base)
    fn(data)
    return data


def _node(data, i=0):
    return data["nodes"][i]


def _first_container(data):
    return next(e for e in data["form"]["elements"].values() if e["type"] == "container")


def _cycle(data):
    root = data["form"]["rootElementId"]
    child = next(e for e in data["form"]["elements"].values() if e["type"] == "container" and e["id"] != root)
    child["data"]["children"].append(root)


def _shared_child(data):
    root = data["form"]["elements"][data["form"]["rootElementId"]]
    root["data"]["children"].append(root["data"]["children"][0])


# (name, raw bytes or JSON-able object, words the message must contain)
CASES: list[tuple[str, object, str]] = [
    ("empty", b"", "empty"),
    ("whitespace", b"   \n\t ", "empty"),
    ("not-json", b"hello world", "not valid JSON"),
    ("binary", bytes(range(256)) * 4, "UTF-8"),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image"),
    ("json-null", None, "top level"),
    ("json-list", [], "top level"),
    ("json-number", 42, "top level"),
    ("json-string", "workflow", "top level"),
    ("json-true", True, "top level"),
    ("empty-object", {}, "nodes"),
    ("graph-not-workflow", {"graph": {"nodes": {}, "edges": []}}, "graph"),
    ("library-record", {"workflow_id": "x", "workflow": {}}, "workflow"),
    ("nested-deep", b"[" * 100000 + b"]" * 100000, "JSON"),
]

for cut in (1, 10, 100, 500, 1000, 2000, 5000, 10000, 20000, 29000):
    CASES.append((f"truncated-{cut}", json.dumps(BASE, indent=2).encode()[:cut], "JSON"))

# Wrong types and missing pieces at every level.
STRUCTURAL = {
    "nodes-missing": (lambda d: d.pop("nodes"), "nodes"),
    "nodes-dict": (lambda d: d.__setitem__("nodes", {}), "nodes"),
    "nodes-string": (lambda d: d.__setitem__("nodes", "abc"), "nodes"),
    "nodes-null": (lambda d: d.__setitem__("nodes", None), "nodes"),
    "edges-dict": (lambda d: d.__setitem__("edges", {}), "edges"),
    "edges-string": (lambda d: d.__setitem__("edges", "x"), "edges"),
    "meta-missing": (lambda d: d.pop("meta"), "meta"),
    "meta-list": (lambda d: d.__setitem__("meta", []), "meta"),
    "meta-version-missing": (lambda d: d["meta"].pop("version"), "meta.version"),
    "meta-version-number": (lambda d: d["meta"].__setitem__("version", 3), "meta.version"),
    "meta-version-garbage": (lambda d: d["meta"].__setitem__("version", "three"), "meta.version"),
    "meta-version-negative": (lambda d: d["meta"].__setitem__("version", "-1.0.0"), "meta.version"),
    "meta-version-5": (lambda d: d["meta"].__setitem__("version", "5.0.0"), "not supported"),
    "meta-version-99": (lambda d: d["meta"].__setitem__("version", "99.1.0"), "not supported"),
    "meta-version-0": (lambda d: d["meta"].__setitem__("version", "0.1.0"), "not supported"),
    "name-number": (lambda d: d.__setitem__("name", 12), "'name'"),
    "name-list": (lambda d: d.__setitem__("name", ["a"]), "'name'"),
    "description-dict": (lambda d: d.__setitem__("description", {}), "'description'"),
    "author-bool": (lambda d: d.__setitem__("author", False), "'author'"),
    "notes-number": (lambda d: d.__setitem__("notes", 1.5), "'notes'"),
    "tags-number": (lambda d: d.__setitem__("tags", 7), "'tags'"),
    "node-string": (lambda d: d["nodes"].__setitem__(0, "node"), "nodes[0]"),
    "node-null": (lambda d: d["nodes"].__setitem__(0, None), "nodes[0]"),
    "node-list": (lambda d: d["nodes"].__setitem__(0, []), "nodes[0]"),
    "node-no-id": (lambda d: _node(d).pop("id"), "id"),
    "node-empty-id": (lambda d: _node(d).__setitem__("id", ""), "id"),
    "node-numeric-id": (lambda d: _node(d).__setitem__("id", 5), "id"),
    "node-unknown-type": (lambda d: _node(d).__setitem__("type", "widget"), "unknown node type"),
    "node-missing-type": (lambda d: _node(d).pop("type"), "unknown node type"),
    "node-no-data": (lambda d: _node(d).pop("data"), "data"),
    "node-data-string": (lambda d: _node(d).__setitem__("data", "x"), "data"),
    "node-no-invocation-type": (lambda d: _node(d)["data"].pop("type"), "invocation type"),
    "node-invocation-type-number": (lambda d: _node(d)["data"].__setitem__("type", 3), "invocation type"),
    "node-inputs-list": (lambda d: _node(d)["data"].__setitem__("inputs", []), "inputs"),
    "node-inputs-string": (lambda d: _node(d)["data"].__setitem__("inputs", "x"), "inputs"),
    "node-input-string": (lambda d: _node(d)["data"]["inputs"].__setitem__("model", "x"), "input 'model'"),
    "node-input-null": (lambda d: _node(d)["data"]["inputs"].__setitem__("model", None), "input 'model'"),
    "node-input-label-number": (lambda d: _node(d)["data"]["inputs"].__setitem__("model", {"label": 1}), "label"),
    "node-intermediate-string": (lambda d: _node(d)["data"].__setitem__("isIntermediate", "yes"), "isIntermediate"),
    "node-usecache-number": (lambda d: _node(d)["data"].__setitem__("useCache", 1), "useCache"),
    "node-label-number": (lambda d: _node(d)["data"].__setitem__("label", 3), "label"),
    "duplicate-node-ids": (lambda d: d["nodes"].append(copy.deepcopy(d["nodes"][0])), "same id"),
    "edge-string": (lambda d: d["edges"].__setitem__(0, "edge"), "edges[0]"),
    "edge-null": (lambda d: d["edges"].__setitem__(0, None), "edges[0]"),
    "edge-no-source": (lambda d: d["edges"][0].pop("source"), "source"),
    "edge-no-target": (lambda d: d["edges"][0].pop("target"), "target"),
    "edge-dangling-source": (lambda d: d["edges"][0].__setitem__("source", "ghost"), "ghost"),
    "edge-dangling-target": (lambda d: d["edges"][0].__setitem__("target", "ghost"), "ghost"),
    "edge-numeric-source": (lambda d: d["edges"][0].__setitem__("source", 1), "source"),
    "edge-unknown-type": (lambda d: d["edges"][0].__setitem__("type", "wiggly"), "edge type"),
    "edge-no-source-handle": (lambda d: d["edges"][0].pop("sourceHandle"), "sourceHandle"),
    "edge-no-target-handle": (lambda d: d["edges"][0].pop("targetHandle"), "targetHandle"),
    "edge-empty-handle": (lambda d: d["edges"][0].__setitem__("targetHandle", ""), "targetHandle"),
    "all-edges-dangling": (lambda d: d.__setitem__("nodes", d["nodes"][:1]), "not in the workflow"),
    "missing-nodes": (lambda d: d.__setitem__("nodes", []), "not in the workflow"),
    "exposed-dict": (lambda d: d.__setitem__("exposedFields", {}), "exposedFields"),
    "exposed-item-string": (lambda d: d.__setitem__("exposedFields", ["a"]), "exposedFields[0]"),
    "exposed-item-no-field": (lambda d: d.__setitem__("exposedFields", [{"nodeId": "a"}]), "exposedFields[0]"),
    "form-list": (lambda d: d.__setitem__("form", []), "'form'"),
    "form-string": (lambda d: d.__setitem__("form", "form"), "'form'"),
    "form-no-elements": (lambda d: d["form"].pop("elements"), "form.elements"),
    "form-elements-list": (lambda d: d["form"].__setitem__("elements", []), "form.elements"),
    "form-no-root": (lambda d: d["form"].pop("rootElementId"), "rootElementId"),
    "form-root-number": (lambda d: d["form"].__setitem__("rootElementId", 1), "rootElementId"),
    "form-root-missing": (lambda d: d["form"].__setitem__("rootElementId", "nowhere"), "nowhere"),
    "form-root-not-container": (
        lambda d: d["form"].__setitem__(
            "rootElementId", next(k for k, e in d["form"]["elements"].items() if e["type"] == "node-field")),
        "not a container"),
    "form-element-string": (lambda d: d["form"]["elements"].__setitem__("x", "x"), "'x'"),
    "form-element-unknown-type": (lambda d: d["form"]["elements"].__setitem__("x", {"id": "x", "type": "video"}),
                                  "unknown type"),
    "form-container-no-children": (lambda d: _first_container(d)["data"].pop("children"), "children"),
    "form-container-children-dict": (lambda d: _first_container(d)["data"].__setitem__("children", {}), "children"),
    "form-container-child-number": (lambda d: _first_container(d)["data"]["children"].append(3), "child id"),
    "form-field-no-identifier": (
        lambda d: next(e for e in d["form"]["elements"].values() if e["type"] == "node-field")["data"].pop(
            "fieldIdentifier"), "fieldIdentifier"),
    "form-field-settings-list": (
        lambda d: next(e for e in d["form"]["elements"].values() if e["type"] == "node-field")["data"].__setitem__(
            "settings", []), "settings"),
    "form-root-cycle": (lambda d: d["form"]["elements"][d["form"]["rootElementId"]]["data"]["children"].append(
        d["form"]["rootElementId"]), "reached twice"),
    "form-shared-child": (_shared_child, "reached twice"),
}
for name, (fn, words) in STRUCTURAL.items():
    CASES.append((name, mutated(fn), words))

MULTI_CASES = {
    "multi-nested-cycle": (_cycle, "reached twice"),
    "multi-dangling-edge": (lambda d: d["edges"][-1].__setitem__("target", "gone-node"), "gone-node"),
    "multi-notes-node-no-id": (lambda d: next(n for n in d["nodes"] if n["type"] == "notes").pop("id"), "id"),
    "multi-bad-version": (lambda d: d["meta"].__setitem__("version", "3.x"), "meta.version"),
}
for name, (fn, words) in MULTI_CASES.items():
    CASES.append((name, mutated(fn, MULTI), words))

# A connector (v4) with a dangling edge, and a v4 file with an unknown node type.
V4 = {"name": "v4", "author": "", "description": "", "version": "", "contact": "", "tags": "", "notes": "",
      "exposedFields": [], "meta": {"version": "4.0.0", "category": "user"},
      "nodes": [{"id": "c", "type": "connector", "data": {"id": "c", "type": "connector"}}], "edges": []}
CASES.append(("v4-connector-dangling", mutated(lambda d: d["edges"].append(
    {"id": "e", "type": "default", "source": "x", "sourceHandle": "image", "target": "c", "targetHandle": "in"}), V4),
    "'x'"))
CASES.append(("v4-unknown-node", mutated(lambda d: d["nodes"].append({"id": "r", "type": "reroute"}), V4),
              "unknown node type"))


def _write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / f"{name}.json"
    if isinstance(content, (bytes, bytearray)):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content))
    return path


def test_there_are_more_than_100_cases():
    assert len(CASES) >= 100
    assert len({name for name, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("name,content,words", CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_one_clear_error(tmp_path, name, content, words):
    path = _write(tmp_path, name, content)
    with pytest.raises(WorkflowLoadError) as info:
        WorkflowDefinition.from_file(path)
    message = str(info.value)
    assert str(path) in message, message  # names the file
    assert words.lower() in message.lower(), message  # says what is wrong
    assert "Traceback" not in message and len(message) < 600


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_WORKFLOW_BYTES + 1)
    with pytest.raises(WorkflowLoadError, match="MB"):
        WorkflowDefinition.from_file(path)


def test_huge_but_valid_node_list_loads_or_errors_cleanly(tmp_path):
    data = copy.deepcopy(BASE)
    extra = [{"id": f"n{i}", "type": "notes", "data": {"id": f"n{i}", "type": "notes", "notes": "x" * 100}}
             for i in range(20000)]
    data["nodes"] += extra
    path = _write(tmp_path, "many-nodes", data)
    definition = WorkflowDefinition.from_file(path)
    assert len(definition.nodes) == len(BASE["nodes"]) + 20000


def test_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(WorkflowLoadError, match="cannot be read"):
        WorkflowDefinition.from_file(tmp_path / "nope.json")


def test_directory_is_a_load_error(tmp_path):
    with pytest.raises(WorkflowLoadError):
        WorkflowDefinition.from_file(tmp_path)
