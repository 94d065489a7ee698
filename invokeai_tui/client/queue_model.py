"""The live queue as data: rows, counts, paused, and what the running item is doing.

Headless (no Textual): an app service feeds it typed events (``apply``) and REST reads
(``apply_snapshot``); each call changes the state and returns a ``Change`` saying what changed and
what the caller should do next (read the queue again from REST). Nothing here waits or does I/O.

Progress events can arrive by the thousand a second: ``apply`` only keeps the newest one, and
``take_frame`` folds it into ``progress`` (decoding its preview) when the caller is ready to draw.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field
from enum import Flag, auto
from typing import Any

from .events import (
    BatchEnqueuedEvent,
    InvocationCompleteEvent,
    InvocationProgressEvent,
    InvocationStartedEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
)
from .records.queue import TERMINAL_STATUSES, QueueItem, QueueItemSummary, QueueStatus, SessionQueueStatus

log = logging.getLogger(__name__)

MAX_ROWS = 200  # newest items kept for the list; counts come from the server's status
MAX_FULL_ITEMS = 100  # finished items kept whole (error and traceback) for the detail views

QueueCountsShown = tuple[int, int, int, int]  # pending (+ waiting), running, done, failed


class Change(Flag):
    """What a call changed, and what the caller should do about it."""

    NONE = 0
    ROWS = auto()  # rows, their order or the total
    COUNTS = auto()  # the status bar's counts
    PAUSED = auto()
    PROGRESS = auto()  # the running item (or a newer progress frame is waiting in take_frame)
    IMAGE_SAVED = auto()  # the queue saved an image (a gallery may show it)
    NEEDS_RESYNC = auto()  # the events alone cannot tell: read the queue from REST


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
    frames: int = 0  # previews taken for this item

    @property
    def node_text(self) -> str:
        if not self.node_type and not self.node_id:
            return "starting"
        return self.node_type or self.node_id or ""


def counts_of(queue: SessionQueueStatus) -> QueueCountsShown:
    """The four numbers the status bar shows; "waiting" items are pending to a person."""
    return (queue.pending + queue.waiting, queue.in_progress, queue.completed, queue.failed)


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


_RESYNC_EVENTS = (BatchEnqueuedEvent, QueueItemsRetriedEvent, QueueItemsCanceledEvent, QueueClearedEvent)


@dataclass
class QueueModel:
    rows: dict[int, QueueItemSummary] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)  # newest first
    total: int = 0
    counts: QueueCountsShown | None = None
    paused: bool = False
    progress: RunningProgress | None = None
    frames_taken: int = 0
    _latest_progress: InvocationProgressEvent | None = None
    _sequences: dict[int, int] = field(default_factory=dict)
    _full_items: dict[int, QueueItem] = field(default_factory=dict)

    # -- reading -------------------------------------------------------------------------------
    def shown_rows(self) -> list[QueueItemSummary]:
        return [self.rows[i] for i in self.order if i in self.rows]

    def row(self, item_id: int | None) -> QueueItemSummary | None:
        return self.rows.get(item_id) if item_id is not None else None

    def full_item(self, item_id: int) -> QueueItem | None:
        """A finished item read whole before (its error and traceback never change)."""
        return self._full_items.get(item_id)

    def remember_full_item(self, item: QueueItem) -> None:
        if item.status not in TERMINAL_STATUSES:
            return
        self._full_items[item.item_id] = item
        if len(self._full_items) > MAX_FULL_ITEMS:
            self._full_items.pop(next(iter(self._full_items)))

    def forget_items(self) -> None:
        """A restarted or cleared server reuses item ids: nothing known per item may outlive it."""
        self._full_items.clear()
        self._sequences.clear()

    # -- events ----------------------------------------------------------------------------------
    def apply(self, event: Any) -> Change:
        """Fold one typed server event in; events this model does not follow change nothing."""
        if isinstance(event, InvocationProgressEvent):
            # Only the newest progress matters: take_frame() folds it in when a frame is drawn.
            self._latest_progress = event
            return Change.PROGRESS
        if isinstance(event, QueueItemStatusChangedEvent):
            return self._status_changed(event)
        if isinstance(event, InvocationStartedEvent):
            progress = self._progress_for(event.item_id, event.batch_id)
            if progress is None:
                return Change.NONE
            progress.node_id, progress.node_type = event.node_id, event.invocation_type
            progress.message, progress.percentage = "", None
            return Change.PROGRESS
        if isinstance(event, InvocationCompleteEvent):
            return Change.IMAGE_SAVED if event.image_name else Change.NONE
        if isinstance(event, _RESYNC_EVENTS):
            if isinstance(event, QueueClearedEvent):
                self.forget_items()
            return Change.NEEDS_RESYNC
        return Change.NONE

    def _status_changed(self, event: QueueItemStatusChangedEvent) -> Change:
        item_id = event.item_id
        if item_id is None:
            return Change.NONE
        if event.status_sequence is not None:
            last = self._sequences.get(item_id)
            if last is not None and event.status_sequence <= last:
                return Change.NONE  # an older update arriving late
            self._sequences[item_id] = event.status_sequence
        changes = Change.NONE
        if event.queue_status is not None:
            self.total = event.queue_status.total or self.total
            counts = counts_of(event.queue_status)
            if counts != self.counts:
                self.counts = counts
                changes |= Change.COUNTS
        row = self.rows.get(item_id)
        if row is None:
            changes |= Change.NEEDS_RESYNC  # an item we have not seen: fetch its summary
        elif row.is_terminal and event.status not in TERMINAL_STATUSES:
            return changes  # a finished item never runs again (a retry is a new item)
        else:
            update: dict[str, Any] = {"status": event.status}
            for name in ("started_at", "completed_at", "created_at"):
                if getattr(event, name, None):
                    update[name] = getattr(event, name)
            self.rows[item_id] = row.model_copy(update=update)
            changes |= Change.ROWS
        if event.status == "in_progress":
            if self.progress is None or self.progress.item_id != item_id:
                self._progress_for(item_id, event.batch_id)
                changes |= Change.PROGRESS
        elif event.status in TERMINAL_STATUSES:
            if self.progress is not None and self.progress.item_id == item_id:
                self.progress = None
                self._latest_progress = None
                changes |= Change.PROGRESS
            if event.status == "completed":
                changes |= Change.IMAGE_SAVED
        return changes

    def _progress_for(self, item_id: int | None, batch_id: str | None) -> RunningProgress | None:
        if item_id is None:
            return None
        if self.progress is None or self.progress.item_id != item_id:
            self.progress = RunningProgress(item_id, batch_id)
        return self.progress

    # -- progress frames ---------------------------------------------------------------------------
    @property
    def frame_waiting(self) -> bool:
        return self._latest_progress is not None

    def take_frame(self) -> bool:
        """Fold the newest progress event into ``progress``; False when there was none to take
        (or it belonged to an item already finished: a late frame must not bring it back)."""
        event, self._latest_progress = self._latest_progress, None
        if event is None:
            return False
        row = self.rows.get(event.item_id) if event.item_id is not None else None
        if row is not None and row.is_terminal:
            return False
        progress = self._progress_for(event.item_id, event.batch_id)
        if progress is None:
            return False
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
        self.frames_taken += 1
        return True

    # -- REST --------------------------------------------------------------------------------------
    def apply_status(self, status: QueueStatus) -> Change:
        """The queue's status alone (counts and paused), as GET /status answers it."""
        changes = Change.NONE
        counts = counts_of(status.queue)
        if counts != self.counts:
            self.counts = counts
            changes |= Change.COUNTS
        paused = not status.processor.is_started
        if paused != self.paused:
            self.paused = paused
            changes |= Change.PAUSED
        return changes

    def apply_snapshot(
        self,
        status: QueueStatus,
        item_ids: list[int],
        summaries: list[QueueItemSummary],
        current: QueueItem | None,
    ) -> Change:
        """Replace everything with what REST says (ids newest first, summaries of the first
        ``MAX_ROWS`` of them, the current item or None)."""
        changes = self.apply_status(status) | Change.ROWS
        shown = item_ids[:MAX_ROWS]
        self.rows = {s.item_id: s for s in summaries}
        self.order = [i for i in shown if i in self.rows]
        self.total = len(item_ids)
        self._sequences.clear()
        if current is None or current.status != "in_progress":
            if self.progress is not None:
                changes |= Change.PROGRESS
            self.progress = None
            self._latest_progress = None
        elif self.progress is None or self.progress.item_id != current.item_id:
            self.progress = RunningProgress(current.item_id, current.batch_id)
            changes |= Change.PROGRESS
        return changes
