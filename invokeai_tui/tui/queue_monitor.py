"""The app's one view of the session queue, shared by the queue pane and the Queue mode.

Server events keep it current; REST is the source of truth: on every (re)connect it resyncs
(status, item ids, summaries, the current item), and while the event socket is down it polls and
the status bar says "polling". Progress events can arrive far faster than a terminal can draw,
so the running item's progress and denoise preview are published at most ``FRAMES_PER_SECOND``
times a second: each event only replaces the latest one, and one timer publishes it.
"""

from __future__ import annotations

import base64
import io
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.signal import Signal

from ..client.errors import InvokeAIError, ServerUnreachableError
from ..client.events import (
    BatchEnqueuedEvent,
    ConnectionStateEvent,
    InvocationCompleteEvent,
    InvocationErrorEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
)
from ..client.records import TERMINAL_STATUSES, QueueItem, QueueItemSummary

if TYPE_CHECKING:
    from .app import InvokeAITUI

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 4
MAX_ROWS = 200  # newest items kept for the list; counts come from the server's status
POLL_SECONDS = 2.0


@dataclass
class RunningProgress:
    """What the running item is doing now."""

    item_id: int
    batch_id: str | None = None
    node_id: str | None = None
    node_type: str | None = None
    message: str = ""
    percentage: float | None = None  # 0..1, None = unknown
    preview: Any = None  # PIL image of the latest denoise step
    preview_size: tuple[int, int] | None = None
    frames: int = 0  # previews published for this item

    @property
    def node_text(self) -> str:
        if not self.node_type and not self.node_id:
            return "starting"
        return self.node_type or self.node_id or ""


@dataclass
class QueueSnapshot:
    """Rows newest first, plus the processor and the running item's progress."""

    rows: list[QueueItemSummary] = field(default_factory=list)
    total: int = 0
    paused: bool = False
    progress: RunningProgress | None = None


def decode_preview(data_url: str) -> Any:
    """A PIL image from the progress event's data URL, or None when it is not a readable image."""
    if not data_url or "," not in data_url:
        return None
    try:
        from PIL import Image

        raw = base64.b64decode(data_url.split(",", 1)[1])
        image = Image.open(io.BytesIO(raw))
        image.load()
        return image
    except Exception:  # noqa: BLE001 - a bad frame is skipped, never fatal
        log.debug("undecodable progress image", exc_info=True)
        return None


