"""The app's one owner of live server state: ``app.live``.

It runs the one worker that reads the client's event stream, folds the events into the headless
``QueueModel``, and tells subscribed widgets what changed through typed messages
(``tui/messages.py``). It is the only writer of the connection state and the queue counts (the
App's ``connection_state`` / ``queue_counts`` vars, which the status bar watches), and it owns the
REST resync and polling timers and the progress frame throttle. Queue actions live in
``QueueActionsService`` (its base class).

Model install jobs are followed the same way (``InstallJobsService``, tui/live_install_jobs.py).

REST is the source of truth: on every (re)connect the queue is read again (status, item ids,
summaries, the current item); while the event socket is down it is polled and the status bar says
"polling". Progress events can arrive far faster than a terminal can draw, so the running item's
progress is published at most ``FRAMES_PER_SECOND`` times a second: each event only replaces the
newest one in the model, and one timer publishes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump

from ..client.errors import InvokeAIError, ServerUnreachableError
from ..client.events import ConnectionState, ConnectionStateEvent, InvokeAIEvent
from ..client.queue_model import MAX_ROWS, Change, QueueModel, RunningProgress
from ..client.records import QueueItemSummary
from .live_install_jobs import InstallJobsService
from .live_queue_actions import QueueActionsService
from .messages import BoardsChanged, ConnectionChanged, ImagesSaved, ProgressFrame, QueueChanged, ServerReconnected

if TYPE_CHECKING:
    from .app import InvokeAITUI

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 4
POLL_SECONDS = 2.0
RESYNC_COLLAPSE_SECONDS = 0.2  # a burst of queue events becomes one REST read
RECONNECT_DELAY_MAX = 2.0  # seconds between socket attempts while the server is away


class LiveServer(QueueActionsService, InstallJobsService):
    """Created with the App (``app.live``); started when the app has a client."""

    def __init__(self, app: "InvokeAITUI") -> None:
        self.app = app
        self.model = QueueModel()
        self.polling = False
        self.frames_published = 0
        self.resyncs = 0
        self.events_handled = 0
        self._subscribers: list[MessagePump] = []
        self._listeners: list[Callable[[InvokeAIEvent], Any]] = []
        self._worker = None
        self._subscription = None
        self._been_live = False
        self._frame_timer = None
        self._last_frame = 0.0
        self._resync_timer = None
        self._poll_timer = None
        self._init_install_jobs()

    # -- what views read ---------------------------------------------------------------------
    @property
    def connection_state(self) -> ConnectionState:
        return ConnectionState(self.app.connection_state)

    @property
    def rows(self) -> list[QueueItemSummary]:
        return self.model.shown_rows()

    def row(self, item_id: int | None) -> QueueItemSummary | None:
        return self.model.row(item_id)

    @property
    def total(self) -> int:
        return self.model.total

    @property
    def paused(self) -> bool:
        return self.model.paused

    @property
    def progress(self) -> RunningProgress | None:
        return self.model.progress

    @property
    def socket_live(self) -> bool:
        client = self.app.client
        try:
            return bool(client is not None and client.events.is_live)
        except Exception:  # noqa: BLE001
            return False

    # -- subscribers ---------------------------------------------------------------------------
    def subscribe(self, node: MessagePump) -> None:
        """``node`` gets this service's messages until it unsubscribes or leaves the DOM."""
        if node not in self._subscribers:
            self._subscribers.append(node)

    def unsubscribe(self, node: MessagePump) -> None:
        if node in self._subscribers:
            self._subscribers.remove(node)

    def _post(self, make: Callable[[], Message]) -> None:
        for node in list(self._subscribers):
            if not (node.is_running and getattr(node, "is_attached", True)):
                self._subscribers.remove(node)  # unmounted without unsubscribing
                continue
            node.post_message(make())  # one message each: a message belongs to one pump

    def add_listener(self, callback: Callable[[InvokeAIEvent], Any]) -> Callable[[], None]:
        """Call ``callback`` with every typed server event, synchronously (benchmarks and tests
        count events with it; widgets subscribe to messages instead). Returns the remover."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def boards_changed(self) -> None:
        """A screen changed the boards: every other view of them reads them again."""
        self._post(BoardsChanged)

    # -- the connection state (the only writer) -------------------------------------------------
    def _set_connection(self, state: ConnectionState) -> None:
        if self.app.connection_state == state:
            return
        self.app.connection_state = state
        self._post(lambda: ConnectionChanged(state))

    def connecting(self) -> None:
        """The connect screen started trying."""
        self._set_connection(ConnectionState.CONNECTING)

    def disconnected(self) -> None:
        """The connect screen failed, or waits for a login: no server to listen to."""
        self._set_connection(ConnectionState.OFFLINE)

    def request_failed_unreachable(self) -> None:
        """A request found no server. One broken request on a live link is not an outage (the
        event stream reports real ones); without a live socket it is."""
        if not self.socket_live:
            self._set_connection(ConnectionState.OFFLINE)

    def _set_counts(self, changes: Change) -> None:
        if Change.COUNTS in changes:
            self.app.queue_counts = self.model.counts

    # -- life cycle ----------------------------------------------------------------------------
    def attach(self) -> None:
        """The app has a (new) client: read the queue and poll it while the socket is away."""
        if self._poll_timer is None:
            self._poll_timer = self.app.set_interval(POLL_SECONDS, self._poll_if_needed, name="queue-poll")
        self.resync()
        self.resync_install_jobs()

    def start_events(self) -> None:
        self.stop_events()
        self._been_live = False
        self._worker = self.app.run_worker(
            self._read_events, group="events", exclusive=True, exit_on_error=False,
            description="listen to the server",
        )

    def stop_events(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None

    async def _read_events(self) -> None:
        client = self.app.client
        if client is None:
            return
        stream = client.events
        # A person is waiting: retry the socket at least every 2 s while the server is away, so the
        # app is live again within a few seconds of the server coming back (the client's default
        # backoff grows to 10 s, fine for scripts, too slow for a screen that says "offline").
        stream.reconnect_delay_max = min(stream.reconnect_delay_max, RECONNECT_DELAY_MAX)
        subscription = self._subscription = stream.subscribe(maxsize=5000)
        await stream.start(wait=False)
        async for event in subscription:
            try:
                self.handle_event(event)
            except Exception:  # noqa: BLE001 - one bad event must not stop the stream
                log.exception("handling event %s failed", getattr(event, "event", "?"))

    @property
    def events_dropped(self) -> int | None:
        return getattr(self._subscription, "dropped", None)

    # -- events --------------------------------------------------------------------------------
    def handle_event(self, event: InvokeAIEvent) -> None:
        self.events_handled += 1
        if isinstance(event, ConnectionStateEvent):
            self._connection_event(event)
        else:
            changes = self.model.apply(event)
            if changes:
                self._changed(changes)
            self._install_jobs_event(event)
        for listener in self._listeners:
            listener(event)

    def _connection_event(self, event: ConnectionStateEvent) -> None:
        state = ConnectionState(event.state)
        if state == ConnectionState.LIVE:
            was_live = self.app.connection_state == ConnectionState.LIVE
            self.polling = False
            self._set_connection(state)
            if not was_live:
                self.model.forget_items()
                self.resync()  # on every (re)connect the truth comes from REST
                self.resync_install_jobs()
                if self._been_live:  # the first connection follows the screens' own first reads
                    self._post(ServerReconnected)
                self._been_live = True
        else:
            self._set_connection(ConnectionState.POLLING if self.polling else state)

    def _changed(self, changes: Change) -> None:
        self._set_counts(changes)
        if Change.NEEDS_RESYNC in changes:
            self.resync_soon()
        if changes & (Change.ROWS | Change.COUNTS | Change.PAUSED):
            self._post(QueueChanged)
        if Change.PROGRESS in changes:
            self._publish_progress_soon()
        if Change.IMAGE_SAVED in changes:
            self._post(ImagesSaved)

    # -- throttled progress ----------------------------------------------------------------------
    def _publish_progress_soon(self) -> None:
        if self._frame_timer is not None:
            return
        wait = max(0.01, self._last_frame + 1.0 / FRAMES_PER_SECOND - time.monotonic())
        self._frame_timer = self.app.set_timer(wait, self._publish_frame, name="queue-frame")

    def _publish_frame(self) -> None:
        self._frame_timer = None
        self._last_frame = time.monotonic()
        self.model.take_frame()
        self.frames_published += 1
        progress = self.model.progress
        self._post(lambda: ProgressFrame(progress))

    # -- REST: resync and polling ------------------------------------------------------------------
    def resync_soon(self, delay: float = RESYNC_COLLAPSE_SECONDS) -> None:
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
        changes = self.model.apply_snapshot(status, ids, summaries, current)
        self.resyncs += 1
        self._set_counts(changes | Change.COUNTS)
        self._post(QueueChanged)  # subscribers draw the rows and the running item from it

    def _poll_if_needed(self) -> None:
        if self.app.client is None or not self.app.connected or self.socket_live:
            return
        self.app.run_worker(self._poll, group="queue-poll", exclusive=True, exit_on_error=False,
                            description="poll the queue")

    async def _poll(self) -> None:
        try:
            await self._resync()
            await self._resync_install_jobs_quietly()
        except ServerUnreachableError:
            self.polling = False
            self._set_connection(ConnectionState.OFFLINE)
            return
        except InvokeAIError as exc:
            log.info("queue poll failed: %s", exc)
            return
        if not self.socket_live:
            self.polling = True
            self._set_connection(ConnectionState.POLLING)
