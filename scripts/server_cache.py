"""scripts/invokeai-server's cache: the server venv (installed once) and the tiny models (built once),
each under a lock so that several servers starting at once install them once.

Stdlib only, as invokeai-server: it runs on a fresh machine before anything else is installed.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

INVOKEAI_VERSION = "6.14.2"
PINS = [f"invokeai=={INVOKEAI_VERSION}", "starlette==0.48.0"]
MODELS_VERSION = "v5"  # bump when scripts/tiny_models*.py change what they build

READY_TIMEOUT_S = 300  # startup is ~25 s alone; several servers starting at once on 2 cores take longer
INSTALL_TIMEOUT_S = 45 * 60
MODEL_BUILD_TIMEOUT_S = 15 * 60
MODEL_INSTALL_TIMEOUT_S = 300
STOP_TIMEOUT_S = 30

SCRIPTS = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
VENV = CACHE / f"server-venv-{INVOKEAI_VERSION}"
MODELS = CACHE / f"tiny-models-{MODELS_VERSION}"
SERVERS = CACHE / "servers"

class Failure(Exception):
    """What failed, in words; main() prints it with the log tail and exits 1."""

    def __init__(self, message: str, log: Path | None = None):
        super().__init__(message)
        self.log = log


def say(message: str) -> None:
    print(f"[invokeai-server] {message}", file=sys.stderr, flush=True)


@contextmanager
def locked(name: str):
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f".lock-{name}", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------- venv and models


def find_python() -> str:
    wanted = os.environ.get("INVOKEAI_TUI_SERVER_PYTHON")
    candidates = [wanted] if wanted else []
    candidates += ["python3.11", "python3.12", "python3"]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.1[12]*/bin/python3")))
    candidates += sorted(glob.glob("/usr/bin/python3.1[12]")) + sorted(glob.glob("/usr/local/bin/python3.1[12]"))
    for candidate in candidates:
        if not candidate:
            continue
        exe = shutil.which(candidate) or (candidate if os.path.exists(candidate) else None)
        if not exe:
            continue
        try:
            out = subprocess.run(
                [exe, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True, text=True, timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() in ("3.11", "3.12"):
            return exe
    raise Failure("no Python 3.11 or 3.12 with venv found (InvokeAI 6.14.2 needs one); "
                  "set INVOKEAI_TUI_SERVER_PYTHON to its path")


def ensure_venv() -> Path:
    marker = VENV / ".installed-ok"
    with locked("venv"):
        if marker.exists():
            return VENV
        if VENV.exists():
            say(f"removing an incomplete server venv at {VENV}")
            shutil.rmtree(VENV)
        python = find_python()
        say(f"installing {' '.join(PINS)} into {VENV} with {python} (once; several minutes, ~7 GB)")
        started = time.monotonic()
        log = CACHE / "server-venv-install.log"
        with open(log, "w") as out:
            steps = [
                [python, "-m", "venv", str(VENV)],
                [str(VENV / "bin/python"), "-m", "pip", "install", "--disable-pip-version-check", *PINS],
            ]
            for step in steps:
                try:
                    done = subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, timeout=INSTALL_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    raise Failure(f"installing the server timed out after {INSTALL_TIMEOUT_S} s", log)
                if done.returncode != 0:
                    raise Failure(f"installing the server failed: {' '.join(step)}", log)
        marker.write_text(json.dumps({"pins": PINS, "seconds": round(time.monotonic() - started, 1)}))
        say(f"server venv installed in {time.monotonic() - started:.0f} s")
        return VENV


def ensure_models() -> Path:
    marker = MODELS / ".built-ok"
    with locked(f"models-{MODELS_VERSION}"):  # per version: a new build never holds up starts on the old
        if marker.exists():
            return MODELS
        say(f"building the tiny models into {MODELS} (once)")
        started = time.monotonic()
        log = CACHE / f"tiny-models-{MODELS_VERSION}-build.log"
        with open(log, "w") as out:
            try:
                done = subprocess.run(
                    [str(VENV / "bin/python"), str(SCRIPTS / "tiny_models.py"), str(MODELS)],
                    stdout=out, stderr=subprocess.STDOUT, timeout=MODEL_BUILD_TIMEOUT_S,
                    env={**os.environ, "HF_HUB_OFFLINE": "1"},
                )
            except subprocess.TimeoutExpired:
                raise Failure("building the tiny models timed out", log)
        if done.returncode != 0:
            raise Failure("building the tiny models failed", log)
        marker.write_text(json.dumps({"seconds": round(time.monotonic() - started, 1)}))
        say(f"tiny models built in {time.monotonic() - started:.0f} s")
        return MODELS
