"""The published WorkflowDefinition (`invokeai_py_client.workflow.workflow_model`): the workflow
engine's definition (which checks the JSON and reads schema 1.x-4.x) with the published names."""

from __future__ import annotations

import os
from typing import Any

from invokeai_tui.workflow.definition import WorkflowDefinition as EngineDefinition


class WorkflowDefinition(EngineDefinition):
    """A workflow JSON as exported by the web UI."""

    @classmethod
    def from_file(cls, filepath: str | os.PathLike[str]) -> "WorkflowDefinition":
        """A workflow JSON file (as the web UI exports it), or a PNG made by InvokeAI."""
        return super().from_file(filepath)

    def save(self, filepath: str | os.PathLike[str]) -> None:
        super().save(filepath)

    @property
    def contact(self) -> str:
        return self.raw.get("contact") or ""

    @property
    def meta(self) -> dict[str, Any]:
        return self.raw.get("meta") or {}

    @property
    def exposedFields(self) -> list[dict[str, Any]]:  # noqa: N802 - the published (JSON) name
        return self.raw.get("exposedFields") or []

    @property
    def raw_data(self) -> dict[str, Any]:
        return self.raw

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.edges)

    @property
    def exposed_field_count(self) -> int:
        return len(self.exposedFields)

    def validate_workflow(self) -> list[str]:
        """Structural problems: no nodes, edges or exposed fields naming unknown nodes."""
        errors: list[str] = []
        node_ids = {node.get("id") for node in self.nodes}
        if not node_ids:
            errors.append("Workflow has no nodes")
        for edge in self.edges:
            for end in ("source", "target"):
                if edge.get(end) not in node_ids:
                    errors.append(f"Edge references unknown {end} node: {edge.get(end)}")
        for exposed in self.exposedFields:
            if exposed.get("nodeId") not in node_ids:
                errors.append(f"Exposed field references unknown node: {exposed.get('nodeId')}")
        return errors

    def get_node_by_id(self, node_id: str) -> dict[str, Any] | None:
        return self.get_node(node_id)

    def get_nodes_by_type(self, node_type: str) -> list[dict[str, Any]]:
        return [node for node in self.nodes if (node.get("data") or {}).get("type") == node_type]

    def has_obsolete_nodes(self) -> bool:
        """Whether a node's type is unknown here; the server's schema decides (see the handle)."""
        return False
