"""`invokeai-tui queue --watch`: the queue followed live through the client's event stream (Socket.IO,
websocket transport) until interrupted. Each event worth a line becomes one line on stdout, or one
JSON document per line with --json (stable keys: every document has "event"); connection changes go
to stderr. Ctrl-C stops watching only: what is queued stays queued, and is said on stderr."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Callable

from ..client import AsyncInvokeAIClient, ConnectionState, ConnectionStateEvent, InvokeAIError
from ..client.events import (
    BatchEnqueuedEvent,
    InvocationCompleteEvent,
    InvocationErrorEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
)
from ..client.records.queue import QueueCounts, QueueStatus
from .connect import EXIT_UNREACHABLE, CommandError

EVENTS_TIMEOUT = 10.0
PROGRESS_INTERVAL = 0.5  # seconds between two progress lines of one item (events come per step)
WATCHED = ("queue_item_status_changed", "invocation_started", "invocation_progress", "invocation_complete",
           "invocation_error", "batch_enqueued", "queue_items_canceled", "queue_items_retried", "queue_cleared")
COUNT_KEYS = ("pending", "in_progress", "waiting", "completed", "failed", "canceled", "total")


def counts(queue: QueueCounts) -> dict[str, int]:
    return {key: getattr(queue, key) for key in COUNT_KEYS}


def counts_text(numbers: dict[str, int]) -> str:
    return "  ".join(f"{key.replace('in_progress', 'running')} {numbers[key]}" for key in COUNT_KEYS
                     if key != "waiting" or numbers[key])


def status_document(status: QueueStatus) -> dict[str, Any]:
    return {"event": "queue_status", "queue": counts(status.queue), "paused": not status.processor.is_started,
            "current_item_id": status.queue.item_id}


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


class Watcher:
    """Turns typed events into documents and lines; keeps what throttling needs."""

    def __init__(self, as_json: bool, write: Callable[[str], None], clock: Callable[[], float] = time.monotonic):
        self.as_json = as_json
        self._write = write
        self._clock = clock
        self._last_progress: dict[int, float] = {}

    def emit(self, document: dict[str, Any], text: str) -> None:
        self._write(json.dumps(document) if self.as_json else text)

    def status(self, status: QueueStatus) -> None:
        doc = status_document(status)
        running = f"  (item {doc['current_item_id']} running)" if doc["current_item_id"] else ""
        self.emit(doc, f"queue {counts_text(doc['queue'])}{'  paused' if doc['paused'] else ''}{running}")

    def event(self, event: Any) -> None:
        handler = HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    # -- one per kind of event --------------------------------------------------------------------
    def item_status(self, event: QueueItemStatusChangedEvent) -> None:
        doc = {"event": "item_status", "item_id": event.item_id, "batch_id": event.batch_id, "status": event.status,
               "origin": event.origin, "error_type": event.error_type, "error_message": event.error_message,
               "queue": counts(event.queue_status) if event.queue_status else None}
        text = f"item {event.item_id} {event.status}"
        if event.status == "failed" and (event.error_type or event.error_message):
            text += f": {event.error_type or 'error'}: {(event.error_message or '').strip()}"
        if event.queue_status is not None:
            text += f"  [{counts_text(doc['queue'])}]"
        if event.is_terminal and event.item_id is not None:
            self._last_progress.pop(event.item_id, None)
        self.emit(doc, text)

    def node_started(self, event: InvocationStartedEvent) -> None:
        self.emit({"event": "node_started", "item_id": event.item_id, "node_id": event.node_id,
                   "node_type": event.invocation_type}, f"item {event.item_id} {event.invocation_type or event.node_id}")

    def progress(self, event: InvocationProgressEvent) -> None:
        item = event.item_id if event.item_id is not None else -1
        now, last = self._clock(), self._last_progress.get(item)
        finished = event.percentage is not None and event.percentage >= 1.0
        if last is not None and now - last < PROGRESS_INTERVAL and not finished:
            return
        self._last_progress[item] = now
        node = event.invocation_type or event.node_id or ""
        self.emit({"event": "progress", "item_id": event.item_id, "node_id": event.node_id, "node_type": node,
                   "message": event.message, "percentage": event.percentage},
                  " ".join(part for part in (f"item {event.item_id}", node, percent(event.percentage),
                                             event.message) if part))

    def node_complete(self, event: InvocationCompleteEvent) -> None:
        # A finished node without an image or a video says nothing a watcher needs.
        for kind, name in (("image", event.image_name), ("video", event.video_name)):
            if name:
                self.emit({"event": kind, "item_id": event.item_id, "node_id": event.node_id, f"{kind}_name": name},
                          f"item {event.item_id} {kind} {name}")

    def node_error(self, event: InvocationErrorEvent) -> None:
        self.emit({"event": "node_error", "item_id": event.item_id, "node_id": event.node_id,
                   "node_type": event.invocation_type, "error_type": event.error_type,
                   "error_message": event.error_message},
                  f"item {event.item_id} {event.invocation_type or event.node_id} error: {event.error_type}: "
                  f"{(event.error_message or '').strip()}")

    def batch_enqueued(self, event: BatchEnqueuedEvent) -> None:
        self.emit({"event": "batch_enqueued", "batch_id": event.batch_id, "enqueued": event.enqueued,
                   "origin": event.origin}, f"batch {event.batch_id} enqueued {event.enqueued} item(s)")

    def canceled(self, event: QueueItemsCanceledEvent) -> None:
        self.emit({"event": "items_canceled", "item_ids": event.canceled_item_ids},
                  f"canceled items {' '.join(map(str, event.canceled_item_ids))}")

    def retried(self, event: QueueItemsRetriedEvent) -> None:
        self.emit({"event": "items_retried", "item_ids": event.retried_item_ids},
                  f"retried items {' '.join(map(str, event.retried_item_ids))}")

    def cleared(self, event: QueueClearedEvent) -> None:
        self._last_progress.clear()
        self.emit({"event": "queue_cleared"}, "queue cleared")


HANDLERS: dict[type, Callable[[Watcher, Any], None]] = {
    QueueItemStatusChangedEvent: Watcher.item_status, InvocationStartedEvent: Watcher.node_started,
    InvocationProgressEvent: Watcher.progress, InvocationCompleteEvent: Watcher.node_complete,
    InvocationErrorEvent: Watcher.node_error, BatchEnqueuedEvent: Watcher.batch_enqueued,
    QueueItemsCanceledEvent: Watcher.canceled, QueueItemsRetriedEvent: Watcher.retried,
    QueueClearedEvent: Watcher.cleared,
}


async def watch(client: AsyncInvokeAIClient, as_json: bool, say: Callable[[str], None]) -> int:
    """Follow the queue until Ctrl-C (KeyboardInterrupt out, exit 130)."""
    watcher = Watcher(as_json, lambda line: print(line, flush=True))
    subscription = client.events.subscribe(event_types=WATCHED, maxsize=10000)  # before the first read
    try:
        if not await client.events.start(timeout=EVENTS_TIMEOUT):
            raise CommandError("Cannot follow the queue: the server's live events (Socket.IO) do not answer.",
                               EXIT_UNREACHABLE)
        watcher.status(await client.queue_repo.get_status())
        link = Link()
        async for event in subscription:
            if isinstance(event, ConnectionStateEvent):
                if link.changed(event, say):
                    watcher.status(await client.queue_repo.get_status())  # events were missed meanwhile
            else:
                watcher.event(event)
    except (KeyboardInterrupt, asyncio.CancelledError):
        say(f"stopped watching; {await still_queued(client)}")
        raise KeyboardInterrupt from None
    finally:
        subscription.close()
    return 0


class Link:
    """The event socket's state as the watcher says it: a loss once, a return once."""

    def __init__(self) -> None:
        self.live = False
        self.was_ever_live = False  # the first connect was before the first status: not a return

    def changed(self, event: ConnectionStateEvent, say: Callable[[str], None]) -> bool:
        """Say a lost or regained connection on stderr; True when it came back."""
        live = event.state == ConnectionState.LIVE
        came_back = live and not self.live and self.was_ever_live
        if came_back:
            say("connected again")
        elif not live and self.live:
            say(f"lost the server's live events ({event.detail or event.state}); reconnecting")
        self.live, self.was_ever_live = live, self.was_ever_live or live
        return came_back


async def still_queued(client: AsyncInvokeAIClient) -> str:
    try:
        status = await asyncio.wait_for(client.queue_repo.get_status(), 3.0)
    except (InvokeAIError, asyncio.TimeoutError, OSError):
        return "the queue could not be read"
    queue = status.queue
    waiting = queue.pending + queue.waiting
    if not waiting and not queue.in_progress:
        return "nothing is queued on the server"
    return f"{waiting} pending and {queue.in_progress} running stay queued on the server"
