"""The real app, headless, in this process, with a witness of what reaches the screen.

``Screen`` hands every compositor update to ``App._display``; headless, Textual skips turning it into
terminal bytes. The harness wraps ``_display`` so each update IS turned into the bytes a terminal
would get (that work is counted), stamps the time, and wakes whoever waits for the screen to show
something: ``await harness.shows(predicate)`` returns the time of the first update after which
``predicate()`` holds.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Callable

from textual._compositor import CompositorUpdate

from invokeai_tui.tui import image_support
from invokeai_tui.tui.app import InvokeAITUI
from invokeai_tui.config.settings import Settings

SIZE = (160, 50)


def make_app(url: str, home: Path, protocol: str = "halfcell") -> InvokeAITUI:
    # Headless there is no terminal to ask: draw previews with coloured half blocks, as tests do.
    image_support.prepare(protocol)
    settings = Settings(path=home / "config" / "config.toml", start_mode="boards")
    settings.download_dir = home / "downloads"
    return InvokeAITUI(settings=settings, url=url)


class ScreenWitness:
    def __init__(self, app: InvokeAITUI) -> None:
        self.app = app
        self.updates = 0
        self.bytes = 0
        self.last_update = 0.0
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future]] = []
        original = app._display

        def display(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate):
                self.bytes += len(renderable.render_segments(app.console))
                self.updates += 1
                self.last_update = time.monotonic()
                self._wake(self.last_update)
            original(screen, renderable)

        app._display = display

    def _wake(self, at: float) -> None:
        still = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            try:
                ok = predicate()
            except Exception:  # noqa: BLE001 - a widget not mounted yet: not shown yet
                ok = False
            if ok:
                future.set_result(at)
            else:
                still.append((predicate, future))
        self._waiters = still

    def expect(self, predicate: Callable[[], bool]) -> asyncio.Future:
        """Register now (before the action); await later: the time of the first update showing it."""
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        return future

    async def shows(self, predicate: Callable[[], bool], timeout: float = 30) -> float:
        return await asyncio.wait_for(self.expect(predicate), timeout)


async def wait_until(predicate: Callable[[], object], timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001
            value = None
        if value:
            return value
        await asyncio.sleep(0.02)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


async def boards_screen(app: InvokeAITUI, timeout: float = 60):
    from invokeai_tui.tui.screens.boards import BoardsScreen

    screen = await wait_until(lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout, "the boards screen")
    await wait_until(lambda: screen.boards, timeout, "the boards list")
    return screen
