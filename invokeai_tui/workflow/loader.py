"""Parse and check workflow JSON before anything else touches it.

Everything that is not a workflow this app can read ends here as one `WorkflowLoadError`
naming the source and the first problem found. The checks follow what the web UI's zod
schema requires (`features/nodes/types/workflow.ts`), plus a few things the UI repairs
silently but a file should not contain (dangling edges, cycles in the form).
"""

from __future__ import annotations

import json
import os
from typing import Any

from .errors import WorkflowLoadError

MAX_WORKFLOW_BYTES = 32 * 1024 * 1024  # the largest default workflow is ~200 KB
MAX_JSON_DEPTH = 100  # the deepest default workflow is ~10 levels; deeper data would recurse later
MAX_FORM_DEPTH = 40  # nested form containers (the web UI's builder makes a handful)
SUPPORTED_MAJOR_VERSIONS = (1, 2, 3, 4)
NODE_TYPES = ("invocation", "notes", "connector", "current_image")
EDGE_TYPES = ("default", "collapsed")
FORM_ELEMENT_TYPES = ("container", "node-field", "heading", "text", "divider")


def read_workflow_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read, decode and check a workflow file; returns the checked dict."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(source)
    except OSError as exc:
        raise WorkflowLoadError(source, f"the file cannot be read ({exc.strerror or exc})") from None
    if size > MAX_WORKFLOW_BYTES:
        raise WorkflowLoadError(
            source, f"the file is {size / 1e6:.1f} MB; workflows are at most {MAX_WORKFLOW_BYTES // 2**20} MB"
        )
    try:
        with open(source, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise WorkflowLoadError(source, f"the file cannot be read ({exc.strerror or exc})") from None
    return parse_workflow_text(raw, source)


def parse_workflow_text(text: str | bytes, source: str) -> dict[str, Any]:
    """Decode JSON text and check it is a workflow."""
    if isinstance(text, bytes):
        if text.startswith(b"\x89PNG"):
            raise WorkflowLoadError(source, "this is a PNG image, not a workflow JSON file (load it as an image)")
        text = _decode(text, source)
    if len(text) > MAX_WORKFLOW_BYTES:
        raise WorkflowLoadError(source, "the text is larger than any workflow can be")
    if not text.strip():
        raise WorkflowLoadError(source, "the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkflowLoadError(
            source, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise WorkflowLoadError(source, "the JSON is nested too deeply to be a workflow") from None
    return check_workflow_dict(data, source)


def _decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); UTF-16/32 only when a byte-order mark says so (Windows editors)."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise WorkflowLoadError(source, f"the file is not valid {codec.upper()} text "
                                                f"(bad byte at offset {exc.start})") from None
    head = raw[:16]
    if len(head) >= 4 and (not any(head[0::2]) or not any(head[1::2])):
        raise WorkflowLoadError(source, "the file looks like UTF-16 text without a byte-order mark; "
                                        "save it as UTF-8 (workflows are UTF-8 JSON)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkflowLoadError(source, f"the file is not UTF-8 text (bad byte at offset {exc.start})") from None


def _short(value: Any, limit: int = 60) -> str:
    """repr() for messages, cut short: a 5000-character node type must not become the message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nesting_problem(data: Any, limit: int) -> str | None:
    """Refuse JSON nested deeper than ``limit`` levels (iteratively: deep data must not recurse here
    or later, in deepcopy, pydantic or the form walk)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return f"the JSON is nested more than {limit} levels deep; no workflow is"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return None


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _fail(source: str, problem: str) -> WorkflowLoadError:
    return WorkflowLoadError(source, problem)


def parse_version(version: Any) -> tuple[int, int, int] | None:
    """'3.0.0' -> (3, 0, 0); None when it is not a semver-like string."""
    if not isinstance(version, str):
        return None
    parts = version.strip().split(".")
    if not 1 <= len(parts) <= 3:
        return None
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    if any(n < 0 for n in numbers):
        return None
    while len(numbers) < 3:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2]


