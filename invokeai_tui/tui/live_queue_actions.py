"""The queue's actions, as methods of the live-server service (``app.live``).

Each runs in a worker of the "queue-actions" group, tells the person what happened, and reads
the queue again; errors go to the app's one handler. Views call these; they never call the
queue repository themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..client.records import QueueItem

if TYPE_CHECKING:
    from ..client.queue_model import QueueModel
    from .app import InvokeAITUI


class QueueActionsService:
    """Base of ``LiveServer``: needs ``app``, ``model`` and ``_resync``."""

    app: "InvokeAITUI"
    model: "QueueModel"

    async def _resync(self) -> None:  # pragma: no cover - LiveServer defines it
        raise NotImplementedError

    def _act(self, coro, description: str) -> None:
        self.app.run_worker(coro, group="queue-actions", exit_on_error=False, description=description)

    def _notify(self, text: str, **kwargs) -> None:
        self.app.notify(text, timeout=kwargs.pop("timeout", 3), **kwargs)

    def cancel_item(self, item_id: int) -> None:
        async def run():
            await self.app.client.queue_repo.cancel_item(item_id)
            self._notify(f"Canceled item {item_id}")
            await self._resync()

        self._act(run(), f"cancel item {item_id}")

    def cancel_batch(self, batch_id: str) -> None:
        async def run():
            count = await self.app.client.queue_repo.cancel_by_batch_ids([batch_id])
            self._notify(f"Canceled {count} item(s) of batch {batch_id[:8]}")
            await self._resync()

        self._act(run(), "cancel the batch")

    def retry(self, item_ids: list[int]) -> None:
        async def run():
            retried = await self.app.client.queue_repo.retry_items(item_ids)
            if retried:
                self._notify(f"Retrying {len(retried)} item(s)")
            else:
                self._notify("Only failed or canceled items can be retried.", severity="warning", timeout=4)
            await self._resync()

        self._act(run(), "retry the items")

    def clear(self) -> None:
        async def run():
            count = await self.app.client.queue_repo.clear()
            self._notify(f"Cleared the queue ({count} item(s))")
            await self._resync()

        self._act(run(), "clear the queue")

    def prune(self) -> None:
        async def run():
            count = await self.app.client.queue_repo.prune()
            self._notify(f"Pruned {count} finished item(s)")
            await self._resync()

        self._act(run(), "prune the queue")

    def toggle_pause(self) -> None:
        async def run():
            queue = self.app.client.queue_repo
            status = await (queue.resume_processor() if self.model.paused else queue.pause_processor())
            self.model.paused = not status.is_started
            self._notify("Queue paused" if self.model.paused else "Queue resumed")
            await self._resync()

        self._act(run(), "pause or resume the queue")

    async def full_item(self, item_id: int) -> QueueItem:
        """The whole item (error message and traceback included); kept once finished."""
        cached = self.model.full_item(item_id)
        if cached is not None:
            return cached
        item = await self.app.client.queue_repo.get_item(item_id)
        self.model.remember_full_item(item)
        return item
