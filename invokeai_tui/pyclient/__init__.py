"""The published invokeai-py-client API, as thin adapters over the client and the workflow engine.

`InvokeAIClient` is the seed-named blocking facade for scripts; `AsyncInvokeAIClient` is the
async client service with the workflow engine's repository as `workflow_repo`. See API.md.
"""

from .async_client import AsyncInvokeAIClient
from .sync_client import InvokeAIClient, SyncProxy

__all__ = ["AsyncInvokeAIClient", "InvokeAIClient", "SyncProxy"]
