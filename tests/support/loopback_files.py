"""Model files for install tests: copies of the tiny models, a loopback HTTP server to download from,
and deleting what a test installed.

A non-inplace install MOVES the files into the server's models folder, so tests install copies.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import uuid
from contextlib import asynccontextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import AsyncIterator

from invokeai_tui.client import AsyncInvokeAIClient, InvokeAIError
from tests.support.paths import REPO


def tiny_models_dir() -> Path:
    """The versioned cache folder scripts/invokeai-server builds the tiny models into (read from its cache module)."""
    cache = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
    script = (REPO / "scripts" / "server_cache.py").read_text()
    version = re.search(r'^MODELS_VERSION = "([^"]+)"', script, re.MULTILINE).group(1)
    return cache / f"tiny-models-{version}"


def copy_tiny_model(name: str, folder: Path, new_stem: str | None = None) -> Path:
    """Copy a tiny model (file or folder, e.g. "tiny-embedding-sd1.safetensors") under a fresh name."""
    source = tiny_models_dir() / name
    stem = new_stem or f"test-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (stem + source.suffix if source.is_file() else stem)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy2(source, target)
    return target


@asynccontextmanager
async def models_deleted_afterwards(client: AsyncInvokeAIClient) -> AsyncIterator[list[str]]:
    """A list to put the keys of installed models in: they are deleted on exit, with the finished jobs."""
    keys: list[str] = []
    try:
        yield keys
    finally:
        for key in keys:
            try:
                await client.model_manager.delete_model(key)
            except InvokeAIError:
                pass
        await client.model_manager.prune_install_jobs()


class _Handler(SimpleHTTPRequestHandler):
    """Files from the folder; /slow/<bytes> sends that many zero bytes, throttled, to be cancelled;
    /paced/<name> sends a file of the folder in 1 kB pieces 40 ms apart (still downloading while a
    client starts following the job); /truncated/<bytes> promises that many bytes, sends half and closes
    the connection (a download that stops midway)."""

    chunk = 20_000
    pause = 0.1

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/slow/"):
            size = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            sent = 0
            try:
                while sent < size and not self.server.stopping.is_set():
                    part = min(self.chunk, size - sent)
                    self.wfile.write(b"\0" * part)
                    sent += part
                    time.sleep(self.pause)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path.startswith("/truncated/"):
            size = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                self.wfile.write(b"\0" * (size // 2))
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True  # the rest never comes
            return
        if self.path.startswith("/paced/"):
            data = (Path(self.directory) / self.path.removeprefix("/paced/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                for start in range(0, len(data), 1024):
                    self.wfile.write(data[start:start + 1024])
                    self.wfile.flush()
                    time.sleep(0.04)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


class LoopbackFileServer:
    """Serve a folder on http://127.0.0.1:<free port>/ from a thread; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
        self._server.daemon_threads = True
        self._server.stopping = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/{name}"

    def paced_url(self, name: str) -> str:
        """A file of the folder, downloaded slowly enough to be followed while it downloads."""
        return self.url(f"paced/{name}")

    def slow_url(self, size: int) -> str:
        """A throttled download of `size` bytes (~200 kB/s)."""
        return self.url(f"slow/{size}.safetensors")

    def truncated_url(self, size: int) -> str:
        """A download that promises `size` bytes and stops after half of them."""
        return self.url(f"truncated/{size}.safetensors")

    def __enter__(self) -> "LoopbackFileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
