"""Running `invokeai-tui SUBCOMMAND ...` as a user does: a subprocess with the server's URL and a config
file that does not exist (so nothing of the machine's own config is used), stdin not a terminal."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading


def command(url: str, tmp_path, subcommand: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "invokeai_tui.cli", subcommand, *args, "--url", url,
            "--config", str(tmp_path / "no-config.toml")]


def cli(url: str, tmp_path, subcommand: str, *args: str, timeout: float = 120,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command(url, tmp_path, subcommand, *args), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


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
