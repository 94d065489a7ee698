"""A benchmark-only switch (bench/time_to_boards.py): with INVOKEAI_TUI_BENCH_EXIT_WHEN=boards the app
exits as soon as the boards list has been drawn with the server's data, and prints
``INVOKEAI_TUI_BENCH boards <seconds since process start> <time.monotonic()>``. Unset: does nothing."""

from __future__ import annotations

import os
import time


def reached(app, moment: str) -> None:
    """Call when ``moment`` (e.g. "boards") is on the way to the screen."""
    if os.environ.get("INVOKEAI_TUI_BENCH_EXIT_WHEN") != moment:
        return

    def done() -> None:  # after the next refresh: the data is on screen, not only in the widget
        at = time.monotonic()
        app.exit(message=f"INVOKEAI_TUI_BENCH {moment} {_since_start(at):.3f} {at:.6f}")

    app.call_after_refresh(done)


def _since_start(at: float) -> float:
    """Seconds since this process started (Linux /proc; 10 ms resolution), else -1."""
    try:
        with open("/proc/self/stat") as handle:
            start_ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return -1.0
