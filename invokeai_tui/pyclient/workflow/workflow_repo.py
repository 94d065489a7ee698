"""The published WorkflowRepository (`invokeai_py_client.workflow.workflow_repo`): workflow handles
from files and dicts, and the server's workflow library, blocking, on the workflow engine.

The library calls use the 6.14.2 routes (`/workflows/i/{id}`, a `{"workflow": ...}` body, a paged
listing), where the published ones fail (DEVIATIONS.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from invokeai_tui.client.errors import NotFoundError

from .workflow_handle import WorkflowHandle
from .workflow_model import WorkflowDefinition

if TYPE_CHECKING:
    from ..client import InvokeAIClient

SUPPORTED_SCHEMA_MAJORS = (1, 2, 3, 4)


class WorkflowRepository:
    """Create workflow handles; list, download, upload and delete library workflows."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self.client = client

    @property
    def _library(self):
        return self.client.async_client.workflow_repo

    # ------------------------------------------------------------ handles
    def create_workflow(self, definition: Any, validate: bool = True, auto_fix: bool = True) -> WorkflowHandle:
        """A handle for a definition, a JSON/PNG path, a dict or a library record. With `validate`,
        structural problems raise ValueError. (`auto_fix` is accepted; nothing needs fixing here.)"""
        if isinstance(definition, (str, os.PathLike)):
            definition = WorkflowDefinition.from_file(definition)
        elif isinstance(definition, dict) and "workflow_id" not in definition:
            definition = WorkflowDefinition.from_dict(definition)
        if validate and isinstance(definition, WorkflowDefinition):
            errors = self.validate_workflow_definition(definition)
            if errors:
                raise ValueError("Invalid workflow: " + "; ".join(errors))
        return WorkflowHandle(self.client, definition)

    def create_workflow_from_file(self, filepath: str | Path, validate: bool = True,
                                  auto_fix: bool = True) -> WorkflowHandle:
        return self.create_workflow(WorkflowDefinition.from_file(filepath), validate, auto_fix)

    def create_workflow_from_dict(self, data: dict[str, Any], validate: bool = True,
                                  auto_fix: bool = True) -> WorkflowHandle:
        return self.create_workflow(WorkflowDefinition.from_dict(data), validate, auto_fix)

    def validate_workflow_definition(self, definition: WorkflowDefinition) -> list[str]:
        errors = definition.validate_workflow()
        try:
            major = int(str(definition.version).split(".")[0])
        except ValueError:
            major = -1
        if major not in SUPPORTED_SCHEMA_MAJORS:
            errors.append(f"Unsupported workflow schema version: {definition.version}")
        return errors

    # ------------------------------------------------------------ the server's library
    def list_available_workflows(self) -> list[dict[str, str]]:
        """Every library workflow (all pages): [{"id", "name", "description", "category", ...}]."""
        page = self.client.run(self._library.list_workflows())
        return [{"id": item.workflow_id, "workflow_id": item.workflow_id, "name": item.name,
                 "description": item.description or "", "category": item.category or "",
                 "tags": item.tags or ""} for item in page.items]

    def download_workflow(self, workflow_id: str) -> WorkflowDefinition | None:
        try:
            record = self.client.run(self._library.get_workflow(workflow_id))
        except NotFoundError:
            return None
        return WorkflowDefinition.from_library_record(record)

    def upload_workflow(self, definition: WorkflowDefinition | dict[str, Any], overwrite: bool = False) -> str:
        """Save to the library; returns the workflow id. With `overwrite`, a workflow of the same id
        (or, without one, of the same name) is replaced; otherwise a new entry is made."""
        data = definition.to_dict() if hasattr(definition, "to_dict") else dict(definition)
        if overwrite:
            existing = data.get("id") or next((w["id"] for w in self.list_available_workflows()
                                              if w["name"] == data.get("name") and w["category"] == "user"), None)
            if existing:
                return self.client.run(self._library.update_workflow(data, existing)).workflow_id
        return self.client.run(self._library.create_workflow_record(data)).workflow_id

    def delete_workflow(self, workflow_id: str) -> bool:
        try:
            self.client.run(self._library.delete_workflow(workflow_id))
        except NotFoundError:
            return False
        return True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "client":
            raise AttributeError(name)
        # The engine repository's other calls (list_workflows, get_workflow, ...), blocking.
        return getattr(self.client._proxy("workflow_repo"), name)

    def __repr__(self) -> str:
        return f"WorkflowRepository(client={self.client.base_url})"
