"""A requests-style session (the published `client.session`) on the async client's own httpx
connection: same pool, same token, no second HTTP stack. Like requests, it returns error
responses instead of raising (call `raise_for_status()`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .sync_client import InvokeAIClient


class RequestsStyleSession:
    """`get/post/put/patch/delete/request(method, url, **kwargs)`; `url` absolute or a path."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self._client = client
        self.headers: dict[str, str] = {"Accept": "application/json"}

    @property
    def verify(self) -> bool:
        return self._client.verify_ssl

    def _url(self, url: str) -> str:
        if url.startswith(("http://", "https://")):
            return url
        return self._client.async_client.location.url(url if url.startswith("/") else "/" + url)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        core = self._client.async_client
        headers = {**self.headers, **core._auth_headers(), **(kwargs.pop("headers", None) or {})}
        kwargs.setdefault("timeout", core.timeout)
        for unsupported in ("verify", "stream", "allow_redirects", "cert", "proxies"):
            kwargs.pop(unsupported, None)

        async def send() -> httpx.Response:
            return await core._client().request(method.upper(), self._url(url), headers=headers, **kwargs)

        return self._client.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        """The connection belongs to the client; client.close() closes it."""
