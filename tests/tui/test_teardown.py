"""Quitting or switching modes while a mode screen is still mounting: no crash, no traceback, no
error notification. Textual removes the children of a closing screen first, so the screen's
on_mount, handlers and workers can find their widgets gone; the app must shrug that off."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.app_driving import SIZE, wait_for, wait_for_workers
from invokeai_tui.tui.app import InvokeAITUI


MODES = ("generate", "boards", "models", "workflows", "queue")


def _interrupt_first_switch(app: InvokeAITUI, delay: float, then) -> None:
    """Run ``then()`` ``delay`` s after the app starts building its first mode screen."""
    use_client = app.use_client

    async def use_client_then(client, version):
        task = asyncio.ensure_future(use_client(client, version))
        await asyncio.sleep(delay)
        then()
        await task

    app.use_client = use_client_then


async def _until_exit(app: InvokeAITUI, timeout: float = 20.0) -> None:
    """Wait (without Pilot, whose waits need live screens) until the app was told to exit, and a bit more."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not app._exit:
        assert loop.time() < deadline, "the app never exited"
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)


def _problems(app: InvokeAITUI) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("start_mode", MODES)
async def test_quit_while_the_first_screen_is_mounting(make_app, start_mode):
    for delay in (0, 0.002, 0.02, 0.1):
        app = make_app(start_mode=start_mode)
        _interrupt_first_switch(app, delay, app.exit)
        # run_test re-raises whatever crashed the app (before the fix: NoMatches from on_mount).
        async with app.run_test(size=SIZE) as pilot:
            await _until_exit(app)
        assert app._exception is None, f"{start_mode} after {delay} s: {app._exception!r}"
        assert app.return_code == 0, f"{start_mode} after {delay} s: exit code {app.return_code}"


@pytest.mark.parametrize("start_mode,other", [("boards", "workflows"), ("workflows", "models"), ("queue", "boards")])
async def test_a_mode_switch_that_lands_during_the_quit(make_app, start_mode, other):
    """A mode key (or palette jump) handled while the app closes its screens must not build a new
    mode then: that broke Textual's shutdown loop ("dictionary changed size during iteration")."""
    for delay in (0, 0.002, 0.02):
        app = make_app(start_mode=start_mode)
        switches = []

        def quit_then_switch():
            app.exit()
            for later in (0, 0.001, 0.005, 0.01, 0.03):
                switches.append(asyncio.get_running_loop().call_later(
                    later, lambda: asyncio.ensure_future(app.action_mode(other))))

        _interrupt_first_switch(app, delay, quit_then_switch)
        async with app.run_test(size=SIZE):
            await _until_exit(app)
        assert app._exception is None, f"{start_mode}->{other} after {delay} s: {app._exception!r}"


async def test_rapid_mode_switches_leave_every_screen_whole(make_app):
    """Mode keys pressed faster than screens mount: each screen ends up complete, no errors."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connected, what="the connection")
        # Generate opens with its prompt focused: escape leaves it, or the 2 would be typed into it.
        await pilot.press("3", "4", "5", "2", "4", "3", "5", "1", "escape", "2")
        await wait_for(pilot, lambda: app.current_mode == "boards", what="back on boards")
        await wait_for_workers(app)
        for mode in MODES:
            await app.switch_mode(mode)
            await pilot.pause(0.2)
            assert app.screen.query("#mode-body"), f"{mode} screen has no body"
        assert _problems(app) == []
