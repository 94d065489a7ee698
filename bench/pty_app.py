"""Run the real ``invokeai-tui`` binary in a pseudo-terminal, answering the terminal queries a real
terminal would (textual-image asks for the cell size and device attributes at start-up and would
otherwise wait for its time-out), and collect what it writes."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

# Query -> answer, as an xterm without sixel or kitty graphics answers.
ANSWERS = {
    b"\x1b[16t": b"\x1b[6;20;10t",  # cell size in pixels
    b"\x1b[14t": b"\x1b[4;900;1600t",  # window size in pixels
    b"\x1b[c": b"\x1b[?62;22c",  # primary device attributes
}


def app_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for an app run with a config/state folder of its own (no user settings)."""
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("INVOKEAI_TUI_URL", None)
    env.update(extra)
    return env


def run_in_pty(argv: list[str], env: dict[str, str], *, until: bytes, timeout: float = 60,
               size: tuple[int, int] = (160, 45)) -> tuple[float, bytes]:
    """Start ``argv`` in a pty of ``size`` (columns, rows); return (monotonic start time, output)
    once it exited after printing ``until`` (or the time-out passed: then it is killed)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    output = b""
    deadline = started + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            for query, answer in ANSWERS.items():
                if query in chunk:
                    os.write(master, answer)
        else:
            proc.kill()
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.close(master)
    if until not in output:
        raise RuntimeError(f"{argv[0]} did not print {until!r}; its last output: {output[-400:]!r}")
    return started, output


def temp_home() -> Path:
    return Path(tempfile.mkdtemp(prefix="invokeai-tui-bench-"))
