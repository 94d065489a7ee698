"""httpx transports in front of the REAL server, for answers a real server cannot be made to give:
image names with path separators, '..' or odd unicode, and HTML or garbage where JSON belongs.
Everything else passes through to the real server unchanged."""

from __future__ import annotations

import json
from typing import Callable

import httpx

from invokeai_tui.client.repositories.images import _image_path


class _PassThrough(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def forward(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class RenamingTransport(_PassThrough):
    """Shows the server's images under other names (``fake_for[real] = fake``) and maps requests
    for the fake names back to the real ones."""

    def __init__(self, fake_for: dict[str, str]) -> None:
        super().__init__()
        self.fake_for = fake_for
        self.paths_seen: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raw_path = request.url.raw_path.decode("ascii")
        self.paths_seen.append(raw_path)
        for real, fake in self.fake_for.items():
            fake_path, real_path = _image_path(fake) + "/", _image_path(real) + "/"
            if raw_path.startswith(fake_path) or raw_path.split("?")[0] + "/" == fake_path:
                raw_path = raw_path.replace(fake_path.rstrip("/"), real_path.rstrip("/"), 1)
        content = request.content
        if content:
            for real, fake in self.fake_for.items():
                content = content.replace(json.dumps(fake).encode(), json.dumps(real).encode())
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        real_request = httpx.Request(request.method, request.url.copy_with(raw_path=raw_path.encode("ascii")),
                                     headers=headers, content=content)
        response = await self.forward(real_request)
        if "json" not in response.headers.get("content-type", ""):
            return response
        body = await response.aread()
        text = body.decode("utf-8")
        for real, fake in self.fake_for.items():
            text = text.replace(json.dumps(real)[1:-1], json.dumps(fake)[1:-1])
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")}
        return httpx.Response(response.status_code, headers=headers, content=text.encode("utf-8"),
                              request=request)


class CorruptingTransport(_PassThrough):
    """Answers the requests that ``matches`` with a bad body (HTML, garbage, wrong-shaped JSON)."""

    def __init__(self, matches: Callable[[httpx.Request], bool], body: bytes, content_type: str,
                 status: int = 200) -> None:
        super().__init__()
        self.matches = matches
        self.body = body
        self.content_type = content_type
        self.status = status
        self.hits = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.matches(request):
            self.hits += 1
            return httpx.Response(self.status, headers={"content-type": self.content_type}, content=self.body,
                                  request=request)
        return await self.forward(request)
