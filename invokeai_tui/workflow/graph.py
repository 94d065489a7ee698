"""Turn a workflow into the graph the server runs, exactly as the web UI does.

Reference: `buildNodesGraph.ts` (InvokeAI 6.14), summarised in the API reference §4.5:
keep executable invocation nodes (no notes, connectors, batch or generator nodes), map each
input to its value, translate board sentinels, keep use_cache/is_intermediate, follow
connector chains back to the real source, ignore collapsed edges, and drop every input that
is fed by an edge.
"""

from __future__ import annotations

import uuid
from typing import Any

from .definition import WorkflowDefinition
from .errors import WorkflowBuildError
from .schema import InvocationSchemas

BATCH_NODE_TYPES = frozenset({
    "image_batch", "string_batch", "integer_batch", "float_batch",
    "image_generator", "string_generator", "integer_generator", "float_generator",
})
# Nodes that accept inputs beyond their template (the UI keeps them all).
EXTRA_INPUT_NODE_TYPES = frozenset({"core_metadata", "metadata", "merge_metadata"})
SAVED_WORKFLOW_INPUT_PREFIX = "saved_workflow_input::"


def is_executable(node: dict[str, Any]) -> bool:
    return node.get("type") == "invocation" and node["data"]["type"] not in BATCH_NODE_TYPES


def translate_board(value: Any, auto_board_id: str | None) -> tuple[bool, Any]:
    """(keep, value) for a BoardField value: 'auto'/empty -> the auto-add board, 'none' -> omitted."""
    if value in (None, "", "auto"):
        return (True, {"board_id": auto_board_id}) if auto_board_id and auto_board_id != "none" else (False, None)
    if value == "none":
        return False, None
    if isinstance(value, str):  # a bare board id (hand-written files)
        return True, {"board_id": value}
    return True, value


def _is_board_input(node_type: str, name: str, value: Any, schemas: InvocationSchemas | None) -> bool:
    template = schemas.field(node_type, name) if schemas is not None else None
    if template is not None:
        return template.kind == "board"
    return name == "board" or (isinstance(value, str) and value in ("auto", "none") and name.endswith("board"))


def resolve_source(
    node_id: str, handle: str, nodes_by_id: dict[str, dict[str, Any]], edges: list[dict[str, Any]]
) -> tuple[str, str] | None:
    """Follow connector nodes back (via their 'in' handle) to the real output; None if the chain ends."""
    seen: set[str] = set()
    while True:
        node = nodes_by_id.get(node_id)
        if node is None:
            return None
        if node.get("type") != "connector":
            return node_id, handle
        if node_id in seen:
            raise WorkflowBuildError(f"connector {node_id!r} is part of a loop of connectors")
        seen.add(node_id)
        incoming = [e for e in edges if e.get("type", "default") == "default" and e.get("target") == node_id
                    and e.get("targetHandle", "in") == "in"]
        if not incoming:
            return None  # a dangling connector feeds nothing
        node_id, handle = incoming[0]["source"], incoming[0]["sourceHandle"]


def build_graph(
    definition: WorkflowDefinition,
    *,
    schemas: InvocationSchemas | None = None,
    auto_board_id: str | None = None,
    graph_id: str | None = None,
) -> dict[str, Any]:
    """The graph for enqueue_batch. `auto_board_id` is where "auto" boards go (None = uncategorized)."""
    nodes_by_id = {n["id"]: n for n in definition.nodes}
    kept: dict[str, dict[str, Any]] = {}
    for node in definition.nodes:
        if not is_executable(node):
            continue
        data = node["data"]
        node_type = data["type"]
        template = schemas.get(node_type) if schemas is not None else None
        graph_node: dict[str, Any] = {"id": node["id"], "type": node_type}
        saved_inputs: dict[str, Any] = {}
        for name, instance in (data.get("inputs") or {}).items():
            if name.startswith(SAVED_WORKFLOW_INPUT_PREFIX):
                if "value" in instance:
                    saved_inputs[name[len(SAVED_WORKFLOW_INPUT_PREFIX):]] = instance["value"]
                continue
            if template is not None and name not in template.inputs and node_type not in EXTRA_INPUT_NODE_TYPES:
                continue  # the UI drops inputs the server's template does not have
            if name in ("id", "type"):
                continue
            value = instance.get("value")
            if "value" not in instance and not _is_board_input(node_type, name, value, schemas):
                continue  # a board without a value is "auto", as the web UI reads it (getBoardField)
            if _is_board_input(node_type, name, value, schemas):
                keep, value = translate_board(value, auto_board_id)
                if not keep:
                    continue
            graph_node[name] = value
        if saved_inputs:
            graph_node["workflow_inputs"] = {**(graph_node.get("workflow_inputs") or {}), **saved_inputs}
        graph_node["use_cache"] = data.get("useCache", True)
        graph_node["is_intermediate"] = data.get("isIntermediate", False)
        kept[node["id"]] = graph_node

    edges: list[dict[str, Any]] = []
    seen_edges: set[tuple[str, str, str, str]] = set()
    for edge in definition.edges:
        if edge.get("type", "default") != "default":
            continue  # collapsed edges are drawing aids only
        target = edge["target"]
        if target not in kept:
            continue
        source = resolve_source(edge["source"], edge["sourceHandle"], nodes_by_id, definition.edges)
        if source is None or source[0] not in kept:
            continue  # fed by a batch node (batch data), a notes node or an unconnected connector
        key = (source[0], source[1], target, edge["targetHandle"])
        if key in seen_edges:
            continue
        seen_edges.add(key)
        edges.append({"source": {"node_id": source[0], "field": source[1]},
                      "destination": {"node_id": target, "field": edge["targetHandle"]}})

    # An input fed by an edge (from a real node or a batch node) carries no literal value.
    for edge in definition.edges:
        if edge.get("type", "default") == "default" and edge["target"] in kept:
            kept[edge["target"]].pop(edge["targetHandle"], None)

    return {"id": graph_id or str(uuid.uuid4()), "nodes": kept, "edges": edges}


def connected_inputs(definition: WorkflowDefinition) -> set[tuple[str, str]]:
    """(node id, field name) of every input fed by an edge."""
    return {(e["target"], e["targetHandle"]) for e in definition.edges if e.get("type", "default") == "default"}
