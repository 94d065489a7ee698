"""The connect screen: a dead URL says why and retries; it recovers when the server comes up."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.support.app_driving import SIZE, wait_for
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.connect import ConnectScreen
from invokeai_tui.config.settings import Profile
from tests.support.faults.tcp_forwarder import TcpForwarder, free_port

pytestmark = pytest.mark.faults


async def test_dead_url_then_server_comes_up(make_app, server_url):
    port = free_port()
    target = urlparse(server_url)
    forwarder = TcpForwarder(port, target.hostname, target.port)
    app = make_app(f"http://127.0.0.1:{port}", retry_delays=(0.5, 1, 1))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen, what="connect")
            why = await wait_for(pilot, lambda: "Cannot connect" in str(screen.query_one("#why").render())
                                 and str(screen.query_one("#why").render()), what="the reason")
            assert f"127.0.0.1:{port}" in why and "running" in why
            assert app.connection_state == "offline"
            await wait_for(pilot, lambda: "Retrying in" in str(screen.query_one("#retry").render()), what="countdown")
            # Two failures later the server appears on that port...
            await wait_for(pilot, lambda: screen.attempt >= 2, what="a second attempt")
            await forwarder.start()
            # ...and the app gets in on its own, without a key press.
            await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), timeout=15, what="the boards screen")
            await wait_for(pilot, lambda: app.connection_state == "live", what="live events")
            assert app.server_version == "6.14.2"
    finally:
        await forwarder.stop()


async def test_edit_the_url_to_connect(make_app, server_url):
    app = make_app(f"http://127.0.0.1:{free_port()}", retry_delays=(30,))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen, what="connect")
        await wait_for(pilot, lambda: app.connection_state == "offline", what="the failure")
        field = screen.query_one("#url")
        field.value = server_url
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="the boards screen")


async def test_pick_a_profile_to_connect(make_app, server_url, tui_settings):
    tui_settings.profiles["dead"] = Profile("dead", f"http://127.0.0.1:{free_port()}")
    tui_settings.profiles["local"] = Profile("local", server_url)
    app = make_app(tui_settings.profiles["dead"].url, retry_delays=(30,))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen, what="connect")
        await wait_for(pilot, lambda: app.connection_state == "offline", what="the failure")
        options = screen.query_one("#profiles")
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), what="the boards screen")
        assert app.profile == "local"


async def test_html_answer_is_explained(make_app):
    """A web server that is not InvokeAI (answers HTML) gets a clear reason, not a traceback."""
    import asyncio

    async def handle(reader, writer):
        await reader.read(65536)
        body = b"<html>hello</html>"
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    port = free_port()
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    try:
        app = make_app(f"http://127.0.0.1:{port}", retry_delays=(30,))
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen, what="connect")
            why = await wait_for(pilot, lambda: "Cannot connect" in str(screen.query_one("#why").render())
                                 and str(screen.query_one("#why").render()), what="the reason")
            assert "Traceback" not in why
            assert "HTML" in why or "html" in why or "not" in why
    finally:
        server.close()
