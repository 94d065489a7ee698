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

