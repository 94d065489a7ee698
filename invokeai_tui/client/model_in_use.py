"""Whether the generation running now uses a model, asked before the model is deleted.

InvokeAI 6.14.2 deletes a model a running generation uses without a word (HTTP 204); the generation
then fails with "UnknownModelException: model not found" when it next loads a part of that model
(a probe with 400 steps failed only near the end, past the denoising). So the app asks first and says so.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .errors import InvokeAIError, ServerUnreachableError

if TYPE_CHECKING:
    from .async_client import AsyncInvokeAIClient


async def running_item_using(client: "AsyncInvokeAIClient", model_key: str) -> int | None:
    """The id of the queue item in progress whose graph names the model's key, else None (also when the
    queue cannot be read: the delete itself then says what is wrong)."""
    try:
        current = await client.queue_repo.get_current()
    except ServerUnreachableError:
        raise
    except InvokeAIError:
        return None
    if current is None or current.status != "in_progress" or not current.session:
        return None
    graph = current.session.get("graph") or current.session
    return current.item_id if model_key in json.dumps(graph) else None


def in_use_warning(item_id: int) -> str:
    return (f"A generation running now (queue item {item_id}) uses this model: the server deletes it anyway, "
            "and that generation then fails with \"model not found\". Cancel it first, or wait until it ends.")
