"""Benchmark 2: time to boards.

From starting the ``invokeai-tui`` process (in a pseudo-terminal, see pty_app.py) to the boards list
drawn with the server's data (the app's INVOKEAI_TUI_BENCH_EXIT_WHEN=boards switch prints the moment
and exits), against a script that imports the published client and lists the boards (start of the
process to the list in hand). Runs alternate; medians.

    python -m bench.time_to_boards URL PYCLIENT_PYTHON [RUNS]
"""

from __future__ import annotations

import subprocess
import sys
import time

from .common import BENCH, REPO, emit_result, median, row, say
from .pty_app import app_env, run_in_pty, temp_home

APP = REPO / ".venv" / "bin" / "invokeai-tui"
MARK = b"INVOKEAI_TUI_BENCH boards "


def ours_once(url: str) -> tuple[float, float]:
    """(seconds from spawn to boards drawn, the app's own "since process start" figure)."""
    home = temp_home()
    config = home / "config.toml"
    config.write_text('start_mode = "boards"\n')  # the app opens on Generate by default since issue 13
    env = app_env(home, INVOKEAI_TUI_BENCH_EXIT_WHEN="boards")
    started, output = run_in_pty([str(APP), "--url", url, "--config", str(config), "--log-file",
                                  str(home / "app.log")], env, until=MARK)
    line = output[output.index(MARK):].split(b"\n", 1)[0].decode().split()
    return float(line[3]) - started, float(line[2])


def theirs_once(url: str, python: str) -> float:
    started = time.monotonic()
    out = subprocess.run([python, str(BENCH / "pyclient_boards.py"), url], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BOARDS "))
    return float(line.split()[2]) - started


def main(url: str, python: str, runs: int = 7) -> None:
    ours_once(url), theirs_once(url, python)  # warm the disk cache for both; not counted
    ours_s, own_s, theirs_s = [], [], []
    for index in range(runs):
        spawn, own = ours_once(url)
        ours_s.append(spawn)
        own_s.append(own)
        theirs_s.append(theirs_once(url, python))
        say(f"boards run {index + 1}: ours {spawn * 1000:.0f} ms, published client {theirs_s[-1] * 1000:.0f} ms")
    ours_median, theirs_median = median(ours_s), median(theirs_s)
    details = {"runs": runs, "ours_s": [round(v, 3) for v in ours_s], "published_s": [round(v, 3) for v in theirs_s],
               "ours_since_process_start_s": [round(v, 3) for v in own_s]}
    emit_result({"rows": [row("time_to_boards", f"2. Time to boards, median of {runs}", "s", ours_median,
                              "<= published client", ours_median <= theirs_median, theirs=theirs_median,
                              details=details)]})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7)
