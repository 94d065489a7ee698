"""scripts/invokeai-server, as the tests use it: start the session's server, kill and restart it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO / "scripts" / "invokeai-server"


def run_server_script(*args: str, instance: str | None = None, timeout: float = 3600) -> str:
    """Run scripts/invokeai-server and return its last stdout line (the URL for `start`)."""
    env = dict(os.environ)
    env.setdefault("INVOKEAI_TUI_SERVER_NAME", "test")
    if instance:
        env["INVOKEAI_TUI_SERVER_NAME"] = instance
    done = subprocess.run(
        [sys.executable, str(SERVER_SCRIPT), *args],
        capture_output=True, text=True, timeout=timeout, env=env,
    )
    if done.returncode != 0:
        pytest.fail(
            f"scripts/invokeai-server {' '.join(args)} failed (exit {done.returncode}):\n"
            f"{done.stderr[-4000:]}",
            pytrace=False,
        )
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def script_instance(url: str) -> str:
    """The script instance serving ``url``: tests kill and restart only a server the script owns."""
    name = os.environ.get("INVOKEAI_TUI_SERVER_NAME", "test")
    cache = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
    state = json.loads((cache / "servers" / name / "state.json").read_text())
    assert state["url"].rstrip("/") == url.rstrip("/"), (
        f"the test server {url} is not script instance {name!r}; cannot restart it"
    )
    return name


def _cache() -> Path:
    return Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()


def session_server_url() -> str:
    """The session's server: INVOKEAI_TUI_TEST_URL when set, else the script's instance (started)."""
    url = os.environ.get("INVOKEAI_TUI_TEST_URL")
    if url:
        return url.rstrip("/")
    url = run_server_script("start")
    assert url.startswith("http://"), f"unexpected output from the server script: {url!r}"
    return url


def start_multiuser_server() -> dict:
    """A second, independent multi-user server: its URL and the admin and user credentials."""
    env_instance = os.environ.get("INVOKEAI_TUI_SERVER_NAME", "test")
    url = run_server_script("start", "--multiuser", "--no-models")
    creds = json.loads((_cache() / "servers" / f"{env_instance}-multiuser" / "credentials.json").read_text())
    return {"url": url, **creds}


def leave_queue_idle(url: str) -> None:
    """Cancel what a test left queued and resume the processor (nothing if the server is gone)."""
    from tests.support import rest

    try:
        status = rest.api(url, "GET", "/api/v1/queue/default/status")
        queue = status["queue"]
        if queue["pending"] or queue["in_progress"]:
            rest.api(url, "PUT", "/api/v1/queue/default/cancel_all_except_current")
            if queue.get("item_id"):
                rest.api(url, "PUT", f"/api/v1/queue/default/i/{queue['item_id']}/cancel")
        if not status["processor"]["is_started"]:
            rest.api(url, "PUT", "/api/v1/queue/default/processor/resume")
    except Exception:  # a test that stopped the server on purpose leaves nothing to tidy
        pass
