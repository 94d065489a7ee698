"""The session queue: status, items, enqueue (never retried), cancel (one, a batch, all), clear, prune,
retry (and which new items a retry made), pause/resume."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..records import BatchStatus, EnqueueResult, ProcessorStatus, QueueItem, QueueItemSummary, QueueStatus
from ..records.queue import TERMINAL_STATUSES

if TYPE_CHECKING:
    from ..async_client import AsyncInvokeAIClient

MAX_BATCH = 1000


class QueueRepository:
    def __init__(self, client: "AsyncInvokeAIClient", queue_id: str = "default") -> None:
        self._client = client
        self.queue_id = queue_id

    def _p(self, tail: str) -> str:
        return f"/api/v1/queue/{self.queue_id}/{tail}"

    async def get_status(self) -> QueueStatus:
        return QueueStatus.model_validate(
            await self._client.request_json("GET", self._p("status"), what="Reading the queue status")
        )

    async def get_item_ids(self, order_dir: str = "DESC") -> list[int]:
        """All item ids, newest first by default (ordered by created_at)."""
        body = await self._client.request_json(
            "GET", self._p("item_ids"), params={"order_dir": order_dir.upper()}, what="Listing queue items"
        )
        return [int(i) for i in body.get("item_ids", [])]

    async def get_summaries_by_ids(self, item_ids: Sequence[int]) -> list[QueueItemSummary]:
        """Light rows for a list view, in request order."""
        return [QueueItemSummary.model_validate(x) for x in await self._by_ids("item_summaries_by_ids", item_ids)]

    async def get_items_by_ids(self, item_ids: Sequence[int]) -> list[QueueItem]:
        """Full items (with sessions) in request order; missing ids are skipped."""
        return [QueueItem.model_validate(x) for x in await self._by_ids("items_by_ids", item_ids)]

    async def _by_ids(self, tail: str, item_ids: Sequence[int]) -> list[Any]:
        out: list[Any] = []
        ids = [int(i) for i in item_ids]
        for i in range(0, len(ids), MAX_BATCH):
            out += await self._client.request_json(
                "POST", self._p(tail), json={"item_ids": ids[i : i + MAX_BATCH]}, idempotent=True,
                what="Reading queue items",
            )
        return out

    async def list_items(self, offset: int = 0, limit: int = 100) -> tuple[list[QueueItemSummary], int]:
        """A page of summaries (newest first) and the total count; paged client-side over item ids."""
        ids = await self.get_item_ids()
        page = ids[offset : offset + limit]
        return (await self.get_summaries_by_ids(page) if page else []), len(ids)

    async def get_item(self, item_id: int) -> QueueItem:
        """One full item (NotFoundError if missing)."""
        return QueueItem.model_validate(
            await self._client.request_json("GET", self._p(f"i/{int(item_id)}"), what=f"Reading queue item {item_id}")
        )

    async def get_current(self) -> QueueItem | None:
        """The item being processed, or None when idle."""
        body = await self._client.request_json("GET", self._p("current"), what="Reading the current queue item")
        return QueueItem.model_validate(body) if body else None

    async def get_batch_status(self, batch_id: str) -> BatchStatus:
        return BatchStatus.model_validate(
            await self._client.request_json("GET", self._p(f"b/{batch_id}/status"), what="Reading a batch status")
        )

    async def enqueue_batch(self, batch: dict[str, Any], prepend: bool = False) -> EnqueueResult:
        """Enqueue a batch ({graph, workflow?, data?, runs, origin, destination}). Never retried:
        a retry after a lost answer could run the work twice."""
        body = await self._client.request_json(
            "POST", self._p("enqueue_batch"), json={"batch": batch, "prepend": prepend}, idempotent=False,
            what="Enqueueing",
        )
        result = EnqueueResult.model_validate(body)
        result.item_ids = sorted(result.item_ids)
        return result

    async def cancel_item(self, item_id: int) -> QueueItem:
        return QueueItem.model_validate(
            await self._client.request_json("PUT", self._p(f"i/{int(item_id)}/cancel"), what=f"Cancelling item {item_id}")
        )

    async def delete_item(self, item_id: int) -> None:
        await self._client.request("DELETE", self._p(f"i/{int(item_id)}"), what=f"Deleting item {item_id}")

    async def cancel_by_batch_ids(self, batch_ids: Sequence[str]) -> int:
        body = await self._client.request_json(
            "PUT", self._p("cancel_by_batch_ids"), json={"batch_ids": list(batch_ids)}, what="Cancelling batches"
        )
        return int(body.get("canceled", 0))

    async def cancel_all_except_current(self) -> int:
        body = await self._client.request_json("PUT", self._p("cancel_all_except_current"), what="Cancelling items")
        return int(body.get("canceled", 0))

    async def cancel_all(self) -> int:
        """Cancel every pending item and the running one; returns how many were canceled."""
        canceled = await self.cancel_all_except_current()
        current = await self.get_current()
        if current is not None and current.status not in TERMINAL_STATUSES:
            if (await self.cancel_item(current.item_id)).status == "canceled":
                canceled += 1
        return canceled

    async def clear(self) -> int:
        """Cancel the running item and delete every item; returns how many were deleted."""
        body = await self._client.request_json("PUT", self._p("clear"), what="Clearing the queue")
        return int(body.get("deleted", 0))

    async def prune(self) -> int:
        """Delete completed, failed and canceled items; returns how many."""
        body = await self._client.request_json("PUT", self._p("prune"), what="Pruning the queue")
        return int(body.get("deleted", 0))

    async def retry_items(self, item_ids: Sequence[int]) -> list[int]:
        """Re-enqueue failed/canceled items as new items; returns the ids that were retried.
        Never retried itself (a PUT, but each call creates new queue items)."""
        body = await self._client.request_json(
            "PUT", self._p("retry_items_by_id"), json=[int(i) for i in item_ids], idempotent=False,
            what="Retrying items",
        )
        return [int(i) for i in body.get("retried_item_ids", [])]

    async def retry_items_as_new(self, item_ids: Sequence[int]) -> dict[int, int | None]:
        """Retry failed/canceled items and find the new item each became: {old id: new id} for the
        items the server retried (None when the new one was not found). A retry names the first item
        of its chain in ``retried_from_item_id`` (a retry of a retry too), and ids only grow."""
        asked = await self.get_items_by_ids(item_ids)
        roots = {item.item_id: item.retried_from_item_id or item.item_id for item in asked}
        newest_before = max(await self.get_item_ids(), default=0)
        retried = await self.retry_items(item_ids)
        newer = [i for i in await self.get_item_ids(order_dir="ASC") if i > newest_before]
        by_root: dict[int, list[int]] = {}
        for item in await self.get_items_by_ids(newer) if newer else []:  # summaries lack the link
            if item.retried_from_item_id is not None:
                by_root.setdefault(item.retried_from_item_id, []).append(item.item_id)
        return {old: (by_root.get(roots.get(old, old)) or [None]).pop(0) for old in retried}

    async def pause_processor(self) -> ProcessorStatus:
        return ProcessorStatus.model_validate(
            await self._client.request_json("PUT", self._p("processor/pause"), what="Pausing the queue")
        )

    async def resume_processor(self) -> ProcessorStatus:
        return ProcessorStatus.model_validate(
            await self._client.request_json("PUT", self._p("processor/resume"), what="Resuming the queue")
        )
