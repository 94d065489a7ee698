"""HTTP plumbing under the client's public surface: the connection pool, retries with backoff for
idempotent requests only, typed errors, and noticing a token the server rotated."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

import httpx

from .error_mapping import error_for_response, error_for_transport
from .errors import InvokeAIError

log = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})
REFRESHED_TOKEN_HEADER = "X-Refreshed-Token"
MAX_BACKOFF = 5.0


class TransportOnFirstUse(httpx.AsyncBaseTransport):
    """httpx's own transports, one per URL scheme, each made at its first request.

    A verifying transport loads the CA bundle when it is made (~65 ms here), even for a server
    reached over plain http, and the connect screen makes a client per attempt. Plain-http
    requests go through a transport that never does TLS (so whether it would verify does not
    matter); https requests through a verifying one (unless verify_ssl is off), made at the first
    https request."""

    def __init__(self, *, verify: bool) -> None:
        self._verify = verify
        self._inner: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        scheme = request.url.scheme
        transport = self._inner.get(scheme)
        if transport is None:
            transport = self._inner[scheme] = httpx.AsyncHTTPTransport(
                verify=self._verify if scheme != "http" else False)
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._inner.values():
            await transport.aclose()


def new_http_client(*, timeout: float, verify: bool, transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeout,
        verify=verify,
        transport=transport or TransportOnFirstUse(verify=verify),
        headers={"Accept": "application/json"},
        follow_redirects=True,
    )


async def drop_connection(response: httpx.Response) -> None:
    """Close the connection a 5xx came on. After an unhandled error (a bare 500) uvicorn resets the
    keep-alive connection without saying so: the next request sent on it would fail, and a POST is
    never sent again. The pool opens a fresh connection instead."""
    stream = response.extensions.get("network_stream")
    if stream is not None:
        try:
            await stream.aclose()
        except Exception:  # noqa: BLE001 - it is being thrown away anyway
            log.debug("closing a connection after a 5xx failed", exc_info=True)


async def send_with_retries(
    http: Callable[[], httpx.AsyncClient],
    method: str,
    url: str,
    *,
    what: str,
    retryable: bool,
    max_retries: int,
    backoff: float,
    timeout: float,
    server_url: str,
    on_refreshed_token: Callable[[str], None],
    **request: Any,
) -> httpx.Response:
    """Send one request; a typed InvokeAIError for connection failures, timeouts and HTTP >= 400.

    Connection failures and 502/503/504 are retried with exponential backoff only when the
    request is `retryable` (an enqueue sent twice would run twice). `http()` gives the pool to
    use for each attempt (it may have been closed and made again meanwhile)."""
    attempts = 1 + (max_retries if retryable else 0)
    last_error: InvokeAIError | None = None
    for attempt in range(attempts):
        if attempt:
            await asyncio.sleep(min(backoff * (2 ** (attempt - 1)), MAX_BACKOFF))
        try:
            response = await http().request(method, url, timeout=timeout, **request)
        except httpx.HTTPError as exc:
            last_error = error_for_transport(exc, what, server_url or url, timeout, not_repeatable=not retryable)
            log.debug("attempt %d of %s failed: %s", attempt + 1, what, exc)
            continue
        if response.status_code >= 500:
            await drop_connection(response)
        refreshed = response.headers.get(REFRESHED_TOKEN_HEADER)
        if refreshed:
            on_refreshed_token(refreshed)
        if response.status_code in RETRY_STATUSES and attempt + 1 < attempts:
            log.debug("attempt %d of %s got %d, retrying", attempt + 1, what, response.status_code)
            continue
        if response.status_code >= 400:
            raise error_for_response(response, what)
        return response
    assert last_error is not None
    raise last_error
