"""Watching the real app under faults and load: notifications kept, key round trips timed, memory
read, and an app whose client the test chooses (shorter timeouts, a fake transport, fast retries)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from invokeai_tui.pyclient import AsyncInvokeAIClient
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.config.settings import Settings


def client_factory(timeout: float | None = None, transport=None, max_retries: int | None = None, **fixed):
    """A client factory for InvokeAITUI: the app asks for timeout=30; tests may want less."""

    def make(url: str, **kwargs) -> AsyncInvokeAIClient:
        if timeout is not None:
            kwargs["timeout"] = timeout
        if transport is not None:
            kwargs["transport"] = transport() if callable(transport) else transport
        if max_retries is not None:
            kwargs["max_retries"] = max_retries
        kwargs.update(fixed)
        return AsyncInvokeAIClient.from_url(url, **kwargs)

    return make


def make_app(settings: Settings, url: str, **kwargs) -> InvokeAITUI:
    kwargs.setdefault("retry_delays", (0.5, 1, 2))
    return InvokeAITUI(settings=settings, url=url, **kwargs)


def notifications(app) -> list[str]:
    """Every notification the app has shown so far (title + text)."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


class NotificationLog:
    """Keeps every notification (they expire from the screen after a few seconds)."""

    def __init__(self, app) -> None:
        self.seen: list[str] = []
        original = app.notify

        def notify(message, *args, **kwargs):
            self.seen.append(f"{kwargs.get('title') or ''}: {message}")
            return original(message, *args, **kwargs)

        app.notify = notify

    def text(self) -> str:
        return "\n".join(self.seen)

    def has(self, *words: str) -> bool:
        return any(all(w.lower() in s.lower() for w in words) for s in self.seen)


async def responsive(pilot, keys=("f1", "escape"), bound: float = 2.0) -> float:
    """Press keys that open and close the help screen; return how long the round trip took."""
    started = time.monotonic()
    for key in keys:
        await pilot.press(key)
    await pilot.pause()
    took = time.monotonic() - started
    assert took < bound, f"the app took {took:.2f} s to answer {keys}"
    return took


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def in_thread(fn, *args):
    return await asyncio.to_thread(fn, *args)
