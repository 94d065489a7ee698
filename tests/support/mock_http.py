"""A client with no server behind it: scripted answers through httpx.MockTransport (offline tests)."""

from __future__ import annotations

import httpx

from invokeai_tui.client import AsyncInvokeAIClient


class Recorder:
    """A MockTransport handler that answers from a script and records every request."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def mock_client(handler, **kw) -> AsyncInvokeAIClient:
    """A client whose every request goes to ``handler`` (retries without waiting)."""
    kw.setdefault("retry_backoff", 0.001)
    return AsyncInvokeAIClient(host="fake", port=9090, transport=httpx.MockTransport(handler), **kw)


def json_response(status, body, headers=None):
    return httpx.Response(status, json=body, headers=headers)
