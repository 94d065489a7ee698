"""The one app-level worker that reads the client's event stream and fans events out.

Socket.IO runs inside Textual's event loop (python-socketio's AsyncClient, driven by the client's
EventStream). Every typed event is published on ``app.server_events``; connection changes and
queue counts also update the status bar directly.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..client.events import (
    BatchEnqueuedEvent,
    ConnectionStateEvent,
    QueueClearedEvent,
    QueueItemsCanceledEvent,
    QueueItemsRetriedEvent,
    QueueItemStatusChangedEvent,
)

if TYPE_CHECKING:
    from .app import InvokeAITUI

log = logging.getLogger(__name__)

RECONNECT_DELAY_MAX = 2.0  # seconds between socket attempts while the server is away


class EventPump:
    def __init__(self, app: "InvokeAITUI") -> None:
        self.app = app
        self._worker = None
        self._subscription = None
        self._been_live = False

    def start(self) -> None:
        self.stop()
        self._been_live = False
        self._worker = self.app.run_worker(
            self._run(), group="events", exclusive=True, exit_on_error=False, description="listen to the server"
        )

    def stop(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None

    async def _run(self) -> None:
        app = self.app
        client = app.client
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
                self._handle(event)
            except Exception:  # noqa: BLE001 - one bad event must not stop the stream
                log.exception("handling event %s failed", getattr(event, "event", "?"))

    def _handle(self, event) -> None:
        app = self.app
        if isinstance(event, ConnectionStateEvent):
            previous = app.connection_state
            app.connection_state = str(event.state.value if hasattr(event.state, "value") else event.state)
            if app.connection_state == "live" and previous != "live":
                # On every (re)connect the true state comes from REST: counts may have moved.
                app.refresh_queue_counts()
                if self._been_live:  # the first connection follows the screens' own first reads
                    app.data_changed.publish("reconnected")
                self._been_live = True
        elif isinstance(event, QueueItemStatusChangedEvent) and event.queue_status is not None:
            app.set_queue_counts(event.queue_status)
        elif isinstance(event, (BatchEnqueuedEvent, QueueItemsCanceledEvent, QueueItemsRetriedEvent, QueueClearedEvent)):
            app.refresh_queue_counts()
        app.server_events.publish(event)
