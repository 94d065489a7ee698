"""Shared helpers for the benchmark scripts. Stdlib only: the published client's venv imports it too."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
TINY_WORKFLOW = DATA / "tiny-workflow.json"


def now() -> float:
    """A clock shared by every process on the machine (CLOCK_MONOTONIC is system-wide on Linux)."""
    return time.monotonic()


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100): the value at or below which q % of samples fall."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process now, in MB (from /proc)."""
    return _status_kb(pid, "VmRSS") / 1024


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process so far, in MB (VmHWM)."""
    return _status_kb(pid, "VmHWM") / 1024


def _status_kb(pid: int | str, field: str) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return float(line.split()[1])
    return 0.0


def write_json_atomic(path: Path, data) -> None:
    """Write JSON to ``path`` through a temp file + os.replace: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def http_json(method: str, url: str, body=None, timeout: float = 60):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def emit_result(payload: dict) -> None:
    """A benchmark script's answer to the runner: one JSON line on stdout, marked."""
    print("BENCH-RESULT " + json.dumps(payload), flush=True)


def read_result(stdout: str) -> dict | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT "):])
    return None


def row(key: str, figure: str, unit: str, ours, target: str, ok: bool | None, *, theirs=None,
        details: dict | None = None) -> dict:
    """One line of the results table. ``ok`` None = no target applies (shown as "-")."""
    ratio = None
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and theirs:
        ratio = ours / theirs
    return {"key": key, "figure": figure, "unit": unit, "ours": ours, "published": theirs, "ratio": ratio,
            "target": target, "pass": ok, "details": details or {}}
