"""URL parsing: reverse-proxy prefixes are kept for every API, the schema and the socket path."""

import pytest

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.client.connection import ServerLocation, split_base_path
from invokeai_tui.pyclient import InvokeAIClient


@pytest.mark.parametrize(
    ("url", "base_url", "socket_path"),
    [
        ("http://localhost:9090", "http://localhost:9090/api/v1", "/ws/socket.io"),
        ("http://localhost:9090/", "http://localhost:9090/api/v1", "/ws/socket.io"),
        ("https://my-invoke.ai:8080/api/v1", "https://my-invoke.ai:8080/api/v1", "/ws/socket.io"),
        ("https://h/invoke", "https://h:443/invoke/api/v1", "/invoke/ws/socket.io"),
        ("https://h/invoke/", "https://h:443/invoke/api/v1", "/invoke/ws/socket.io"),
        ("http://h:81/a/b/api/v1", "http://h:81/a/b/api/v1", "/a/b/ws/socket.io"),
        ("127.0.0.1:9090", "http://127.0.0.1:9090/api/v1", "/ws/socket.io"),
        ("http://[::1]:9090", "http://[::1]:9090/api/v1", "/ws/socket.io"),
    ],
)
def test_from_url_keeps_prefix(url, base_url, socket_path):
    client = AsyncInvokeAIClient.from_url(url)
    assert client.base_url == base_url
    assert client.location.socketio_path == socket_path


def test_prefix_applies_to_v2_and_openapi():
    client = AsyncInvokeAIClient.from_url("https://h/invoke")
    assert client.location.url("/api/v2/models/") == "https://h:443/invoke/api/v2/models/"
    assert client.location.url("/openapi.json") == "https://h:443/invoke/openapi.json"
    # Relative URLs handed out by the server (no leading slash) join onto the root too.
    assert client.url_for("api/v1/images/i/x.png/full") == "https://h:443/invoke/api/v1/images/i/x.png/full"


def test_constructor_base_path_forms_agree():
    for base_path in ("/invoke", "/invoke/api/v1", "invoke/"):
        assert AsyncInvokeAIClient(host="h", port=1, base_path=base_path).base_url == "http://h:1/invoke/api/v1"
    assert AsyncInvokeAIClient().base_url == "http://localhost:9090/api/v1"
    assert split_base_path("/api/v1") == ""


def test_from_url_passes_kwargs_and_scheme_ports():
    client = AsyncInvokeAIClient.from_url("https://example.org", timeout=120.0, api_key="k", max_retries=1)
    assert client.port == 443 and client.use_https and client.timeout == 120.0
    assert client.token == "k" and client.max_retries == 1
    assert ServerLocation.parse("http://example.org").port == 80


def test_sync_from_url_same_rules():
    client = InvokeAIClient.from_url("https://h/invoke", timeout=5)
    try:
        assert client.base_url == "https://h:443/invoke/api/v1"
        assert client.timeout == 5
    finally:
        client.close()


async def test_socket_connect_uses_prefix_websocket_and_token(monkeypatch):
    import socketio

    calls = []

    async def fake_connect(self, url, **kwargs):
        calls.append((url, kwargs))

    monkeypatch.setattr(socketio.AsyncClient, "connect", fake_connect)
    client = AsyncInvokeAIClient.from_url("https://h:8443/invoke", api_key="tok")
    sio = await client.connect_socketio()
    url, kwargs = calls[0]
    assert url == "https://h:8443"
    assert kwargs["socketio_path"] == "/invoke/ws/socket.io"
    assert kwargs["transports"] == ["websocket"]
    assert kwargs["auth"] == {"token": "tok"} and kwargs["headers"] == {"Authorization": "Bearer tok"}
    assert sio.eio.handle_sigint is False
