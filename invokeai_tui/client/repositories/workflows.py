"""Workflow library CRUD (server-saved workflows).

The workflow engine extends this class with `create_workflow(definition)` (its
`WorkflowRepository`); `invokeai_tui.pyclient.AsyncInvokeAIClient` hands that one out as
`workflow_repo`. The client itself knows nothing of the engine.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Sequence
from urllib.parse import quote

from ..errors import RequestRejectedError
from ..records import WorkflowPage, WorkflowRecord

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

WORKFLOWS = "/api/v1/workflows"


class WorkflowLibraryRepository:
    def __init__(self, client: "AsyncInvokeAIClient") -> None:
        self._client = client

    @property
    def client(self) -> "AsyncInvokeAIClient":
        return self._client

    async def list_workflows(
        self,
        category: str | Sequence[str] | None = None,
        query: str | None = None,
        tags: Sequence[str] | None = None,
        page: int = 0,
        per_page: int | None = None,
        *,
        order_by: str = "name",
        direction: str = "ASC",
    ) -> WorkflowPage:
        """One page of library entries; category "user"/"default"; per_page None = all."""
        params: list[tuple[str, Any]] = [("page", page), ("order_by", order_by), ("direction", direction.upper())]
        if per_page is not None:
            params.append(("per_page", per_page))
        cats = [category] if isinstance(category, str) else list(category or ())
        params += [("categories", c) for c in cats]
        params += [("tags", t) for t in tags or ()]
        if query:
            params.append(("query", query))
        body = await self._client.request_json("GET", f"{WORKFLOWS}/", params=params, what="Listing workflows")
        return WorkflowPage.model_validate(body)

    async def get_workflow(self, workflow_id: str) -> WorkflowRecord:
        body = await self._client.request_json(
            "GET", f"{WORKFLOWS}/i/{quote(workflow_id, safe='')}", what="Reading a workflow"
        )
        return WorkflowRecord.model_validate(body)

    async def create_workflow_record(self, workflow: dict[str, Any]) -> WorkflowRecord:
        """Save a workflow JSON as a new library entry (any "id" is dropped; the server assigns one)."""
        body_wf = copy.deepcopy(workflow)
        body_wf.pop("id", None)
        body = await self._client.request_json(
            "POST", f"{WORKFLOWS}/", json={"workflow": body_wf}, what=f"Saving workflow {workflow.get('name')!r}"
        )
        return WorkflowRecord.model_validate(body)

    async def update_workflow(self, workflow: dict[str, Any], workflow_id: str | None = None) -> WorkflowRecord:
        """Replace a library entry. The server takes the id from workflow["id"]."""
        body_wf = copy.deepcopy(workflow)
        wid = workflow_id or body_wf.get("id")
        if not wid:
            raise RequestRejectedError("Cannot update a workflow without an id; save it as a new workflow instead.")
        body_wf["id"] = wid
        body = await self._client.request_json(
            "PATCH", f"{WORKFLOWS}/i/{quote(wid, safe='')}", json={"workflow": body_wf}, idempotent=True,
            what=f"Updating workflow {body_wf.get('name')!r}",
        )
        return WorkflowRecord.model_validate(body)

    async def delete_workflow(self, workflow_id: str) -> None:
        await self._client.request("DELETE", f"{WORKFLOWS}/i/{quote(workflow_id, safe='')}", what="Deleting a workflow")

    async def list_tags(self, category: str | None = None) -> list[str]:
        params = [("categories", category)] if category else None
        return list(await self._client.request_json("GET", f"{WORKFLOWS}/tags", params=params, what="Listing tags"))

    async def mark_opened(self, workflow_id: str) -> None:
        await self._client.request("PUT", f"{WORKFLOWS}/i/{quote(workflow_id, safe='')}/opened_at")

