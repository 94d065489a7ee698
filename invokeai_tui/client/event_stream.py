"""EventStream: one Socket.IO connection, typed events fanned out to many listeners.

- websocket transport; `subscribe_queue` is sent on every connect and reconnect;
- reconnects with python-socketio's own policy (backoff; also when the very first connection
  fails; the token is read again for every attempt);
- every event is parsed to a typed event (unknown ones become GenericEvent, never an exception);
- stale `queue_item_status_changed` updates are dropped by `status_sequence`;
- connection changes are published as ConnectionStateEvent (live / reconnecting / offline).

Listeners: `subscribe()` returns a Subscription (an async iterator with a bounded queue) that is
registered immediately, so a caller can subscribe BEFORE enqueueing and never miss an event;
`add_listener(callback)` runs a sync or async callback for each event in order.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable

from .events import (
    ConnectionState,
    ConnectionStateEvent,
    InvokeAIEvent,
    QueueItemStatusChangedEvent,
    parse_event,
)
from .socket_connect import connect_socketio_client, new_socketio_client

if TYPE_CHECKING:
    from .async_client import AsyncInvokeAIClient

log = logging.getLogger(__name__)

Predicate = Callable[[InvokeAIEvent], bool]
Callback = Callable[[InvokeAIEvent], Any | Awaitable[Any]]


class Subscription:
    """A listener's own bounded queue of events. Iterate it with `async for`, or call `get()`.

    When the queue is full the OLDEST event is dropped (counted in `dropped`), so a slow
    listener never stalls the stream. Close it (or use `async with`) when done."""

    def __init__(
        self,
        stream: "EventStream",
        predicate: Predicate | None = None,
        event_types: Iterable[str] | None = None,
        maxsize: int = 1000,
    ) -> None:
        self._stream = stream
        self.predicate = predicate
        self.event_types = frozenset(event_types) if event_types else None
        self._queue: asyncio.Queue[InvokeAIEvent | None] = asyncio.Queue(maxsize=max(1, maxsize))
        self.dropped = 0
        self.closed = False

    def wants(self, event: InvokeAIEvent) -> bool:
        if self.event_types is not None and event.event not in self.event_types and not isinstance(
            event, ConnectionStateEvent
        ):
            return False
        if self.predicate is None:
            return True
        try:
            return bool(self.predicate(event))
        except Exception:  # noqa: BLE001 - a bad filter must not break the stream
            log.exception("event filter failed")
            return False

    def _put(self, event: InvokeAIEvent | None) -> None:
        if self.closed and event is not None:
            return
        while True:
            try:
                self._queue.put_nowait(event)
                return
            except asyncio.QueueFull:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except asyncio.QueueEmpty:
                    pass

    async def get(self, timeout: float | None = None) -> InvokeAIEvent:
        """The next event; raises asyncio.TimeoutError after `timeout`, StopAsyncIteration if closed."""
        if self.closed and self._queue.empty():
            raise StopAsyncIteration
        try:
            # Fast path: a flood of events drains without a timer (wait_for) per event.
            event = self._queue.get_nowait()
        except asyncio.QueueEmpty:
            if timeout is None:
                event = await self._queue.get()
            else:
                event = await asyncio.wait_for(self._queue.get(), timeout)
        if event is None:
            raise StopAsyncIteration
        return event

    def get_nowait(self) -> InvokeAIEvent | None:
        try:
            event = self._queue.get_nowait()
        except asyncio.QueueEmpty:
            return None
        return event

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._stream._remove(self)
            self._put(None)

    def __aiter__(self) -> AsyncIterator[InvokeAIEvent]:
        return self

    async def __anext__(self) -> InvokeAIEvent:
        return await self.get()

    async def __aenter__(self) -> "Subscription":
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()


class EventStream:
    """The client's live event stream. Start it once; listeners come and go."""

    def __init__(
        self,
        client: "AsyncInvokeAIClient",
        queue_id: str = "default",
        *,
        reconnect_delay: float = 0.5,
        reconnect_delay_max: float = 10.0,
        offline_after: int = 3,
    ) -> None:
        self._client = client
        self.queue_id = queue_id
        self.reconnect_delay = reconnect_delay
        self.reconnect_delay_max = reconnect_delay_max
        self.offline_after = offline_after
        self._subs: list[Subscription] = []
        self._pumps: dict[Subscription, asyncio.Task] = {}
        self._task: asyncio.Task | None = None
        self._sio = None
        self._state = ConnectionState.OFFLINE
        self._live = asyncio.Event()
        self._last_sequence: dict[int, int] = {}
        self.connect_count = 0
        self.stale_dropped = 0

    # ------------------------------------------------------------ state
    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def is_live(self) -> bool:
        return self._state == ConnectionState.LIVE

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _set_state(self, state: ConnectionState, detail: str = "", attempt: int = 0) -> None:
        if state == self._state and state != ConnectionState.LIVE:
            return
        self._state = state
        if state == ConnectionState.LIVE:
            self._live.set()
        else:
            self._live.clear()
        self._dispatch(ConnectionStateEvent(state=state, detail=detail, attempt=attempt))

    # ------------------------------------------------------------ listeners
    def subscribe(
        self,
        predicate: Predicate | None = None,
        *,
        event_types: Iterable[str] | None = None,
        item_ids: Iterable[int] | None = None,
        batch_ids: Iterable[str] | None = None,
        maxsize: int = 1000,
    ) -> Subscription:
        """Register a listener now and return its Subscription. Filters combine with AND;
        item_ids/batch_ids keep only events of those items/batches (connection events always pass)."""
        preds: list[Predicate] = []
        if item_ids is not None:
            ids = set(item_ids)
            preds.append(lambda e: getattr(e, "item_id", None) in ids)
        if batch_ids is not None:
            bids = set(batch_ids)
            preds.append(lambda e: getattr(e, "batch_id", None) in bids)
        if predicate is not None:
            preds.append(predicate)

        def combined(e: InvokeAIEvent) -> bool:
            return isinstance(e, ConnectionStateEvent) or all(p(e) for p in preds)

        sub = Subscription(self, combined if preds else None, event_types, maxsize)
        self._subs.append(sub)
        return sub

    def add_listener(
        self,
        callback: Callback,
        predicate: Predicate | None = None,
        *,
        event_types: Iterable[str] | None = None,
        maxsize: int = 1000,
    ) -> Callable[[], None]:
        """Call `callback(event)` (sync or async) for each matching event, in order, from a
        task of its own. Returns a function that removes the listener."""
        sub = self.subscribe(predicate, event_types=event_types, maxsize=maxsize)

        async def pump() -> None:
            async for event in sub:
                try:
                    result = callback(event)
                    if inspect.isawaitable(result):
                        await result
                except Exception:  # noqa: BLE001 - one listener must not kill the others
                    log.exception("event listener failed on %s", event.event)

        self._pumps[sub] = asyncio.get_running_loop().create_task(pump())
        return sub.close

    def _remove(self, sub: Subscription) -> None:
        if sub in self._subs:
            self._subs.remove(sub)
        self._pumps.pop(sub, None)

    def _dispatch(self, event: InvokeAIEvent) -> None:
        for sub in list(self._subs):
            if sub.wants(event):
                sub._put(event)

    # ------------------------------------------------------------ incoming events
    def _is_stale(self, event: InvokeAIEvent) -> bool:
        if not isinstance(event, QueueItemStatusChangedEvent):
            return False
        if event.item_id is None or event.status_sequence is None:
            return False
        last = self._last_sequence.get(event.item_id)
        if last is not None and event.status_sequence <= last:
            self.stale_dropped += 1
            return True
        if len(self._last_sequence) > 20000:
            for key in sorted(self._last_sequence)[:10000]:
                del self._last_sequence[key]
        self._last_sequence[event.item_id] = event.status_sequence
        return False

    def _forget_sequences(self) -> None:
        # A restarted server may reuse item ids (in-memory DB): old sequences would hide new items.
        self._last_sequence.clear()

    def feed(self, name: str, payload: Any) -> InvokeAIEvent | None:
        """Parse and dispatch one raw event (used by the socket handler, and by tests).
        Returns the event, or None when it was dropped as stale."""
        event = parse_event(name, payload)
        if self._is_stale(event):
            return None
        if event.event == "queue_cleared":
            self._forget_sequences()
        self._dispatch(event)
        return event

    # ------------------------------------------------------------ connection loop
    async def start(self, wait: bool = True, timeout: float = 10.0) -> bool:
        """Start the connection loop (idempotent). With wait, wait up to `timeout` s until live;
        returns whether the stream is live. It keeps retrying in the background either way."""
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="invokeai-event-stream")
        if wait:
            return await self.wait_until_live(timeout)
        return self.is_live

    async def wait_until_live(self, timeout: float | None = None) -> bool:
        try:
            await asyncio.wait_for(self._live.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        """Disconnect and stop reconnecting. Subscriptions stay registered (start() again resumes)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()  # also ends a first connection still being retried (it runs in the task)
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        await self._disconnect()
        self._set_state(ConnectionState.OFFLINE, "stopped")

    async def _disconnect(self) -> None:
        sio, self._sio = self._sio, None
        if sio is not None:
            try:
                await sio.shutdown()  # disconnects, or stops python-socketio's reconnect task
                # Not connected, shutdown() leaves the aiohttp session of the last failed attempt
                # open; engine.io's disconnect() closes it (and does nothing else then).
                await sio.eio.disconnect(abort=True)
            except Exception:  # noqa: BLE001
                log.debug("socket shutdown failed", exc_info=True)

    async def _run(self) -> None:
        """One python-socketio client with its own reconnection (exponential backoff from
        `reconnect_delay` up to `reconnect_delay_max`, forever), also when the very first attempt
        fails (connect(retry=True)). The token is given as a callable, so each attempt sends the
        token of the moment (the server rotates it). Its events say what happens: `connect` (we
        subscribe again and are live), `connect_error` (a failed attempt), `disconnect` (lost)."""
        failures = 0
        self._set_state(ConnectionState.CONNECTING, f"connecting to {self._client.root_url}")
        sio = self._sio = new_socketio_client(
            reconnection=True,
            reconnection_attempts=0,  # forever; stop() ends it
            reconnection_delay=self.reconnect_delay,
            reconnection_delay_max=self.reconnect_delay_max,
            randomization_factor=0.0,  # one client per app: no herd to spread out, keep delays exact
            ssl_verify=self._client.verify_ssl,
            inline_messages=True,
        )

        async def on_any(event: str, data: Any = None) -> None:
            self.feed(event, data)

        async def on_connect() -> None:
            nonlocal failures
            failures = 0
            await sio.emit("subscribe_queue", {"queue_id": self.queue_id})
            await sio.emit("subscribe_bulk_download", {"bulk_download_id": self.queue_id})
            self.connect_count += 1
            self._forget_sequences()
            self._set_state(ConnectionState.LIVE, "connected", self.connect_count)

        async def on_connect_error(data: Any = None) -> None:
            nonlocal failures
            failures += 1
            state = ConnectionState.OFFLINE if failures >= self.offline_after else ConnectionState.RECONNECTING
            if self.connect_count == 0 and failures < self.offline_after:
                state = ConnectionState.CONNECTING
            self._set_state(state, f"cannot reach the server's event socket: {data}", failures)

        async def on_disconnect(*_: Any) -> None:
            self._set_state(ConnectionState.RECONNECTING, "connection to the server lost; reconnecting")

        sio.on("*", on_any)
        sio.on("connect", on_connect)
        sio.on("connect_error", on_connect_error)
        sio.on("disconnect", on_disconnect)
        while True:
            try:
                await connect_socketio_client(sio, self._client.location, lambda: self._client.token, retry=True)
                break
            except Exception as exc:  # noqa: BLE001 - any failure means "retry later"
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise asyncio.CancelledError from exc  # stop() (python-socketio swallows it)
                # python-socketio retries a failed transport, not a Socket.IO handshake that was
                # refused or timed out: that one is retried here, at the longest delay.
                await on_connect_error(exc)
                await asyncio.sleep(self.reconnect_delay_max)
        await asyncio.Event().wait()  # python-socketio reconnects by itself until stop()
