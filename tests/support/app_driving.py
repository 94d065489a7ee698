"""Driving the real app with Textual's Pilot: waiting for screens and widgets, logging in, typing ahead."""

from __future__ import annotations

import asyncio
import time

from textual.dom import DOMNode

from invokeai_tui.tui import image_support

# Headless tests never see a graphics terminal: draw with coloured half blocks (deterministic: colours come from the pixels).
image_support.prepare("halfcell")

SIZE = (120, 36)


def _ready(value):
    # A screen or widget handed back is only usable once composed and mounted: a screen that has just
    # been pushed has no children yet, and querying it then fails at random.
    if isinstance(value, DOMNode) and not getattr(value, "is_mounted", True):
        return None
    return value


async def wait_for(pilot, predicate, timeout: float = 20.0, what: str = "condition"):
    """Let the app run until ``predicate()`` is true (a widget it returns: mounted); fail with ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = _ready(predicate())
        except Exception:  # noqa: BLE001 - the widget may not be mounted yet
            value = None
        if value:
            return value
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


_CONTROL_KEYS = {"\t": "tab", "\r": "enter", "\n": "enter", "\x1b": "escape"}


def type_ahead(app, text: str) -> None:
    """Send ``text`` to the app as keys all at once, as the terminal driver does with what one read
    of the terminal brings (typed ahead, or sent by a password manager): no waiting between keys,
    unlike ``pilot.press``. Tab, enter and escape are written ``\\t``, ``\\r``, ``\\x1b``."""
    from textual import events
    from textual.keys import _character_to_key  # how Pilot names a key typed as a character

    for char in text:
        if char in _CONTROL_KEYS:
            key = _CONTROL_KEYS[char]
        else:
            key = char if char.isalnum() else _character_to_key(char)
        app.post_message(events.Key(key, char))


async def open_boards(pilot, board_id: str | None = None, timeout: float = 20.0):
    """Wait until connected and on the boards screen; optionally open ``board_id`` and its first page."""
    from invokeai_tui.tui.screens.boards import BoardsScreen

    app = pilot.app
    screen = await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout,
                            "the boards screen")
    await wait_for(pilot, lambda: screen.boards, timeout, "the boards list")
    if board_id is not None:
        screen.select_board(board_id)
        await wait_for(pilot, lambda: screen.board_id == board_id and screen.table.loader is not None, timeout,
                       "the board")
        await wait_for(pilot, lambda: screen.table.cache.cached_pages or screen.table.total, timeout,
                       "the first page")
    return screen


async def open_models(pilot, timeout: float = 30.0):
    """From Boards, once the events are live, press 3 and wait for the Models screen and its model list."""
    from invokeai_tui.tui.screens.models import ModelsScreen

    await open_boards(pilot)
    await wait_for(pilot, lambda: pilot.app.connection_state == "live", timeout=timeout, what="live")
    await pilot.press("3")
    screen = await wait_for(pilot, lambda: isinstance(pilot.app.screen, ModelsScreen) and pilot.app.screen,
                            what="the models screen")
    await wait_for(pilot, lambda: screen.models, what="the model list")
    return screen


async def login_screen(pilot, timeout: float = 30.0):
    """Wait for the login screen (composed: its fields can be filled)."""
    from invokeai_tui.tui.screens.login import LoginScreen

    app = pilot.app
    return await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen) and app.screen, timeout,
                          "the login screen")


async def submit_login(pilot, screen, email: str, password: str, remember: bool = False) -> None:
    """Fill the login screen's fields and press enter in the password field."""
    screen.query_one("#email").value = email
    screen.query_one("#password").value = password
    screen.query_one("#remember").value = remember
    screen.query_one("#password").focus()
    await pilot.press("enter")


async def log_in(pilot, email: str, password: str, remember: bool = False, timeout: float = 30.0):
    """From the login screen into the app: fill it in, submit, wait for the boards screen (returned)."""
    from invokeai_tui.tui.screens.boards import BoardsScreen

    app = pilot.app
    await submit_login(pilot, await login_screen(pilot, timeout), email, password, remember)
    return await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen) and app.screen, timeout,
                          "the boards screen")


async def wait_for_workers(app, timeout: float = 20.0) -> None:
    """Wait until the app's workers are done (the long-lived event worker aside)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [w for w in app.workers if w.is_running and w.group != "events"]
        if not busy:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"workers still running after {timeout} s: {[w.description for w in busy]}")
