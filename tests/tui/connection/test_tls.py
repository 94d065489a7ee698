"""TLS through a local TLS proxy with a self-signed certificate made at test time: verified by
default (a clear message, no connection), and it works only when verification is turned off on
purpose (a profile with verify_ssl = false) — for HTTP and for the event socket alike."""

from __future__ import annotations

import pytest

from tests.support.faults.fault_proxy import FaultProxy
from tests.support.faults.tls import make_self_signed, server_context
from invokeai_tui.client import AsyncInvokeAIClient, ServerUnreachableError
from invokeai_tui.tui.screens.boards import BoardsScreen
from invokeai_tui.tui.screens.connect import ConnectScreen
from invokeai_tui.config.settings import Profile
from tests.support.app_driving import SIZE, wait_for
from tests.support.app_probes import make_app

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_proxy(server_url, certificate):
    with FaultProxy.for_url(server_url, ssl_context=server_context(*certificate)) as proxy:
        yield proxy


async def test_self_signed_is_refused_by_default_with_a_clear_message(tls_proxy):
    async with AsyncInvokeAIClient.from_url(tls_proxy.url, max_retries=0) as client:
        assert client.verify_ssl is True  # the default
        with pytest.raises(ServerUnreachableError) as info:
            await client.get_version()
        message = str(info.value)
        assert "certificate could not be verified" in message, message
        assert "verify_ssl = false" in message and "Traceback" not in message
        assert await client.health_check() is False


async def test_works_only_with_verification_turned_off(tls_proxy):
    async with AsyncInvokeAIClient.from_url(tls_proxy.url, verify_ssl=False) as client:
        assert await client.get_version()
        assert await client.board_repo.list_boards(include_uncategorized=True)
        assert await client.events.start(timeout=20) is True  # wss through the same proxy


async def test_https_to_a_plain_http_port_is_explained(server_url):
    https = server_url.replace("http://", "https://")
    async with AsyncInvokeAIClient.from_url(https, max_retries=0) as client:
        with pytest.raises(ServerUnreachableError) as info:
            await client.get_version()
    assert "does not speak HTTPS" in str(info.value), str(info.value)


async def test_app_shows_the_certificate_problem_on_the_connect_screen(tls_proxy, tui_settings):
    app = make_app(tui_settings, tls_proxy.url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen, what="connect")
        why = await wait_for(pilot, lambda: "Cannot connect" in (t := str(screen.query_one("#why").render())) and t,
                             what="the reason")
        assert "certificate could not be verified" in why and "verify_ssl" in why
        assert not app.connected
        await pilot.pause(1.5)  # it keeps retrying without crashing
        assert isinstance(app.screen, ConnectScreen) and not app.connected


async def test_app_connects_through_a_profile_that_turns_verification_off(tls_proxy, tui_settings):
    tui_settings.profiles["lab"] = Profile("lab", tls_proxy.url, verify_ssl=False)
    app = make_app(tui_settings, tls_proxy.url, profile="lab")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), timeout=30, what="the boards screen")
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live events over TLS")
        assert app.client.verify_ssl is False and app.client.use_https