def check_workflow_dict(data: Any, source: str) -> dict[str, Any]:
    """Check the shape of a decoded workflow; returns it unchanged or raises WorkflowLoadError."""
    if not isinstance(data, dict):
        raise _fail(source, f"expected a JSON object at the top level, found {_type_name(data)}")
    nesting = _nesting_problem(data, MAX_JSON_DEPTH)
    if nesting:
        raise _fail(source, nesting)
    if "nodes" not in data:
        hint = ""
        if "graph" in data or "batch" in data:
            hint = " (this looks like a graph or a queue item, not a workflow)"
        elif "workflow" in data:
            hint = " (it holds a 'workflow' key: pass the library record or image payload instead)"
        raise _fail(source, f"it has no 'nodes' list, so it is not a workflow{hint}")

    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise _fail(source, "'meta' is missing or not an object (a workflow has meta.version)")
    version = parse_version(meta.get("version"))
    if version is None:
        raise _fail(source, f"meta.version {_short(meta.get('version'))} is not a version like '3.0.0'")
    if version[0] not in SUPPORTED_MAJOR_VERSIONS:
        raise _fail(
            source,
            f"workflow schema version {meta.get('version')} is not supported "
            f"(this app reads 2.x, 3.x and 4.x)",
        )

    for key in ("name", "author", "description", "version", "contact", "notes"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise _fail(source, f"'{key}' must be a string, found {_type_name(data[key])}")
    tags = data.get("tags")
    if tags is not None and not isinstance(tags, (str, list)):
        raise _fail(source, f"'tags' must be a string, found {_type_name(tags)}")

    nodes = data["nodes"]
    if not isinstance(nodes, list):
        raise _fail(source, f"'nodes' must be a list, found {_type_name(nodes)}")
    node_ids: dict[str, str] = {}
    for position, node in enumerate(nodes):
        node_id, node_type = _check_node(node, position, source)
        if node_id in node_ids:
            raise _fail(source, f"two nodes have the same id {_short(node_id)}")
        node_ids[node_id] = node_type

    edges = data.get("edges", [])
    if not isinstance(edges, list):
        raise _fail(source, f"'edges' must be a list, found {_type_name(edges)}")
    for position, edge in enumerate(edges):
        _check_edge(edge, position, node_ids, source)

    exposed = data.get("exposedFields", [])
    if exposed is None:
        exposed = []
    if not isinstance(exposed, list):
        raise _fail(source, f"'exposedFields' must be a list, found {_type_name(exposed)}")
    for position, item in enumerate(exposed):
        if not isinstance(item, dict) or not isinstance(item.get("nodeId"), str) or not isinstance(
            item.get("fieldName"), str
        ):
            raise _fail(source, f"exposedFields[{position}] must be an object with string nodeId and fieldName")

    form = data.get("form")
    if form is not None:
        check_form(form, source)
    return data


def _check_node(node: Any, position: int, source: str) -> tuple[str, str]:
    where = f"nodes[{position}]"
    if not isinstance(node, dict):
        raise _fail(source, f"{where} must be an object, found {_type_name(node)}")
    node_id = node.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise _fail(source, f"{where} has no string 'id'")
    where = f"node {_short(node_id)}"
    node_type = node.get("type")
    if node_type not in NODE_TYPES:
        raise _fail(source, f"{where} has unknown node type {_short(node_type)} (expected one of {', '.join(NODE_TYPES)})")
    data = node.get("data")
    if not isinstance(data, dict):
        if node_type == "invocation":
            raise _fail(source, f"{where} has no 'data' object")
        return node_id, node_type
    if node_type == "invocation":
        invocation_type = data.get("type")
        if not isinstance(invocation_type, str) or not invocation_type:
            raise _fail(source, f"{where} has no invocation type (data.type)")
        inputs = data.get("inputs", {})
        if not isinstance(inputs, dict):
            raise _fail(source, f"{where} ({invocation_type[:60]}): data.inputs must be an object, found {_type_name(inputs)}")
        for name, field in inputs.items():
            if not isinstance(field, dict):
                raise _fail(source, f"{where} ({invocation_type[:60]}): input {_short(name)} must be an object, found {_type_name(field)}")
            label = field.get("label")
            if label is not None and not isinstance(label, str):
                raise _fail(source, f"{where} ({invocation_type[:60]}): input {_short(name)} has a label that is not a string")
        for flag in ("isIntermediate", "useCache"):
            if flag in data and not isinstance(data[flag], bool):
                raise _fail(source, f"{where}: data.{flag} must be true or false, found {_type_name(data[flag])}")
        label = data.get("label")
        if label is not None and not isinstance(label, str):
            raise _fail(source, f"{where}: data.label must be a string")
    return node_id, node_type


def _check_edge(edge: Any, position: int, node_ids: dict[str, str], source: str) -> None:
    where = f"edges[{position}]"
    if not isinstance(edge, dict):
        raise _fail(source, f"{where} must be an object, found {_type_name(edge)}")
    edge_type = edge.get("type", "default")
    if edge_type not in EDGE_TYPES:
        raise _fail(source, f"{where} has unknown edge type {_short(edge_type)}")
    for end in ("source", "target"):
        node_id = edge.get(end)
        if not isinstance(node_id, str):
            raise _fail(source, f"{where} has no string '{end}'")
        if node_id not in node_ids:
            raise _fail(source, f"{where} ({end}) points to node {_short(node_id)}, which is not in the workflow")
    if edge_type == "default":
        for handle in ("sourceHandle", "targetHandle"):
            if not isinstance(edge.get(handle), str) or not edge.get(handle):
                raise _fail(source, f"{where} from {_short(edge['source'])} to {_short(edge['target'])} has no '{handle}'")


def check_form(form: Any, source: str) -> None:
    """The form must be a tree of known elements rooted at a container, without cycles."""
    if not isinstance(form, dict):
        raise _fail(source, f"'form' must be an object or null, found {_type_name(form)}")
    elements = form.get("elements")
    if not isinstance(elements, dict):
        raise _fail(source, "form.elements must be an object keyed by element id")
    root_id = form.get("rootElementId")
    if not isinstance(root_id, str):
        raise _fail(source, "form.rootElementId must be a string")
    for element_id, element in elements.items():
        if not isinstance(element, dict):
            raise _fail(source, f"form element {_short(element_id)} must be an object, found {_type_name(element)}")
        element_type = element.get("type")
        if element_type not in FORM_ELEMENT_TYPES:
            raise _fail(source, f"form element {_short(element_id)} has unknown type {_short(element_type)}")
        data = element.get("data")
        if element_type == "container":
            if not isinstance(data, dict) or not isinstance(data.get("children"), list):
                raise _fail(source, f"form container {_short(element_id)} has no children list")
            if not all(isinstance(child, str) for child in data["children"]):
                raise _fail(source, f"form container {_short(element_id)} lists a child id that is not a string")
        elif element_type == "node-field":
            ident = data.get("fieldIdentifier") if isinstance(data, dict) else None
            if not isinstance(ident, dict) or not isinstance(ident.get("nodeId"), str) or not isinstance(
                ident.get("fieldName"), str
            ):
                raise _fail(source, f"form field {_short(element_id)} has no fieldIdentifier with nodeId and fieldName")
            settings = data.get("settings")
            if settings is not None and not isinstance(settings, dict):
                raise _fail(source, f"form field {_short(element_id)} has settings that are not an object")
    if root_id not in elements:
        if not elements:
            return  # an empty form: treated as no form at all
        raise _fail(source, f"form.rootElementId {_short(root_id)} is not one of the form's elements")
    if elements[root_id].get("type") != "container":
        raise _fail(source, f"the form's root element {_short(root_id)} is not a container")
    # Walk the tree: an element reached twice means a cycle or a shared child.
    seen: set[str] = set()
    stack = [(root_id, 1)]
    while stack:
        element_id, depth = stack.pop()
        if depth > MAX_FORM_DEPTH:
            raise _fail(source, f"the form is nested more than {MAX_FORM_DEPTH} containers deep")
        if element_id in seen:
            raise _fail(source, f"form element {_short(element_id)} is reached twice (a cycle or a shared child in the form)")
        seen.add(element_id)
        element = elements.get(element_id)
        if element is None:
            continue  # stale child id: the web UI skips it too
        if element.get("type") == "container":
            stack.extend((child, depth + 1) for child in reversed(element["data"]["children"]))
