"""A server that is never there, in its many forms: the connect screen says why in words, keeps
retrying on its schedule, answers keys, and never crashes."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.support.faults.fault_proxy import free_port
from invokeai_tui.tui.screens.connect import ConnectScreen
from tests.support.app_driving import SIZE, wait_for
from tests.support.app_probes import client_factory, make_app, responsive
from tests.support.figures import record

pytestmark = pytest.mark.faults


class _Listener:
    """A port that accepts connections and then closes them at once, or never answers."""

    def __init__(self, mode: str) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.mode = mode
        self.held: list[socket.socket] = []
        self.stop = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            if self.mode == "close":
                conn.close()
            else:
                self.held.append(conn)  # "silent": read nothing, answer nothing

    def close(self) -> None:
        self.stop = True
        for conn in self.held:
            conn.close()
        self.sock.close()


def _json_server(body: dict) -> tuple[HTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


KINDS = {
    "closed-port": ("cannot connect",),
    "closes-at-once": ("broke",),
    "never-answers": ("did not answer within",),
    "unknown-host": ("cannot connect",),
    "not-invokeai-json": ("no 'version'",),
    "not-a-url": ("",),
    "https-to-http": ("does not speak https",),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
async def test_never_there(kind, tui_settings, server_url):
    cleanup = []
    if kind == "closed-port":
        url = f"http://127.0.0.1:{free_port()}"
    elif kind in ("closes-at-once", "never-answers"):
        listener = _Listener("close" if kind == "closes-at-once" else "silent")
        cleanup.append(listener.close)
        url = f"http://127.0.0.1:{listener.port}"
    elif kind == "unknown-host":
        url = "http://no-such-host.invalid:9090"
    elif kind == "not-invokeai-json":
        server, port = _json_server({"hello": "world"})
        cleanup.append(server.shutdown)
        url = f"http://127.0.0.1:{port}"
    elif kind == "https-to-http":
        url = server_url.replace("http://", "https://")
    else:
        url = "not a url at all"
    app = make_app(tui_settings, url, retry_delays=(0.3, 0.5),
                   client_factory=client_factory(timeout=1.5, max_retries=0))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen) and app.screen,
                                    what="the connect screen")
            why = await wait_for(pilot, lambda: "Cannot connect" in (t := str(screen.query_one("#why").render()))
                                 and t, timeout=20, what="the reason")
            for words in KINDS[kind]:
                assert words.lower() in why.lower(), why
            assert "Traceback" not in why
            await wait_for(pilot, lambda: screen.attempt >= 3, timeout=30, what="three attempts")
            await responsive(pilot, keys=("ctrl+r",))
            assert isinstance(app.screen, ConnectScreen) and not app.connected and app.connection_state == "offline"
        assert app.return_code in (None, 0)
    finally:
        for fn in cleanup:
            fn()
    record(f"never there: {kind}", "connect screen, no crash")
