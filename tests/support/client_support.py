"""Shared bits of the client's server tests (not a conftest: other areas own theirs)."""

from __future__ import annotations

import asyncio
import io
import time

from PIL import Image

from invokeai_tui.client import AsyncInvokeAIClient


def png(width: int = 16, height: int = 12, color=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


async def wait_status(client: AsyncInvokeAIClient, item_id: int, statuses: set[str], timeout: float = 60) -> str:
    """Poll one queue item until its status is in `statuses`."""
    deadline = time.monotonic() + timeout
    while True:
        item = await client.queue_repo.get_item(item_id)
        if item.status in statuses:
            return item.status
        if time.monotonic() > deadline:
            raise AssertionError(f"item {item_id} stayed {item.status}, wanted {statuses}")
        await asyncio.sleep(0.1)


def minimal_workflow(name: str, nodes: list | None = None) -> dict:
    """The smallest workflow body the server accepts (library entry or batch.workflow)."""
    return {
        "name": name, "author": "tests", "description": "made by the client tests", "version": "1.0.0",
        "contact": "", "tags": "tests", "notes": "", "exposedFields": [],
        "meta": {"version": "4.0.0", "category": "user"}, "nodes": nodes or [], "edges": [], "form": None,
    }