class QueueMonitor:
    """Create with ``QueueMonitor.of(app)``; listen on ``.changed`` ("items" or "progress")."""

    def __init__(self, app: "InvokeAITUI") -> None:
        self.app = app
        self.rows: dict[int, QueueItemSummary] = {}
        self.order: list[int] = []  # newest first
        self.total = 0
        self.paused = False
        self.progress: RunningProgress | None = None
        self.polling = False
        self.changed: Signal[str] = Signal(app, "queue-changed")
        self.frames_published = 0
        self.resyncs = 0
        self._latest_progress: InvocationProgressEvent | None = None
        self._frame_timer = None
        self._last_frame = 0.0
        self._resync_timer = None
        self._errors: dict[int, QueueItem] = {}
        self._client = None

    @classmethod
    def of(cls, app: "InvokeAITUI") -> "QueueMonitor":
        monitor = getattr(app, "queue_monitor", None)
        if monitor is None:
            monitor = cls(app)
            if app.is_running:  # not while the app shuts down; the next caller attaches it
                app.queue_monitor = monitor
                monitor._attach()
        return monitor

    def _attach(self) -> None:
        app = self.app
        app.server_events.subscribe(app, self._on_event, immediate=True)
        app.set_interval(POLL_SECONDS, self._poll_if_needed, name="queue-poll")
        self.resync()

    # -- what views read ------------------------------------------------------------------
    def snapshot(self) -> QueueSnapshot:
        return QueueSnapshot([self.rows[i] for i in self.order if i in self.rows], self.total, self.paused,
                             self.progress)

    def row(self, item_id: int) -> QueueItemSummary | None:
        return self.rows.get(item_id)

    @property
    def socket_live(self) -> bool:
        client = self.app.client
        try:
            return bool(client is not None and client.events.is_live)
        except Exception:  # noqa: BLE001
            return False

    # -- events -----------------------------------------------------------------------------
    def _on_event(self, event: Any) -> None:
        if isinstance(event, ConnectionStateEvent):
            state = str(getattr(event.state, "value", event.state))
            if state == "live":
                self.polling = False
                self.forget_items()
                self.resync()  # on every (re)connect the truth comes from REST
            elif self.polling:
                self.app.connection_state = "polling"
            return
        if isinstance(event, QueueItemStatusChangedEvent):
            self._status_changed(event)
        elif isinstance(event, InvocationStartedEvent):
            progress = self._progress_for(event)
            if progress is not None:
                progress.node_id, progress.node_type = event.node_id, event.invocation_type
                progress.message, progress.percentage = "", None
                self._publish_progress_soon()
        elif isinstance(event, InvocationProgressEvent):
            # Only the newest progress matters: keep it and let the frame timer publish it.
            self._latest_progress = event
            self._publish_progress_soon()
        elif isinstance(event, (InvocationCompleteEvent, InvocationErrorEvent)):
            pass
        elif isinstance(event, (BatchEnqueuedEvent, QueueItemsRetriedEvent, QueueItemsCanceledEvent,
                                QueueClearedEvent)):
            if isinstance(event, QueueClearedEvent):
                self.forget_items()
            self.resync_soon()

    def _progress_for(self, event: Any) -> RunningProgress | None:
        item_id = getattr(event, "item_id", None)
        if item_id is None:
            return None
        if self.progress is None or self.progress.item_id != item_id:
            self.progress = RunningProgress(item_id, getattr(event, "batch_id", None))
        return self.progress

    def _status_changed(self, event: QueueItemStatusChangedEvent) -> None:
        item_id = event.item_id
        if item_id is None:
            return
        row = self.rows.get(item_id)
        if row is None:
            self.resync_soon()  # an item we have not seen: fetch its summary
        else:
            update = {"status": event.status}
            for name in ("started_at", "completed_at", "created_at"):
                if getattr(event, name, None):
                    update[name] = getattr(event, name)
            self.rows[item_id] = row.model_copy(update=update)
        if event.queue_status is not None:
            self.total = event.queue_status.total or self.total
        if event.status == "in_progress":
            self._progress_for(event)
        elif event.status in TERMINAL_STATUSES and self.progress is not None and self.progress.item_id == item_id:
            self.progress = None
            self._latest_progress = None
        self.changed.publish("items")

    # -- throttled progress -------------------------------------------------------------------
    def _publish_progress_soon(self) -> None:
        if self._frame_timer is not None:
            return
        wait = max(0.01, self._last_frame + 1.0 / FRAMES_PER_SECOND - time.monotonic())
        self._frame_timer = self.app.set_timer(wait, self._publish_frame, name="queue-frame")

    def _publish_frame(self) -> None:
        self._frame_timer = None
        self._last_frame = time.monotonic()
        event, self._latest_progress = self._latest_progress, None
        row = self.rows.get(event.item_id) if event is not None and event.item_id is not None else None
        if row is not None and row.is_terminal:
            event = None  # a late frame of a finished item must not bring it back to life
        if event is not None:
            progress = self._progress_for(event)
            if progress is None:
                return
            if event.node_id:
                progress.node_id = event.node_id
                progress.node_type = event.invocation_type or progress.node_type
            progress.message = event.message or progress.message
            progress.percentage = event.percentage
            if event.image is not None and event.image.dataURL:
                image = decode_preview(event.image.dataURL)
                if image is not None:
                    progress.preview = image
                    progress.preview_size = (event.image.width, event.image.height)
                    progress.frames += 1
        self.frames_published += 1
        self.changed.publish("progress")

    # -- REST: resync and polling ------------------------------------------------------------
    def resync_soon(self, delay: float = 0.2) -> None:
        """Collapse a burst of queue events into one resync."""
        if self._resync_timer is None:
            self._resync_timer = self.app.set_timer(delay, self._resync_from_timer, name="queue-resync")

    def _resync_from_timer(self) -> None:
        self._resync_timer = None
        self.resync()

    def resync(self) -> None:
        if self.app.client is None:
            return
        self.app.run_worker(self._resync, group="queue-resync", exclusive=True, exit_on_error=False,
                            description="read the queue")

    async def _resync(self) -> None:
        queue = self.app.client.queue_repo
        status = await queue.get_status()
        ids = await queue.get_item_ids()
        shown = ids[:MAX_ROWS]
        summaries = await queue.get_summaries_by_ids(shown) if shown else []
        current = await queue.get_current() if status.queue.in_progress else None
        self.rows = {s.item_id: s for s in summaries}
        self.order = [i for i in shown if i in self.rows]
        self.total = len(ids)
        self.paused = not status.processor.is_started
        self.app.set_queue_counts(status.queue)
        if current is None or current.status != "in_progress":
            self.progress = None
        elif self.progress is None or self.progress.item_id != current.item_id:
            self.progress = RunningProgress(current.item_id, current.batch_id)
        self.resyncs += 1
        self.changed.publish("items")

    def _poll_if_needed(self) -> None:
        if self.app.client is None or not getattr(self.app, "connected", False) or self.socket_live:
            return
        self.app.run_worker(self._poll, group="queue-poll", exclusive=True, exit_on_error=False,
                            description="poll the queue")

    async def _poll(self) -> None:
        try:
            await self._resync()
        except ServerUnreachableError:
            self.polling = False
            self.app.connection_state = "offline"
            return
        except InvokeAIError as exc:
            log.info("queue poll failed: %s", exc)
            return
        if not self.socket_live:
            self.polling = True
            self.app.connection_state = "polling"

    # -- actions (views call these; errors go to the app's handler) ----------------------------
    def _act(self, coro, description: str) -> None:
        self.app.run_worker(coro, group="queue-actions", exit_on_error=False, description=description)

    def cancel_item(self, item_id: int) -> None:
        async def run():
            await self.app.client.queue_repo.cancel_item(item_id)
            self.app.notify(f"Canceled item {item_id}", timeout=3)
            await self._resync()

        self._act(run(), f"cancel item {item_id}")

    def cancel_batch(self, batch_id: str) -> None:
        async def run():
            count = await self.app.client.queue_repo.cancel_by_batch_ids([batch_id])
            self.app.notify(f"Canceled {count} item(s) of batch {batch_id[:8]}", timeout=3)
            await self._resync()

        self._act(run(), "cancel the batch")

    def retry(self, item_ids: list[int]) -> None:
        async def run():
            retried = await self.app.client.queue_repo.retry_items(item_ids)
            if retried:
                self.app.notify(f"Retrying {len(retried)} item(s)", timeout=3)
            else:
                self.app.notify("Only failed or canceled items can be retried.", severity="warning", timeout=4)
            await self._resync()

        self._act(run(), "retry the items")

    def clear(self) -> None:
        async def run():
            count = await self.app.client.queue_repo.clear()
            self.app.notify(f"Cleared the queue ({count} item(s))", timeout=3)
            await self._resync()

        self._act(run(), "clear the queue")

    def prune(self) -> None:
        async def run():
            count = await self.app.client.queue_repo.prune()
            self.app.notify(f"Pruned {count} finished item(s)", timeout=3)
            await self._resync()

        self._act(run(), "prune the queue")

    def toggle_pause(self) -> None:
        async def run():
            queue = self.app.client.queue_repo
            status = await (queue.resume_processor() if self.paused else queue.pause_processor())
            self.paused = not status.is_started
            self.app.notify("Queue paused" if self.paused else "Queue resumed", timeout=3)
            await self._resync()

        self._act(run(), "pause or resume the queue")

    async def full_item(self, item_id: int) -> QueueItem:
        """The whole item (error message and traceback included); cached once finished."""
        cached = self._errors.get(item_id)
        if cached is not None:
            return cached
        item = await self.app.client.queue_repo.get_item(item_id)
        if item.status in TERMINAL_STATUSES:
            self._errors[item_id] = item
            if len(self._errors) > 100:
                self._errors.pop(next(iter(self._errors)))
        return item

    def forget_items(self) -> None:
        """A restarted server reuses item ids: cached full items must not outlive a resync."""
        self._errors.clear()
