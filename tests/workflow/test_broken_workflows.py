"""More broken workflow files, on top of tests/workflow/test_workflow_broken_files.py (same rule: one
clear WorkflowLoadError naming the file, or a clean load; never another exception), in the issue's
categories: unknown node types, deep or cyclic forms, huge files, wrong encodings, and every case
also pushed through typing and graph building. Together with the unit cases: well over 200."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from invokeai_tui.workflow import InvocationSchemas, WorkflowDefinition, WorkflowError, WorkflowHandle, \
    WorkflowLoadError
from invokeai_tui.workflow.loader import MAX_WORKFLOW_BYTES
from tests.support.paths import WORKFLOW_FIXTURES
from tests.support.figures import record

from . import test_workflow_broken_files as unit_cases

TESTS = Path(__file__).resolve().parents[1]

BASE = json.loads((WORKFLOW_FIXTURES / "sdxl-text-to-image.json").read_text())
LOADS = None  # expected outcome: the file loads (and then types/builds or fails with WorkflowError)


def mutated(fn, base=BASE):
    data = copy.deepcopy(base)
    fn(data)
    return data


def _set_type(value):
    return lambda d: d["nodes"][0].__setitem__("type", value)


def _set_invocation_type(value):
    return lambda d: d["nodes"][0]["data"].__setitem__("type", value)


def _root(d):
    return d["form"]["elements"][d["form"]["rootElementId"]]


def _deep_form(depth):
    def make(d):
        elements = d["form"]["elements"]
        parent = _root(d)
        for i in range(depth):
            element_id = f"deep-{i}"
            elements[element_id] = {"id": element_id, "type": "container", "parentId": parent["id"],
                                    "data": {"layout": "column", "children": []}}
            parent["data"]["children"].append(element_id)
            parent = elements[element_id]
    return make


def _cycle(length):
    def make(d):
        elements = d["form"]["elements"]
        ids = [f"ring-{i}" for i in range(length)]
        for i, element_id in enumerate(ids):
            elements[element_id] = {"id": element_id, "type": "container",
                                    "data": {"layout": "row", "children": [ids[(i + 1) % length]]}}
        _root(d)["data"]["children"].append(ids[0])
    return make


def _self_parent(d):
    _root(d)["data"]["children"].append(d["form"]["rootElementId"])


def _many_nodes(count):
    def make(d):
        template = next(n for n in d["nodes"] if n["type"] == "invocation")
        for i in range(count):
            node = copy.deepcopy(template)
            node["id"] = node["data"]["id"] = f"copy-{i}"
            d["nodes"].append(node)
    return make


CASES: list[tuple[str, object, str | None]] = []

# Unknown node types: at the node level (refused) and at the invocation level (typed later).
for i, value in enumerate(["widget", "Invocation", "INVOCATION", "", " invocation", "invocation ", "node",
                           "group", "frame", "reroute", "current-image", "note", "comment", "\u0000",
                           "invocation\n", "🤖", "a" * 5000, "<script>", "null", "undefined"]):
    CASES.append((f"unknown-node-type-{i}", mutated(_set_type(value)), "unknown node type"))
for i, value in enumerate([5, 1.5, True, None, [], {}, ["invocation"]]):
    CASES.append((f"node-type-not-text-{i}", mutated(_set_type(value)), "unknown node type"))
for i, value in enumerate(["no_such_invocation", "", "../../etc/passwd", "sdxl_model_loader ", "🤖", "x" * 3000,
                           "main_model_loader\u200b"]):
    # An invocation type the server does not know loads as data; typing/building must refuse it cleanly.
    CASES.append((f"unknown-invocation-{i}", mutated(_set_invocation_type(value)),
                  "invocation type" if value == "" else LOADS))

# Deep forms (iteratively nested containers) and cyclic forms of several shapes.
for depth in (5, 30):
    CASES.append((f"deep-form-{depth}", mutated(_deep_form(depth)), LOADS))
for depth in (60, 500, 2000, 10000):
    CASES.append((f"deep-form-{depth}", mutated(_deep_form(depth)), "nested more than"))
for length in (1, 2, 3, 10, 30):
    CASES.append((f"cyclic-form-{length}", mutated(_cycle(length)), "twice"))
CASES.append(("cyclic-form-200", mutated(_cycle(200)), "nested more than"))  # too deep before it closes
CASES.append(("cyclic-form-self-root", mutated(_self_parent), "twice"))
CASES.append(("deep-json-objects", b'{"a":' * 50000 + b"1" + b"}" * 50000, "JSON"))
CASES.append(("deep-json-in-field", mutated(lambda d: d["nodes"][0]["data"]["inputs"].__setitem__(
    "deep", {"name": "deep", "label": "", "value": json.loads("[" * 500 + "]" * 500)})), "nested more than"))
CASES.append(("deep-json-999", b"[" * 999 + b"]" * 999, "top level"))
CASES.append(("deep-json-object-900", b'{"nodes": [], "meta": ' + b'{"a":' * 900 + b"1" + b"}" * 901, "nested more than"))
CASES.append(("deep-notes", mutated(lambda d: d.__setitem__("notes", "x\n" * 200000)), LOADS))

# Huge files: over the limit (refused before reading), and big-but-legal ones.
CASES.append(("huge-padding", b" " * (MAX_WORKFLOW_BYTES + 1), "MB"))
CASES.append(("huge-json", b'{"nodes": [' + b"{}, " * (MAX_WORKFLOW_BYTES // 4) + b"{}]}", "MB"))
CASES.append(("huge-description", mutated(lambda d: d.__setitem__("description", "d" * 5_000_000)), LOADS))
CASES.append(("huge-label", mutated(lambda d: d["nodes"][0]["data"].__setitem__("label", "L" * 1_000_000)), LOADS))
for count in (1000, 5000):
    CASES.append((f"many-nodes-{count}", mutated(_many_nodes(count)), LOADS))
CASES.append(("many-edges-dangling", mutated(lambda d: d["edges"].extend(
    {"id": f"e{i}", "type": "default", "source": f"ghost{i}", "sourceHandle": "x", "target": d["nodes"][0]["id"],
     "targetHandle": "y"} for i in range(20000))), "ghost0"))

# Wrong encodings.
TEXT = json.dumps(BASE, ensure_ascii=False)
NAMED = json.dumps({**BASE, "name": "Café — 東京 ✓"}, ensure_ascii=False)


def named_in(name: str, encoding: str) -> bytes:
    """The workflow as ASCII JSON with a raw (unescaped) name in another encoding."""
    return json.dumps({**BASE, "name": "@@NAME@@"}).encode("ascii").replace(b"@@NAME@@", name.encode(encoding))


CASES += [
    ("utf8-bom", b"\xef\xbb\xbf" + TEXT.encode(), LOADS),
    ("utf16-le-bom", NAMED.encode("utf-16"), LOADS),
    ("utf16-be-bom", b"\xfe\xff" + NAMED.encode("utf-16-be"), LOADS),
    ("utf32-bom", NAMED.encode("utf-32"), LOADS),
    ("utf16-le-no-bom", NAMED.encode("utf-16-le"), "without a byte-order mark"),
    ("utf16-be-no-bom", NAMED.encode("utf-16-be"), "without a byte-order mark"),
    ("utf16-bom-odd-length", NAMED.encode("utf-16") + b"\x00", "not valid UTF-16"),
    ("latin1", named_in("Café", "latin-1"), "UTF-8"),
    ("cp1252-quotes", named_in("\u201cq\u201d", "cp1252"), "UTF-8"),
    ("shift-jis", named_in("東京", "shift_jis"), "UTF-8"),
    ("gbk", named_in("东京", "gbk"), "UTF-8"),
    ("lone-surrogate-escape", TEXT.replace('"name": "', '"name": "\\ud800', 1).encode(), LOADS),
    ("nul-bytes", TEXT.encode().replace(b'"name"', b'"na\x00me"', 1), "JSON"),
    ("overlong-utf8", TEXT.encode().replace(b'"name": "', b'"name": "\xc0\xaf', 1), "UTF-8"),
    ("utf8-then-garbage", TEXT.encode() + b"\xff\xfe\x00", "UTF-8"),
    ("trailing-json", TEXT.encode() + b"{}", "JSON"),
    ("two-documents", TEXT.encode() + b"\n" + TEXT.encode(), "JSON"),
    ("nan-values", TEXT.replace('"name": "', '"x": NaN, "name": "', 1).encode(), LOADS),
    ("infinity-value", mutated(lambda d: d["nodes"][0]["data"]["inputs"].__setitem__(
        "inf", {"name": "inf", "label": "", "value": float("inf")})), LOADS),
    ("control-chars-in-name", mutated(lambda d: d.__setitem__("name", "a\x1b[31mred\x07\r\n")), LOADS),
    ("rtl-override-name", mutated(lambda d: d.__setitem__("name", "evil\u202egnp.exe")), LOADS),
    ("zero-width-ids", mutated(lambda d: d["nodes"][0].__setitem__("id", "\u200b")), "not in the workflow"),
]

# Every shipped fixture with an invocation type the server does not know (loads; typing refuses it),
# cut in half (bad JSON) and with its form root pointing nowhere.
for fixture in sorted(WORKFLOW_FIXTURES.glob("*.json")):
    original = json.loads(fixture.read_text())
    raw = fixture.read_bytes()
    CASES.append((f"{fixture.stem}-unknown-invocation", mutated(lambda d: next(
        n for n in d["nodes"] if n["type"] == "invocation")["data"].__setitem__("type", "not_a_node_type"), original),
        LOADS))
    CASES.append((f"{fixture.stem}-half", raw[: len(raw) // 2], "JSON"))
    CASES.append((f"{fixture.stem}-no-meta", mutated(lambda d: d.pop("meta", None), original), "meta"))
    CASES.append((f"{fixture.stem}-nodes-swapped-for-edges", mutated(
        lambda d: d.__setitem__("nodes", d.get("edges") or [{"id": "e"}]), original), "node"))

ALL = unit_cases.CASES + CASES


def _write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / f"{name}.json"
    if isinstance(content, (bytes, bytearray)):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def schemas():
    return InvocationSchemas.from_openapi(json.loads((TESTS / "data" / "openapi-6.14.2.json").read_text()))


def test_at_least_200_broken_files_in_all():
    assert len(ALL) >= 200, len(ALL)
    assert len({name for name, _, _ in ALL}) == len(ALL)
    record("broken workflow files tried", len(ALL))


@pytest.mark.parametrize("name,content,words", CASES, ids=[c[0] for c in CASES])
def test_broken_file_loads_or_fails_clearly(tmp_path, name, content, words, schemas):
    path = _write(tmp_path, name, content)
    if words is None:
        definition = WorkflowDefinition.from_file(path)
        # Loaded: typing it, describing its inputs and building its graph fail only with WorkflowError.
        try:
            handle = WorkflowHandle(None, definition, schemas)
            for item in handle.list_inputs():
                item.field.describe()
            handle.build_batch(runs=1)
        except WorkflowError as exc:
            assert str(exc) and "Traceback" not in str(exc) and len(str(exc)) < 2000
        return
    with pytest.raises(WorkflowLoadError) as info:
        WorkflowDefinition.from_file(path)
    message = str(info.value)
    assert str(path) in message, message
    assert words.lower() in message.lower(), message
    assert "Traceback" not in message and len(message) < 600


@pytest.mark.parametrize("name,content,words", unit_cases.CASES, ids=[c[0] for c in unit_cases.CASES])
def test_unit_cases_from_text_too(name, content, words):
    """The same files handed over as text (a library record or a pasted workflow), not as a file."""
    from invokeai_tui.workflow.loader import parse_workflow_text

    raw = content if isinstance(content, (bytes, bytearray)) else json.dumps(content).encode()
    with pytest.raises(WorkflowLoadError) as info:
        parse_workflow_text(bytes(raw), f"<{name}>")
    assert words.lower() in str(info.value).lower()
