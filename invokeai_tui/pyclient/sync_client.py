"""InvokeAIClient: the synchronous facade with the seed document's names, for scripts.

It drives an AsyncInvokeAIClient (this package's: the client with the workflow engine's
repository) on a private event loop in a background thread. Repositories
and handles are wrapped generically by SyncProxy: every coroutine method becomes a blocking one,
and `name_sync(...)` runs the async `name(...)` (so the workflow engine's `submit_sync` /
`wait_for_completion_sync` work when the handle defines async `submit` / `wait_for_completion`).
Adding an async method to a repository is therefore enough to have it here too.

Socket.IO (`connect_socketio`, `socketio_session`) stays async and runs in the CALLER's loop,
as in the seed's examples (`asyncio.run(main())`).
"""

from __future__ import annotations

import asyncio
import atexit
import inspect
import sys
import threading
import weakref
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, AsyncIterator, Coroutine, Iterator, TypeVar

import httpx

from invokeai_tui.client.connection import API_V1, ServerLocation
from invokeai_tui.client.socket_connect import connect_socketio_client, new_socketio_client

from .async_client import AsyncInvokeAIClient

if TYPE_CHECKING:
    import socketio

T = TypeVar("T")

# Types whose instances are wrapped (rather than returned as-is) by the sync facade.
_WRAP_MODULE_PREFIXES = ("invokeai_tui.client.repositories", "invokeai_tui.workflow")


def _should_wrap(value: Any) -> bool:
    if getattr(type(value), "__sync_proxy__", False):
        return True
    module = type(value).__module__ or ""
    return module.startswith(_WRAP_MODULE_PREFIXES) and not isinstance(value, type) and hasattr(value, "__dict__") \
        and any(inspect.iscoroutinefunction(getattr(type(value), n, None)) for n in dir(type(value)) if not n.startswith("__"))


