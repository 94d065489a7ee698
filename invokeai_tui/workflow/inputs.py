"""The indexed inputs of a workflow: the public, stable handle on its form."""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass
from typing import Any

from .. import atomic_files
from .definition import WorkflowDefinition
from .fallback import guess_field_template
from .fields import WorkflowField, make_field, refine_template
from .form import FlatForm, InputPlacement, flatten_form
from .schema import FieldTemplate, InvocationSchemas


@dataclass
class WorkflowInput:
    """One input of the form, numbered in the web UI's reading order."""

    input_index: int
    node_id: str
    field_name: str
    label: str  # the input's label, else the field title from the server's schema
    node_label: str  # the node's label, else its invocation type
    node_type: str
    description: str
    field: WorkflowField
    placement: InputPlacement | None = None

    @property
    def node_name(self) -> str:  # the seed document's name for node_label
        return self.node_label

    @property
    def kind(self) -> str:
        return self.field.kind

    @property
    def value(self) -> Any:
        return self.field.get()

    @property
    def key(self) -> tuple[str, str]:
        return self.node_id, self.field_name

    @property
    def jsonpath(self) -> str:
        return f"$.nodes[?(@.id='{self.node_id}')].data.inputs.{self.field_name}"

    @property
    def required(self) -> bool:
        return self.field.required

    def to_dict(self) -> dict[str, Any]:
        """The input as JSON data (what `invokeai-tui run WORKFLOW --list-inputs --json` prints)."""
        return {"index": self.input_index, "label": self.label, "kind": self.kind, "takes": self.field.describe(),
                "value": self.value, "required": self.required, "node_id": self.node_id,
                "field_name": self.field_name, "node_label": self.node_label, "node_type": self.node_type,
                "description": self.description}


def field_template_for(
    definition: WorkflowDefinition, schemas: InvocationSchemas | None, node_id: str, field_name: str
) -> FieldTemplate:
    """The server's template for a node's input, or a guess when the server does not know it."""
    node = definition.get_node(node_id)
    node_type = node["data"]["type"] if node else ""
    instance = definition.node_input(node_id, field_name) or {}
    template = schemas.field(node_type, field_name) if schemas is not None else None
    return template or guess_field_template(node_type, field_name, instance)


def make_node_field(
    definition: WorkflowDefinition,
    schemas: InvocationSchemas | None,
    node_id: str,
    field_name: str,
    settings: dict[str, Any] | None = None,
) -> WorkflowField:
    instance = definition.node_input(node_id, field_name) or {}
    template = refine_template(field_template_for(definition, schemas, node_id, field_name), settings)
    label = instance.get("label") or template.title
    return make_field(template, instance.get("value"), label=label)


def build_inputs(
    definition: WorkflowDefinition, schemas: InvocationSchemas | None
) -> tuple[list[WorkflowInput], FlatForm]:
    """All inputs in index order, and the flattened form they come from."""

    def field_exists(node_id: str, field_name: str) -> bool:
        node = definition.get_node(node_id)
        if node is None or node.get("type") != "invocation":
            return False
        if schemas is not None and node["data"]["type"] in schemas:
            return schemas.field(node["data"]["type"], field_name) is not None
        return definition.node_input(node_id, field_name) is not None

    flat = flatten_form(definition, field_exists)
    inputs: list[WorkflowInput] = []
    for element in flat.elements:
        if element.type != "node-field":
            continue
        node = definition.get_node(element.node_id)  # type: ignore[arg-type]
        data = node["data"]  # type: ignore[index]
        instance = data["inputs"][element.field_name]
        field = make_node_field(definition, schemas, element.node_id, element.field_name, element.settings)
        description = instance.get("description") or field.template.description
        inputs.append(
            WorkflowInput(
                input_index=len(inputs),
                node_id=element.node_id,  # type: ignore[arg-type]
                field_name=element.field_name,  # type: ignore[arg-type]
                label=field.label,
                node_label=data.get("label") or data["type"],
                node_type=data["type"],
                description=description or "",
                field=field,
                placement=flat.placements[len(inputs)],
            )
        )
    return inputs, flat


# --- drift detection -------------------------------------------------------------------
def input_index_map(inputs: list[WorkflowInput], definition: WorkflowDefinition) -> dict[str, Any]:
    return {
        "workflow_id": definition.id,
        "workflow_name": definition.name,
        "generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": [
            {"index": i.input_index, "node_id": i.node_id, "field_name": i.field_name, "label": i.label,
             "kind": i.kind, "jsonpath": i.jsonpath}
            for i in inputs
        ],
    }


def write_json_atomically(path: str | os.PathLike[str], data: Any) -> None:
    atomic_files.write_text(path, json.dumps(data, indent=2, ensure_ascii=False))


def compare_index_maps(saved: dict[str, Any], inputs: list[WorkflowInput]) -> dict[str, Any]:
    """Compare a saved index map with the current inputs by (node id, field name)."""
    old = {}
    for entry in saved.get("inputs") or []:
        if isinstance(entry, dict) and "node_id" in entry and "field_name" in entry:
            old[(entry["node_id"], entry["field_name"])] = entry
    current = {i.key: i for i in inputs}
    unchanged, moved, missing, new = [], [], [], []
    for key, entry in old.items():
        if key not in current:
            missing.append({"node_id": key[0], "field_name": key[1], "old_index": entry.get("index")})
        elif current[key].input_index == entry.get("index"):
            unchanged.append({"node_id": key[0], "field_name": key[1], "index": entry.get("index")})
        else:
            moved.append({"node_id": key[0], "field_name": key[1], "old_index": entry.get("index"),
                          "new_index": current[key].input_index})
    for key, item in current.items():
        if key not in old:
            new.append({"node_id": key[0], "field_name": key[1], "new_index": item.input_index})
    return {"ok": not (moved or missing or new), "unchanged": unchanged, "moved": moved, "missing": missing,
            "new": new}
