"""Running `invokeai-tui SUBCOMMAND ...` as a user does: a subprocess with the server's URL and a config
file that does not exist (so nothing of the machine's own config is used), stdin not a terminal."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading


def dead_server_url() -> str:
    """A server URL where nothing listens: a port the system handed out, closed again at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def command(url: str, tmp_path, subcommand: str, *args: str, config=None) -> list[str]:
    """`config`: a config file to use (default: one that does not exist, in tmp_path)."""
    return [sys.executable, "-m", "invokeai_tui.cli", subcommand, *args, "--url", url,
            "--config", str(config or tmp_path / "no-config.toml")]


def cli(url: str, tmp_path, subcommand: str, *args: str, timeout: float = 120,
        env: dict[str, str] | None = None, config=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(command(url, tmp_path, subcommand, *args, config=config), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}, cwd=cwd)


class Running:
    """A subcommand that goes on (queue --watch): its stdout lines as they come, and Ctrl-C."""

    def __init__(self, url: str, tmp_path, subcommand: str, *args: str) -> None:
        # SIGINT back to its default in the child: a runner started in the background may ignore it,
        # and Python then leaves it ignored (Ctrl-C would do nothing).
        self.process = subprocess.Popen(command(url, tmp_path, subcommand, *args), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = 60) -> str:
        line = self.lines.get(timeout=timeout)
        assert line is not None, f"the command ended: {self.process.wait()} {self.process.stderr.read()}"
        return line

    def interrupt(self, timeout: float = 30) -> tuple[int, str]:
        """Ctrl-C; the exit code and stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=timeout)  # stdout is the reader thread's; stderr is small
        finally:
            self.process.kill()
        return code, self.process.stderr.read()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
