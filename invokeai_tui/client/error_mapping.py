"""Turn httpx failures and error responses into the client's typed errors."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .errors import (
    InvokeAIError,
    NotAuthenticatedError,
    NotFoundError,
    PermissionDeniedError,
    RequestRejectedError,
    RequestTimeoutError,
    ServerError,
    ServerUnreachableError,
    UnexpectedResponseError,
)


def _describe_detail_item(item: Any) -> str:
    # FastAPI validation errors: {"loc": ["body", "batch", "graph"], "msg": "..."}
    if isinstance(item, dict):
        loc = item.get("loc") or []
        where = ".".join(str(p) for p in loc if p not in ("body", "query", "path"))
        msg = item.get("msg") or item.get("message") or json.dumps(item)[:200]
        return f"{where}: {msg}" if where else str(msg)
    return str(item)


def describe_detail(detail: Any) -> str:
    """A readable one-paragraph rendering of FastAPI's `detail` (string or list)."""
    if detail is None:
        return ""
    if isinstance(detail, list):
        return "; ".join(_describe_detail_item(d) for d in detail)
    if isinstance(detail, dict):
        return _describe_detail_item(detail)
    return str(detail)


def response_detail(response: httpx.Response) -> Any:
    """The server's `detail`, or a short excerpt of the body when it is not JSON."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        text = response.text.strip().replace("\n", " ")
        return text[:200] if text else None
    if isinstance(body, dict) and "detail" in body:
        return body["detail"]
    return body


def error_for_response(response: httpx.Response, what: str) -> InvokeAIError:
    """Map a >= 400 response to a typed error with a message a person understands."""
    status = response.status_code
    detail = response_detail(response)
    said = describe_detail(detail)
    said_part = f" The server said: {said}" if said else ""
    kw: dict[str, Any] = {
        "status": status,
        "method": response.request.method,
        "url": str(response.request.url),
        "detail": detail,
    }
    if status == 401:
        return NotAuthenticatedError(
            f"{what} failed: the server requires you to log in (HTTP 401).{said_part} "
            "Log in with your e-mail and password, or check that your token has not expired.",
            **kw,
        )
    if status == 403:
        return PermissionDeniedError(
            f"{what} was refused: you are not allowed to do this (HTTP 403).{said_part} "
            "Ask an administrator, or check that the feature is enabled on the server.",
            **kw,
        )
    if status == 404:
        return NotFoundError(
            f"{what} failed: not found on the server (HTTP 404).{said_part} "
            "It may have been deleted; refresh and try again.",
            **kw,
        )
    if status >= 500:
        return ServerError(
            f"{what} failed: the server had an internal error (HTTP {status}).{said_part} "
            "Check the server log; retry later.",
            **kw,
        )
    return RequestRejectedError(
        f"{what} was rejected by the server (HTTP {status}).{said_part or ' No reason was given.'}",
        **kw,
    )


def error_for_transport(exc: httpx.HTTPError, what: str, url: str, timeout: float | None) -> InvokeAIError:
    """Map a connection-level failure (no HTTP answer at all)."""
    if isinstance(exc, httpx.ConnectTimeout):
        return ServerUnreachableError(
            f"{what} failed: could not connect to {url} within {timeout:g} s. "
            "Check the address and that the InvokeAI server is running.",
            url=url,
        )
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(
            f"{what} timed out: the server at {url} did not answer within {timeout:g} s. "
            "The server may be busy; try again or raise the timeout.",
            url=url,
        )
    if isinstance(exc, httpx.ConnectError):
        return ServerUnreachableError(
            f"{what} failed: cannot connect to the InvokeAI server at {url} ({exc or 'connection refused'}). "
            "Check the address and port, and that the server is running.",
            url=url,
        )
    return ServerUnreachableError(
        f"{what} failed: the connection to {url} broke ({type(exc).__name__}: {exc}). "
        "Check that the server is still running and try again.",
        url=url,
    )


def parse_json(response: httpx.Response, what: str) -> Any:
    """Parse a JSON answer, raising UnexpectedResponseError for HTML or garbage."""
    ctype = response.headers.get("content-type", "")
    kw = {"status": response.status_code, "method": response.request.method, "url": str(response.request.url)}
    if "json" not in ctype.lower():
        kind = "an HTML page" if "html" in ctype.lower() else f"'{ctype or 'no content type'}'"
        return_hint = (
            " This usually means the URL points at the web UI or a proxy, not the API: "
            "check the server address and any reverse-proxy prefix."
        )
        raise UnexpectedResponseError(
            f"{what}: expected JSON from the server but got {kind}.{return_hint}", **kw
        )
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        excerpt = response.text[:80].replace("\n", " ")
        raise UnexpectedResponseError(
            f"{what}: the server's answer is not valid JSON ({exc.__class__.__name__}; starts with "
            f"{excerpt!r}). The server or a proxy in between may be misbehaving; try again.",
            **kw,
        ) from None
