"""Benchmark 1: completion detection latency.

For each of N runs of a tiny model-free workflow: the time from the server's
``queue_item_status_changed(completed)`` event, as seen by an independent Socket.IO listener
(bench/listener.py), to the moment ``wait_for_completion`` returns. Ours
(``WorkflowHandle.wait_for_completion``) and the published client's ``wait_for_completion_sync``,
in the same run, against the same listener.

    python -m bench.completion URL PYCLIENT_PYTHON [RUNS]
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

from invokeai_tui.pyclient import AsyncInvokeAIClient

from .common import BENCH, TINY_WORKFLOW, emit_result, median, percentile, row, say

WARMUP = 2


class Listener:
    def __init__(self, url: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.listener", url], cwd=BENCH.parent,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if line != "READY":
            raise RuntimeError(f"the listener did not start (said {line!r})")

    def stop(self) -> dict[int, float]:
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=10)
        seen: dict[int, float] = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "COMPLETED":
                seen.setdefault(int(parts[1]), float(parts[2]))
        return seen


async def ours(url: str, runs: int) -> list[tuple[int, float]]:
    returned = []
    async with AsyncInvokeAIClient.from_url(url) as client:
        workflow = await client.workflow_repo.create_workflow(TINY_WORKFLOW)
        for index in range(WARMUP + runs):
            await workflow.submit()
            item = await workflow.wait_for_completion(timeout=120)
            done = time.monotonic()
            if index >= WARMUP:
                returned.append((item.item_id, done))
            await asyncio.sleep(0.05)
    return returned


def theirs(url: str, python: str, runs: int) -> list[tuple[int, float]]:
    out = subprocess.run([python, str(BENCH / "pyclient_completion.py"), url, str(runs)],
                         capture_output=True, text=True, timeout=60 + runs * 10, check=True).stdout
    return [(int(p[1]), float(p[2])) for p in (line.split() for line in out.splitlines()) if p and p[0] == "RUN"]


def latencies(returned: list[tuple[int, float]], seen: dict[int, float]) -> list[float]:
    return [(done - seen[item]) * 1000 for item, done in returned if item in seen]


def main(url: str, pyclient_python: str, runs: int = 20) -> None:
    listener = Listener(url)
    try:
        say(f"completion: ours, {runs} runs")
        our_runs = asyncio.run(ours(url, runs))
        say(f"completion: published client, {runs} runs")
        their_runs = theirs(url, pyclient_python, runs)
        time.sleep(0.5)
    finally:
        seen = listener.stop()
    our_ms, their_ms = latencies(our_runs, seen), latencies(their_runs, seen)
    ours_median, theirs_median = median(our_ms), median(their_ms)
    details = {
        "runs": runs, "ours_matched": len(our_ms), "published_matched": len(their_ms),
        "ours_p90_ms": percentile(our_ms, 90), "published_p90_ms": percentile(their_ms, 90),
        "ours_ms": [round(v, 2) for v in our_ms], "published_ms": [round(v, 2) for v in their_ms],
    }
    ok = ours_median is not None and ours_median <= 10 and len(our_ms) == runs
    emit_result({"rows": [row("completion_latency", f"1. Completion detection latency, median of {runs}", "ms",
                              ours_median, "<= 10 ms", ok, theirs=theirs_median, details=details)]})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
