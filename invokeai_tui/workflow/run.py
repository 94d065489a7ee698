"""`WorkflowRun`: one submission of a workflow, from its enqueue to its finished items and outputs.

Waiting is event-driven: the run subscribes to its batch's events BEFORE the batch is enqueued
(with a batch id chosen by the caller), so a run that finishes in 50 ms is still seen. Its own
events (status changes, every node's `invocation_complete`) are collected while waiting, so a
finished item is returned, and its images are known, the moment its terminal event arrives
(run_events.py). REST is the fallback: polling when the socket is down, and reading the items
when events may have been missed.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..client.records.queue import TERMINAL_STATUSES as TERMINAL  # the client's one definition
from .errors import WorkflowCanceledError, WorkflowRunError, WorkflowTimeoutError
from .outputs import OutputImages, OutputNaming
from .run_events import RunEvents

if TYPE_CHECKING:
    from invokeai_tui.client.event_stream import Subscription

    from .client_protocol import WorkflowClient

log = logging.getLogger(__name__)

# Events one run may buffer before anyone waits (a fan-out run sends one per node); past it the
# oldest are dropped and the items are read from the server instead.
RUN_EVENT_BUFFER = 20000
RUN_EVENT_TYPES = ["queue_item_status_changed", "invocation_complete"]


@dataclass
class Submission:
    """What one submit() enqueued."""

    batch_id: str
    item_ids: list[int]
    enqueued: int
    requested: int
    priority: int = 0
    body: dict[str, Any] = field(default_factory=dict, repr=False)


class WorkflowRun:
    """One enqueued batch: wait for it (`wait_for_all`, `wait_for_completion`), stream its outputs
    as they are saved (`async for output in run.outputs()`: images and videos), cancel it, map its outputs."""

    def __init__(self, client: WorkflowClient, submission: Submission, *, name: str, naming: OutputNaming,
                 subscription: Subscription | None, live: bool) -> None:
        self.client = client
        self.submission = submission
        self.name = name
        self.naming = naming
        self._subscription = subscription
        self.events = RunEvents(submission.item_ids, submission.body, trusted=live and subscription is not None,
                                node_labels=dict(naming.node_labels), board_inputs=dict(naming.board_inputs),
                                priority=submission.priority)
        self.completed: list[Any] = []  # the finished items, once waited for

    @classmethod
    async def start(cls, client: WorkflowClient, body: dict[str, Any], *, name: str,
                    naming: OutputNaming | None = None) -> WorkflowRun:
        """Enqueue an enqueue_batch body, listening to its batch's events before it is sent."""
        batch_id = body["batch"].setdefault("batch_id", str(uuid.uuid4()))
        events = client.events
        live = False
        try:
            live = bool(await events.start(wait=True, timeout=5))
        except Exception:  # noqa: BLE001 - no socket: polling still works
            log.debug("event stream did not start", exc_info=True)
        subscription = events.subscribe(batch_ids=[batch_id], event_types=RUN_EVENT_TYPES, maxsize=RUN_EVENT_BUFFER)
        try:
            result = await client.queue_repo.enqueue_batch(body["batch"], prepend=body["prepend"])
        except BaseException:
            subscription.close()
            raise
        submission = Submission(batch_id=result.batch_id or batch_id, item_ids=sorted(result.item_ids),
                                enqueued=result.enqueued, requested=result.requested, priority=result.priority,
                                body=body)
        return cls(client, submission, name=name, naming=naming or OutputNaming(), subscription=subscription,
                   live=live)

    @property
    def batch_id(self) -> str:
        return self.submission.batch_id

    @property
    def item_ids(self) -> list[int]:
        return self.submission.item_ids

    def close(self) -> None:
        """Stop listening (waiting again then polls the server)."""
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    # --- waiting --------------------------------------------------------------------
    async def wait_for_all(
        self,
        timeout: float | None = None,
        *,
        poll_interval: float = 2.0,
        on_output: Callable[[OutputImages], Any] | None = None,
        full: bool = False,
    ) -> list[Any]:
        """Wait until every queue item is finished; returns them (item id order). A failed item
        raises WorkflowRunError with the server's error, a canceled one WorkflowCanceledError.

        The items are built from the run's events (`RunQueueItem`) unless events may have been
        missed; then, or with `full=True`, they are the server's full stored items.
        `on_output(OutputImages)` (sync or async) is called the moment a node's saved images are
        announced, before its item has finished."""
        async with aclosing(self._follow(timeout, poll_interval)) as announced:
            async for output in announced:
                if on_output is not None:
                    answer = on_output(output)
                    if inspect.isawaitable(answer):
                        await answer
        items = await self._collect(full)
        for item in items:
            self._raise_if_failed(item)
        return items

    async def wait_for_completion(self, timeout: float | None = None, *, poll_interval: float = 2.0,
                                  on_output: Callable[[OutputImages], Any] | None = None, full: bool = False) -> Any:
        """Wait for the run; returns its (first) queue item. See wait_for_all()."""
        items = await self.wait_for_all(timeout, poll_interval=poll_interval, on_output=on_output, full=full)
        return items[0] if items else None

    async def outputs(self, timeout: float | None = None, *, poll_interval: float = 2.0,
                      full: bool = False) -> AsyncIterator[OutputImages]:
        """Every output once, as it is saved; ends when every item is finished (then a failed or
        canceled item raises, as wait_for_all does). Outputs whose events were missed come from
        the finished items, at the end."""
        seen: set[tuple[int | None, str]] = set()
        async with aclosing(self._follow(timeout, poll_interval)) as announced:
            async for output in announced:
                seen.update((output.item_id, name) for name in output.names)
                yield output
        items = await self._collect(full)
        for output in self.naming.map(items):
            images = [name for name in output.image_names if (output.item_id, name) not in seen]
            videos = [name for name in output.video_names if (output.item_id, name) not in seen]
            if images or videos:
                yield replace(output, image_names=images, video_names=videos)
        for item in items:
            self._raise_if_failed(item)

    async def _follow(self, timeout: float | None, poll_interval: float) -> AsyncIterator[OutputImages]:
        """Read the run's events until every item is finished, yielding outputs as announced."""
        submission = self.submission
        pending = set(submission.item_ids)
        deadline = None if timeout is None else time.monotonic() + timeout
        sub = self._subscription
        events = self.client.events
        try:
            if not self.events.trusted:
                await self._poll_statuses(pending)  # catches anything finished before we looked
            while pending:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise WorkflowTimeoutError(
                        f"{len(pending)} of {len(submission.item_ids)} queue items of {self.name!r} "
                        f"were not finished after {timeout:g} s"
                    )
                live = sub is not None and events.is_live
                wait = poll_interval if live else min(poll_interval, 0.5)
                if remaining is not None:
                    wait = min(wait, remaining)
                if sub is None:
                    await asyncio.sleep(wait)
                    await self._poll_statuses(pending)
                    continue
                try:
                    event = await sub.get(timeout=wait)
                except (asyncio.TimeoutError, TimeoutError):
                    await self._poll_statuses(pending)  # fallback: the socket may be down
                    continue
                except StopAsyncIteration:
                    sub = None
                    continue
                found = await self._take(event, pending)
                if found is not None:
                    yield found
            while sub is not None and (event := sub.get_nowait()) is not None:
                found = await self._take(event, pending)  # what already arrived for items a poll saw finish
                if found is not None:
                    yield found
        finally:
            if sub is None or sub.dropped:
                self.events.distrust()
            self.close()

    async def _take(self, event: Any, pending: set[int]) -> OutputImages | None:
        if getattr(event, "state", None) is not None:  # reconnected: events may be lost
            self.events.distrust()
            await self._poll_statuses(pending)
            return None
        found = self.events.add(event)
        item_id = getattr(event, "item_id", None)
        if getattr(event, "status", None) in TERMINAL and item_id in pending:
            pending.discard(item_id)
        return found

    async def _poll_statuses(self, pending: set[int]) -> None:
        if not pending:
            return
        try:
            summaries = await self.client.queue_repo.get_summaries_by_ids(sorted(pending))
        except Exception:  # noqa: BLE001 - a transient error: the next poll or event decides
            log.debug("status poll failed", exc_info=True)
            return
        for summary in summaries:
            if summary.status in TERMINAL:
                pending.discard(summary.item_id)

    async def _collect(self, full: bool) -> list[Any]:
        """The finished items: from the events when they are whole, else from the server."""
        items: dict[int, Any] = {}
        if not full:
            for item_id in self.submission.item_ids:
                item = self.events.queue_item(item_id)
                if item is not None:
                    items[item_id] = item
        missing = [i for i in self.submission.item_ids if i not in items]
        if missing:
            for item in await self.client.queue_repo.get_items_by_ids(missing):
                items[item.item_id] = item
        self.completed = sorted(items.values(), key=lambda i: i.item_id)
        return self.completed

    def _raise_if_failed(self, item: Any) -> None:
        status = getattr(item, "status", None)
        if status == "failed":
            error_type = getattr(item, "error_type", None) or "UnknownError"
            error_message = getattr(item, "error_message", None) or "the server gave no message"
            raise WorkflowRunError(
                f"Workflow {self.name!r} failed (queue item {item.item_id}): {error_type}: {error_message}",
                item_id=item.item_id, status=status, error_type=error_type, error_message=error_message,
                error_traceback=getattr(item, "error_traceback", None),
            )
        if status == "canceled":
            raise WorkflowCanceledError(
                f"Workflow {self.name!r} was canceled (queue item {item.item_id})",
                item_id=item.item_id, status=status,
            )

    # --- the server's view ------------------------------------------------------------
    async def cancel(self) -> int:
        """Cancel every unfinished item of the run."""
        return await self.client.queue_repo.cancel_by_batch_ids([self.submission.batch_id])

    async def get_queue_items(self) -> list[Any]:
        """The server's full stored items of the run (execution graph included)."""
        return await self.client.queue_repo.get_items_by_ids(self.submission.item_ids)

    def map_outputs_to_images(self, queue_item: Any = None) -> list[OutputImages]:
        """Images saved by every non-intermediate node (of the given items, else the finished ones)."""
        return self.naming.map_images(self.completed if queue_item is None else queue_item)

    def map_outputs_to_videos(self, queue_item: Any = None) -> list[OutputImages]:
        """Videos saved by every non-intermediate node (of the given items, else the finished ones)."""
        return self.naming.map_videos(self.completed if queue_item is None else queue_item)

    def __repr__(self) -> str:
        return f"WorkflowRun({self.name!r}, batch={self.submission.batch_id!r}, items={self.submission.item_ids})"
