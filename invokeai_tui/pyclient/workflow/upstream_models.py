"""The published typed view of a workflow JSON (`invokeai_py_client.workflow.upstream_models`):
pydantic models that keep unknown fields, and helpers over them. The workflow engine does not use
them (it reads the JSON itself, schema 1.x-4.x); they are here for scripts that do."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class WorkflowEdgeEndpoint(_Open):
    node_id: str
    field: Optional[str] = None


class WorkflowEdge(_Open):
    source: WorkflowEdgeEndpoint
    destination: WorkflowEdgeEndpoint


class WorkflowNodeField(_Open):
    label: Optional[str] = None
    description: Optional[str] = None
    value: Any = None
    required: Optional[bool] = None
    type: Optional[str] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    options: Optional[list[Any]] = None
    ui_choices: Optional[list[Any]] = None


class WorkflowNodeData(_Open):
    id: Optional[str] = None
    type: Optional[str] = None
    label: Optional[str] = None
    inputs: dict[str, WorkflowNodeField] = Field(default_factory=dict)


class WorkflowNode(_Open):
    id: str
    data: WorkflowNodeData


class WorkflowGraph(_Open):
    nodes: dict[str, dict[str, Any]] | list[WorkflowNode] | dict[str, WorkflowNode] = Field(default_factory=dict)
    edges: list[WorkflowEdge] = Field(default_factory=list)


class WorkflowFormElementData(_Open):
    fieldIdentifier: Optional[dict[str, Any]] = None  # noqa: N815 - the JSON's name
    children: Optional[list[str]] = None


class WorkflowFormElement(_Open):
    id: str
    type: str
    data: WorkflowFormElementData


class WorkflowForm(_Open):
    elements: dict[str, WorkflowFormElement] = Field(default_factory=dict)


class WorkflowRoot(_Open):
    """A workflow JSON: nodes and edges stay plain dicts; typed views on demand."""

    id: Optional[str] = None
    name: Optional[str] = None
    description: Optional[str] = None
    nodes: list[dict[str, Any]] = Field(default_factory=list)
    edges: list[dict[str, Any]] = Field(default_factory=list)
    form: WorkflowForm = Field(default_factory=WorkflowForm)

    def iter_typed_nodes(self) -> Iterable[WorkflowNode]:
        for node in self.nodes:
            if isinstance(node, dict) and "id" in node and "data" in node:
                try:
                    yield WorkflowNode.model_validate(node)
                except ValueError:
                    continue

    def get_typed_node(self, node_id: str) -> WorkflowNode | None:
        return next((node for node in self.iter_typed_nodes() if node.id == node_id), None)

    def replace_typed_node(self, node: WorkflowNode) -> None:
        dumped = node.model_dump(exclude_none=True)
        for index, existing in enumerate(self.nodes):
            if isinstance(existing, dict) and existing.get("id") == node.id:
                self.nodes[index] = dumped
                return
        self.nodes.append(dumped)


# The published list; is_output_node_type also takes any *save*, *decode* or *_to_image type.
OUTPUT_CAPABLE_TYPES = {"save_image", "l2i", "flux_vae_decode", "flux_vae_encode", "hed_edge_detection",
                        "image_output"}


def is_output_node_type(node_type: str | None) -> bool:
    if not node_type:
        return False
    lowered = node_type.lower()
    return (lowered in OUTPUT_CAPABLE_TYPES or "save" in lowered or lowered.endswith("_to_image")
            or "decode" in lowered)


def load_workflow_json(data: dict[str, Any]) -> WorkflowRoot:
    return WorkflowRoot.model_validate(data)


def workflow_to_dict(root: WorkflowRoot) -> dict[str, Any]:
    return root.model_dump(exclude_none=True)


def _node(root: WorkflowRoot, node_id: str) -> dict[str, Any]:
    return next((n for n in root.nodes if isinstance(n, dict) and n.get("id") == node_id), {})


def update_node_input_value(root: WorkflowRoot, node_id: str, field_name: str, value: Any) -> bool:
    field = ((_node(root, node_id).get("data") or {}).get("inputs") or {}).get(field_name)
    if not isinstance(field, dict):
        return False
    field["value"] = value
    return True


def is_field_connected(root: WorkflowRoot, node_id: str, field_name: str) -> bool:
    return any(isinstance(e, dict) and e.get("target") == node_id and e.get("targetHandle") == field_name
               for e in root.edges)


def iter_form_input_fields(root: WorkflowRoot) -> Iterator[tuple[str, str, str, Any]]:
    """(node id, field name, form element id, the node's input dict) per node-field element."""
    for element in root.form.elements.values():
        ident = element.data.fieldIdentifier
        if element.type == "node-field" and ident:
            node_id, field_name = ident.get("nodeId"), ident.get("fieldName")
            inputs = (_node(root, node_id).get("data") or {}).get("inputs") or {}
            yield node_id, field_name, element.id, inputs.get(field_name)


def enumerate_output_nodes(root: WorkflowRoot) -> Iterator[tuple[str, str, bool]]:
    """(node id, node type, whether its board is exposed in the form) per output-capable node."""
    exposed = {node_id for node_id, name, _e, _f in iter_form_input_fields(root) if name == "board"}
    for node in root.nodes:
        if isinstance(node, dict):
            node_type = (node.get("data") or {}).get("type")
            if is_output_node_type(node_type):
                yield node.get("id"), node_type, node.get("id") in exposed


def update_output_boards(root: WorkflowRoot, board_id: str, override: bool = False) -> int:
    """Point the output nodes' boards at `board_id` (unset/auto/none ones, or all with override)."""
    updated = 0
    for node in root.nodes:
        data = node.get("data") or {} if isinstance(node, dict) else {}
        if not is_output_node_type(data.get("type")):
            continue
        inputs = data.setdefault("inputs", {})
        board = inputs.get("board")
        if not isinstance(board, dict):
            inputs["board"] = {"value": {"board_id": board_id}}
            updated += 1
        elif isinstance(board.get("value"), dict):
            if override or board["value"].get("board_id") in (None, "auto", "none"):
                board["value"]["board_id"] = board_id
                updated += 1
        elif override:
            board["value"] = {"board_id": board_id}
            updated += 1
    return updated


def build_input_jsonpath(node_id: str, field_name: str) -> str:
    return f"$.nodes[?(@.id='{node_id}')].data.inputs.{field_name}"


__all__ = [
    "WorkflowRoot", "WorkflowNode", "WorkflowNodeData", "WorkflowNodeField", "WorkflowEdge", "WorkflowEdgeEndpoint",
    "WorkflowForm", "WorkflowFormElement", "WorkflowFormElementData", "load_workflow_json", "iter_form_input_fields",
    "enumerate_output_nodes", "build_input_jsonpath", "OUTPUT_CAPABLE_TYPES", "workflow_to_dict",
    "update_node_input_value", "is_field_connected", "is_output_node_type", "update_output_boards",
]
