"""The client as the published invokeai-py-client offers it: the async client service, whose
`workflow_repo` is the workflow engine's repository (library CRUD plus `create_workflow`).

Composition happens here, one layer above both: `invokeai_tui.client` knows nothing of the
workflow engine, and the engine talks to the server only through the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from invokeai_tui.client.async_client import AsyncInvokeAIClient as ClientService

if TYPE_CHECKING:
    from invokeai_tui.workflow.repository import WorkflowRepository


class AsyncInvokeAIClient(ClientService):
    """`invokeai_tui.client.AsyncInvokeAIClient` with `workflow_repo.create_workflow(...)`,
    `create_workflow_from_library(id)` and `create_workflow_from_image(name)`."""

    @property
    def workflow_repo(self) -> WorkflowRepository:
        """Workflow library CRUD plus handles for workflows (`create_workflow`)."""
        # Imported at first use, like the client's own repositories: the app draws its first
        # screen without loading the workflow engine (~50-100 ms of imports here).
        from invokeai_tui.workflow.repository import WorkflowRepository

        return self._repo("workflow", WorkflowRepository)

    def __repr__(self) -> str:
        return f"AsyncInvokeAIClient({self.root_url!r})"
