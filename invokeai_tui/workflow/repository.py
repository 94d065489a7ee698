"""The workflow library CRUD of the client plus `create_workflow(definition)`.

`invokeai_tui.pyclient.AsyncInvokeAIClient` hands it out as `workflow_repo` (`await
repo.create_workflow(d)`), and its blocking `InvokeAIClient` wraps it. The client never imports it.
"""

from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING, Any

from invokeai_tui.client.repositories.workflows import WorkflowLibraryRepository

from .definition import WorkflowDefinition
from .handle import WorkflowHandle
from .schema import InvocationSchemas

if TYPE_CHECKING:
    from .client_protocol import WorkflowClient

# Parsed invocation templates per OpenAPI document (the client caches the document itself).
_schema_cache: "weakref.WeakKeyDictionary[Any, tuple[int, InvocationSchemas]]" = weakref.WeakKeyDictionary()


async def load_invocation_schemas(client: WorkflowClient, refresh: bool = False) -> InvocationSchemas:
    """The server's invocation templates, parsed once per client and OpenAPI document."""
    doc = await client.get_openapi(refresh=refresh)
    cached = _schema_cache.get(client)
    if cached is not None and cached[0] == id(doc):
        return cached[1]
    schemas = InvocationSchemas.from_openapi(doc)
    _schema_cache[client] = (id(doc), schemas)
    return schemas


class WorkflowRepository(WorkflowLibraryRepository):
    async def create_workflow(self, definition: Any) -> WorkflowHandle:
        """A handle for a definition (or a path, a dict, or a library record), typed from the server."""
        if isinstance(definition, (str, os.PathLike)):
            definition = WorkflowDefinition.from_file(definition)
        elif isinstance(definition, dict):
            definition = (WorkflowDefinition.from_library_record(definition) if "workflow_id" in definition
                          else WorkflowDefinition.from_dict(definition))
        elif not isinstance(definition, WorkflowDefinition) and hasattr(definition, "workflow_id"):
            definition = WorkflowDefinition.from_library_record(definition)
        schemas = await load_invocation_schemas(self.client)
        return WorkflowHandle(self.client, definition, schemas)

    async def create_workflow_from_library(self, workflow_id: str) -> WorkflowHandle:
        record = await self.get_workflow(workflow_id)
        return await self.create_workflow(WorkflowDefinition.from_library_record(record))

    async def create_workflow_from_image(self, image_name: str) -> WorkflowHandle:
        payload = await self.client.image_repo.get_workflow(image_name)
        body = payload.model_dump() if hasattr(payload, "model_dump") else payload
        return await self.create_workflow(WorkflowDefinition.from_image_workflow(body, image_name=image_name))