class _LoopThread:
    """A private event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="invokeai-client-loop", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        if self.loop.is_closed():
            raise RuntimeError("This InvokeAIClient is closed.")
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            raise RuntimeError("Do not call the synchronous client from its own event loop.")
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        if not self.loop.is_running():
            self.loop.close()


class SyncProxy:
    """Wraps an async object: coroutine methods block, nested service objects are wrapped too."""

    def __init__(self, target: Any, runner: _LoopThread) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_runner", runner)

    @property
    def async_target(self) -> Any:
        """The wrapped async object (for code that wants to await it on the client's loop)."""
        return self._target

    def _wrap_result(self, value: Any) -> Any:
        if _should_wrap(value):
            return SyncProxy(value, self._runner)
        if isinstance(value, list) and value and all(_should_wrap(v) for v in value):
            return [SyncProxy(v, self._runner) for v in value]
        return value

    def __getattr__(self, name: str) -> Any:
        target = self._target
        if not hasattr(target, name) and name.endswith("_sync"):
            base = getattr(target, name[: -len("_sync")], None)
            if base is not None and inspect.iscoroutinefunction(base):
                return self._blocking(base)
        value = getattr(target, name)
        if inspect.iscoroutinefunction(value):
            return self._blocking(value)
        if inspect.ismethod(value) or inspect.isfunction(value):
            def call(*args: Any, **kwargs: Any) -> Any:
                result = value(*args, **kwargs)
                if inspect.iscoroutine(result):
                    result = self._runner.run(result)
                elif inspect.isasyncgen(result):
                    return self._iterate(result)
                return self._wrap_result(result)

            return call
        return self._wrap_result(value)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, value)

    def _iterate(self, stream: Any) -> Iterator[Any]:
        """An async generator (e.g. a run's outputs()) as a blocking iterator on the private loop."""
        try:
            while True:
                try:
                    item = self._runner.run(stream.__anext__())
                except StopAsyncIteration:
                    return
                yield self._wrap_result(item)
        finally:
            self._runner.run(stream.aclose())

    def _blocking(self, func: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._wrap_result(self._runner.run(func(*args, **kwargs)))

        call.__name__ = getattr(func, "__name__", "call")
        call.__doc__ = getattr(func, "__doc__", None)
        return call

    def __repr__(self) -> str:
        return f"Sync({self._target!r})"


# Clients not yet closed. Scripts often never call close() (the seed's examples do not); at
# interpreter shutdown the loop thread can no longer run, so closing then would wait forever.
# They are closed at exit instead, while the loop still runs.
_OPEN_CLIENTS: "weakref.WeakSet[InvokeAIClient]" = weakref.WeakSet()
CLOSE_TIMEOUT = 10.0


@atexit.register
def _close_open_clients() -> None:
    for client in list(_OPEN_CLIENTS):
        try:
            client.close()
        except Exception:  # noqa: BLE001 - exiting anyway
            pass


class InvokeAIClient:
    """Blocking client with the seed's names. See AsyncInvokeAIClient for parameters."""

    def __init__(
        self,
        host: str = "localhost",
        port: int = 9090,
        api_key: str | None = None,
        timeout: float = 30.0,
        base_path: str = API_V1,
        use_https: bool = False,
        verify_ssl: bool = True,
        max_retries: int = 3,
        **kwargs: Any,
    ) -> None:
        self._runner = _LoopThread()
        self._async = AsyncInvokeAIClient(
            host, port, api_key, timeout, base_path, use_https, verify_ssl, max_retries, **kwargs
        )
        self._proxies: dict[str, SyncProxy] = {}
        self._sio: socketio.AsyncClient | None = None
        self._closed = False
        _OPEN_CLIENTS.add(self)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "InvokeAIClient":
        loc = ServerLocation.parse(url)
        kwargs.setdefault("base_path", (loc.prefix or "") + API_V1)
        return cls(host=loc.host, port=loc.port, use_https=loc.use_https, **kwargs)

    # ------------------------------------------------------------ plumbing
    @property
    def async_client(self) -> AsyncInvokeAIClient:
        """The async core (runs on this facade's private loop)."""
        return self._async

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine of the async core on the private loop and return its result."""
        return self._runner.run(coro)

    def submit_to_loop(self, coro: Coroutine[Any, Any, T]) -> "Future[T]":
        """Start a coroutine on the private loop without waiting (cancelling the future cancels it)."""
        return asyncio.run_coroutine_threadsafe(coro, self._runner.loop)

    def _proxy(self, name: str) -> Any:
        proxy = self._proxies.get(name)
        if proxy is None:
            proxy = self._proxies[name] = SyncProxy(getattr(self._async, name), self._runner)
        return proxy

    # ------------------------------------------------------------ addresses & auth
    host = property(lambda self: self._async.host)
    port = property(lambda self: self._async.port)
    base_url = property(lambda self: self._async.base_url)
    base_path = property(lambda self: self._async.base_path)
    root_url = property(lambda self: self._async.root_url)
    timeout = property(lambda self: self._async.timeout)
    max_retries = property(lambda self: self._async.max_retries)
    use_https = property(lambda self: self._async.use_https)
    verify_ssl = property(lambda self: self._async.verify_ssl)
    token = property(lambda self: self._async.token)

    def on_token_change(self, listener):
        """See AsyncInvokeAIClient.on_token_change; the listener runs on the client's loop thread."""
        return self._async.on_token_change(listener)

    def login(self, email: str, password: str, remember_me: bool = False):
        return self.run(self._async.login(email, password, remember_me))

    def logout(self) -> None:
        self.run(self._async.logout())

    def auth_status(self):
        return self.run(self._async.auth_status())

    # ------------------------------------------------------------ repositories
    @property
    def board_repo(self) -> Any:
        return self._proxy("board_repo")

    @property
    def image_repo(self) -> Any:
        return self._proxy("image_repo")

    @property
    def video_repo(self) -> Any:
        return self._proxy("video_repo")

    @property
    def dnn_model_repo(self) -> Any:
        return self._proxy("dnn_model_repo")

    @property
    def workflow_repo(self) -> Any:
        return self._proxy("workflow_repo")

    @property
    def queue_repo(self) -> Any:
        return self._proxy("queue_repo")

    def create_workflow(self, definition: Any, *args: Any, **kwargs: Any) -> Any:
        """Shortcut for workflow_repo.create_workflow (provided by the workflow engine)."""
        return self.workflow_repo.create_workflow(definition, *args, **kwargs)

    # ------------------------------------------------------------ HTTP
    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.run(self._async.request(method, path, **kwargs))

    def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.run(self._async.request_json(method, path, **kwargs))

    def _make_request(self, method: str, endpoint: str, **kwargs: Any) -> httpx.Response:
        """The seed's helper: endpoint relative to base_path (/api/v1); returns a response with .json()."""
        return self.run(self._async._make_request(method, endpoint, **kwargs))

    def health_check(self) -> bool:
        """True when the server answers with its version JSON. Never raises."""
        try:
            return self.run(self._async.health_check())
        except Exception:  # noqa: BLE001
            return False

    def get_version(self) -> str:
        return self.run(self._async.get_version())

    def get_openapi(self, refresh: bool = False) -> dict[str, Any]:
        return self.run(self._async.get_openapi(refresh))

    # ------------------------------------------------------------ Socket.IO (caller's loop)
    async def connect_socketio(self) -> socketio.AsyncClient:
        """Connect a python-socketio AsyncClient in the CALLER's event loop and return it."""
        if self._sio is not None and self._sio.connected:
            return self._sio
        sio = new_socketio_client(reconnection=True, ssl_verify=self._async.verify_ssl)
        await connect_socketio_client(sio, self._async.location, self._async.token)
        self._sio = sio
        return sio

    async def disconnect_socketio(self) -> None:
        sio, self._sio = self._sio, None
        if sio is not None:
            try:
                await sio.disconnect()
            except Exception:  # noqa: BLE001
                pass

    @asynccontextmanager
    async def socketio_session(self) -> AsyncIterator[socketio.AsyncClient]:
        sio = await self.connect_socketio()
        try:
            yield sio
        finally:
            await self.disconnect_socketio()

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _OPEN_CLIENTS.discard(self)
        if self._sio is not None and self._sio.connected:
            try:
                asyncio.run(self.disconnect_socketio())
            except RuntimeError:
                pass  # called from inside a running loop: the socket dies with that loop
        try:
            self._runner.run(self._async.close(), timeout=CLOSE_TIMEOUT)
        except TimeoutError:
            pass  # the connections die with the loop
        finally:
            self._runner.stop()

    def __enter__(self) -> "InvokeAIClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if sys.is_finalizing():
            return  # the loop thread is frozen now; the atexit hook closed what it could
        try:
            if not self._closed:
                self.close()
        except Exception:  # noqa: BLE001
            pass

    def __repr__(self) -> str:
        return f"InvokeAIClient({self._async.root_url!r})"
