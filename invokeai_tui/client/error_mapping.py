"""Turn httpx failures and error responses into the client's typed errors."""

from __future__ import annotations

import json
import ssl
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


NOT_REPEATED = (
    " The request may have reached the server, so it was not sent again: check the result (for "
    "example the queue) before you repeat it."
)


def error_for_transport(
    exc: httpx.HTTPError, what: str, url: str, timeout: float | None, *, not_repeatable: bool = False
) -> InvokeAIError:
    """Map a connection-level failure (no HTTP answer at all).

    ``not_repeatable``: the request is one that is never retried (an enqueue): when it may have been
    delivered before the link failed, the message says so instead of "try again"."""
    error = _transport_error(exc, what, url, timeout)
    delivered_maybe = not isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
    if not_repeatable and delivered_maybe:
        message = str(error).replace(" try again or raise the timeout.", "").replace(" and try again.", ".")
        error = type(error)(message.rstrip() + NOT_REPEATED, url=url)
    return error


def _transport_error(exc: httpx.HTTPError, what: str, url: str, timeout: float | None) -> InvokeAIError:
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
    tls = _tls_problem(exc)
    if tls:
        return ServerUnreachableError(f"{what} failed: {tls}", url=url)
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


def _tls_problem(exc: BaseException) -> str | None:
    """A sentence for TLS failures (certificate not trusted, HTTPS spoken to a plain-HTTP port)."""
    text = " ".join(str(e) for e in (exc, exc.__cause__, exc.__context__) if e is not None)
    if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(exc.__cause__, ssl.SSLCertVerificationError):
        reason = text.split("certificate verify failed:", 1)[-1].split("(_ssl")[0].strip(" :") if (
            "certificate verify failed:" in text) else "not trusted"
        return (
            f"the server's TLS certificate could not be verified ({reason}). If it is your own server "
            "with a self-signed certificate, trust that certificate, or turn certificate checking off "
            "for it on purpose (verify_ssl = false in its profile)."
        )
    if "WRONG_VERSION_NUMBER" in text or "record layer failure" in text:
        return "the server does not speak HTTPS on that port; try the address with http://."
    return None


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
