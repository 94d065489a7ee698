"""AsyncInvokeAIClient: the one async service the app shares.

One httpx.AsyncClient; auth (bearer token, login, X-Refreshed-Token); typed errors; retries with
backoff for idempotent requests only (an enqueue is never sent twice; the plumbing is in
transport.py); lazily created repositories; Socket.IO (the seed's connect_socketio/socketio_session)
and the higher-level EventStream.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

import httpx

from .connection import API_V1, ServerLocation, split_base_path
from .error_mapping import parse_json
from .errors import InvokeAIError, UnexpectedResponseError
from .records import AuthStatus, LoginResult, UserInfo
from .socket_connect import connect_socketio_client, new_socketio_client
from .transport import (  # noqa: F401 - the constants are imported from here too
    IDEMPOTENT_METHODS, REFRESHED_TOKEN_HEADER, RETRY_STATUSES, new_http_client, send_with_retries,
)

if TYPE_CHECKING:
    import socketio  # imported when a socket is made (aiohttp + engine.io: ~0.2 s at start-up)

    from .event_stream import EventStream
    from .repositories import (BoardRepository, DnnModelRepository, ImageRepository, ModelManagerRepository,
                               QueueRepository, UtilitiesRepository, WorkflowLibraryRepository)
    from .repositories.videos import VideoRepository

log = logging.getLogger(__name__)

# Called as listener(token, reason) when the token in use changes; reason is "login", "logout",
# "set" (set_token) or "refreshed" (the server rotated it through X-Refreshed-Token).
TokenListener = Callable[[str | None, str], None]

class AsyncInvokeAIClient:
    """Async client for one InvokeAI server.

    `base_path` may be "/api/v1" (default), a reverse-proxy prefix ("/invoke"), or both
    ("/invoke/api/v1"): the prefix is kept in front of every API, the OpenAPI document and
    the Socket.IO path. `api_key` is sent as a bearer token (multi-user servers issue tokens
    through `login()` instead).
    """

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
        *,
        retry_backoff: float = 0.3,
        transport: httpx.AsyncBaseTransport | None = None,
        **kwargs: Any,
    ) -> None:
        self.location = ServerLocation(host=host, port=port, use_https=use_https, prefix=split_base_path(base_path))
        self.timeout = float(timeout)
        self.verify_ssl = verify_ssl
        self.max_retries = max(0, int(max_retries))
        self.retry_backoff = retry_backoff
        self.extra_config = kwargs
        self._token: str | None = api_key
        self._token_listeners: list[TokenListener] = []
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._openapi: dict[str, Any] | None = None
        self._openapi_lock: asyncio.Lock | None = None
        self._repos: dict[str, Any] = {}
        self._sio: socketio.AsyncClient | None = None
        self._events: EventStream | None = None

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "AsyncInvokeAIClient":
        """Create a client from "http(s)://host[:port][/prefix][/api/v1]"."""
        loc = ServerLocation.parse(url)
        kwargs.setdefault("base_path", (loc.prefix or "") + API_V1)
        return cls(host=loc.host, port=loc.port, use_https=loc.use_https, **kwargs)

    # ----------------------------------------------------------------- addresses
    @property
    def host(self) -> str:
        return self.location.host

    @property
    def port(self) -> int:
        return self.location.port

    @property
    def use_https(self) -> bool:
        return self.location.use_https

    @property
    def base_path(self) -> str:
        return self.location.prefix + API_V1

    @property
    def base_url(self) -> str:
        """The /api/v1 base URL, including any reverse-proxy prefix."""
        return self.location.base_url

    @property
    def root_url(self) -> str:
        """The server root including any reverse-proxy prefix."""
        return self.location.root_url

    def url_for(self, path: str) -> str:
        """Absolute URL for a path relative to the server root, e.g. an ImageRecord.image_url."""
        return self.location.url(path)

    # ----------------------------------------------------------------- auth
    @property
    def token(self) -> str | None:
        """The bearer token in use (api_key, login token, or its latest refresh)."""
        return self._token

    def set_token(self, token: str | None) -> None:
        self._adopt_token(token, "set")

    def on_token_change(self, listener: TokenListener) -> Callable[[], None]:
        """Call ``listener(token, reason)`` whenever the token in use changes (login, logout,
        set_token, or a rotation the server sent through X-Refreshed-Token), e.g. to keep a saved
        token current. A listener that raises is logged (never with the token) and does not fail
        the request. Returns a function that removes the listener."""
        self._token_listeners.append(listener)

        def remove() -> None:
            if listener in self._token_listeners:
                self._token_listeners.remove(listener)

        return remove

    def _adopt_token(self, token: str | None, reason: str) -> None:
        if token == self._token:
            return
        self._token = token
        for listener in list(self._token_listeners):
            try:
                listener(token, reason)
            except Exception as exc:  # noqa: BLE001 - a listener must not break the request
                log.warning("a token listener failed after a %s token change: %s", reason, type(exc).__name__)

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    async def auth_status(self) -> AuthStatus:
        """GET /api/v1/auth/status: whether the server is multi-user and needs setup."""
        return AuthStatus.model_validate(await self.request_json("GET", "/api/v1/auth/status"))

    async def login(self, email: str, password: str, remember_me: bool = False) -> LoginResult:
        """Log in to a multi-user server; the token is used for HTTP and Socket.IO from now on."""
        data = await self.request_json(
            "POST",
            "/api/v1/auth/login",
            json={"email": email, "password": password, "remember_me": remember_me},
            what="Logging in",
        )
        result = LoginResult.model_validate(data)
        self._adopt_token(result.token, "login")
        return result

    async def current_user(self) -> UserInfo:
        """GET /api/v1/auth/me (multi-user servers): who the token belongs to, and whether an admin."""
        return UserInfo.model_validate(await self.request_json("GET", "/api/v1/auth/me", what="Reading who is logged in"))

    async def logout(self) -> None:
        """Forget the token (JWTs are stateless; the server call only clears its cookie)."""
        if self._token:
            try:
                await self.request("POST", "/api/v1/auth/logout")
            except InvokeAIError:
                pass
        self._adopt_token(None, "logout")

    # ----------------------------------------------------------------- HTTP
    def _client(self) -> httpx.AsyncClient:
        if self._http is None or self._http.is_closed:
            self._http = new_http_client(timeout=self.timeout, verify=self.verify_ssl, transport=self._transport)
        return self._http

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        files: Any = None,
        data: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
        timeout: float | None = None,
        what: str | None = None,
    ) -> httpx.Response:
        """Send a request to `path` (relative to the server root after the prefix, e.g.
        "/api/v1/boards/", "/api/v2/models/", "/openapi.json") and return the response.

        Raises a typed InvokeAIError for connection failures, timeouts and HTTP >= 400.
        Connection failures and 502/503/504 are retried with backoff only when the request
        is idempotent (GET/HEAD/PUT/DELETE by default; POST/PATCH only with idempotent=True).
        """
        method = method.upper()
        return await send_with_retries(
            self._client, method, self.location.url(path),
            what=what or f"{method} {path}",
            retryable=(method in IDEMPOTENT_METHODS) if idempotent is None else idempotent,
            max_retries=self.max_retries, backoff=self.retry_backoff,
            timeout=self.timeout if timeout is None else timeout,
            server_url=self.location.root_url,
            on_refreshed_token=lambda token: self._adopt_token(token, "refreshed"),
            params=params, json=json, files=files, data=data, content=content,
            headers={**self._auth_headers(), **(headers or {})},
        )

    async def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Like request(), then parse JSON; HTML or garbage raises UnexpectedResponseError."""
        what = kwargs.get("what") or f"{method.upper()} {path}"
        response = await self.request(method, path, **kwargs)
        return parse_json(response, what)

    async def request_bytes(self, path: str, *, what: str | None = None, expect_image: bool = True) -> bytes:
        """GET raw bytes (image files). HTML where an image was expected raises UnexpectedResponseError."""
        response = await self.request("GET", path, what=what)
        ctype = response.headers.get("content-type", "").lower()
        if expect_image and "html" in ctype:
            raise UnexpectedResponseError(
                f"{what or path}: expected image data but the server sent an HTML page. "
                "Check the server address and any reverse-proxy prefix.",
                status=response.status_code,
                url=str(response.request.url),
            )
        return response.content

    async def _make_request(self, method: str, endpoint: str, **kwargs: Any) -> httpx.Response:
        """The seed's helper: `endpoint` is relative to base_path (/api/v1), e.g. "/app/version"."""
        return await self.request(method, API_V1 + "/" + endpoint.lstrip("/"), **kwargs)

    # ----------------------------------------------------------------- server info
    async def health_check(self, timeout: float = 5.0) -> bool:
        """True when the server answers the version endpoint with version JSON. Never raises.

        (Unknown paths answer 200 with the web UI's HTML, so a bare 200 proves nothing.)"""
        try:
            response = await self.request("GET", "/api/v1/app/version", timeout=timeout, idempotent=False)
            body = parse_json(response, "health check")
            return isinstance(body, dict) and isinstance(body.get("version"), str)
        except Exception:  # noqa: BLE001 - a health probe must never raise
            return False

    async def get_version(self) -> str:
        """The server's version string, e.g. "6.14.2"."""
        body = await self.request_json("GET", "/api/v1/app/version", what="Reading the server version")
        if not isinstance(body, dict) or "version" not in body:
            raise UnexpectedResponseError(
                "Reading the server version: the answer has no 'version'; is this an InvokeAI server?"
            )
        return str(body["version"])

    async def get_openapi(self, refresh: bool = False) -> dict[str, Any]:
        """The server's OpenAPI document (cached; invocation schemas type workflow fields)."""
        if self._openapi_lock is None:
            self._openapi_lock = asyncio.Lock()
        async with self._openapi_lock:
            if self._openapi is None or refresh:
                body = await self.request_json("GET", "/openapi.json", what="Reading the server's API schema")
                if not isinstance(body, dict):
                    raise UnexpectedResponseError("Reading the server's API schema: not a JSON object.")
                self._openapi = body
            return self._openapi

    # ----------------------------------------------------------------- repositories
    def _repo(self, name: str, factory):
        repo = self._repos.get(name)
        if repo is None:
            repo = self._repos[name] = factory(self)
        return repo

    @property
    def board_repo(self) -> "BoardRepository":
        from .repositories.boards import BoardRepository

        return self._repo("board", BoardRepository)

    @property
    def image_repo(self) -> "ImageRepository":
        from .repositories.images import ImageRepository

        return self._repo("image", ImageRepository)

    @property
    def video_repo(self) -> "VideoRepository":
        """Videos (6.14): a board's listing, poster frames, saving and uploading MP4s."""
        from .repositories.videos import VideoRepository

        return self._repo("video", VideoRepository)

    @property
    def dnn_model_repo(self) -> "DnnModelRepository":
        from .repositories.dnn_models import DnnModelRepository

        return self._repo("dnn_model", DnnModelRepository)

    @property
    def model_manager(self) -> "ModelManagerRepository":
        """Model management: install (path, URL, Hugging Face) and its jobs, delete, convert, update,
        scan a folder, the model cache, the Hugging Face token, the starter catalogue."""
        from .repositories.model_manager import ModelManagerRepository

        return self._repo("model_manager", ModelManagerRepository)

    @property
    def workflow_repo(self) -> "WorkflowLibraryRepository":
        """Workflow library CRUD (invokeai_tui.pyclient's client adds create_workflow)."""
        from .repositories.workflows import WorkflowLibraryRepository

        return self._repo("workflow", WorkflowLibraryRepository)

    @property
    def queue_repo(self) -> "QueueRepository":
        from .repositories.queue import QueueRepository

        return self._repo("queue", QueueRepository)

    @property
    def utilities(self) -> "UtilitiesRepository":
        """Dynamic prompt expansion and the generation devices."""
        from .repositories.utilities import UtilitiesRepository

        return self._repo("utilities", UtilitiesRepository)

    # ----------------------------------------------------------------- Socket.IO (seed names)
    async def connect_socketio(self) -> socketio.AsyncClient:
        """Connect a raw python-socketio AsyncClient (websocket transport, prefix-aware path,
        token auth) and return it. Most code should use `events` (the EventStream) instead."""
        if self._sio is not None and self._sio.connected:
            return self._sio
        sio = new_socketio_client(reconnection=True, ssl_verify=self.verify_ssl)
        await connect_socketio_client(sio, self.location, self._token)
        self._sio = sio
        return sio

    async def disconnect_socketio(self) -> None:
        """Disconnect the raw Socket.IO client, if connected."""
        sio, self._sio = self._sio, None
        if sio is not None:
            try:
                await sio.disconnect()
            except Exception:  # noqa: BLE001 - closing must not fail
                log.debug("socket disconnect failed", exc_info=True)

    @asynccontextmanager
    async def socketio_session(self) -> AsyncIterator[socketio.AsyncClient]:
        """Connect on entry, disconnect on exit."""
        sio = await self.connect_socketio()
        try:
            yield sio
        finally:
            await self.disconnect_socketio()

    @property
    def events(self) -> "EventStream":
        """The shared high-level event stream (typed events, reconnect, many listeners)."""
        if self._events is None:
            from .event_stream import EventStream

            self._events = EventStream(self)
        return self._events

    # ----------------------------------------------------------------- lifecycle
    async def close(self) -> None:
        """Stop the event stream, disconnect Socket.IO, close the HTTP pool."""
        if self._events is not None:
            await self._events.stop()
        await self.disconnect_socketio()
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def __aenter__(self) -> "AsyncInvokeAIClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncInvokeAIClient({self.root_url!r})"
