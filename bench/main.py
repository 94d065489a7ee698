"""Run every benchmark (each in a process of its own), print the table, write bench/results.json.

    .venv/bin/python -m bench.main --url URL --pyclient-python PATH [--only completion,boards]

bench/run does the setup (app venv, server, the published client's venv) and then calls this.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from .common import BENCH, REPO, read_result, say, write_json_atomic

# name -> (module, extra args builder, timeout in s)
BENCHMARKS = {
    "completion": ("bench.completion", lambda a: [a.url, a.pyclient_python], 300),
    "boards": ("bench.time_to_boards", lambda a: [a.url, a.pyclient_python], 180),
    "big_board": ("bench.big_board", lambda a: [a.url, a.pyclient_python], 600),
    "flood": ("bench.event_flood", lambda a: [a.url], 240),
    "generation": ("bench.generation", lambda a: [a.url], 300),
    "generate": ("bench.generate_tab", lambda a: [a.url, a.pyclient_python], 420),
    "browsing": ("bench.browsing", lambda a: [a.url], 600),
}


def run_one(name: str, args) -> tuple[list[dict], str | None]:
    module, extra, timeout = BENCHMARKS[name]
    say(f"--- {name}")
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", module, *extra(args)], cwd=REPO, stdout=subprocess.PIPE,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], f"timed out after {timeout} s"
    result = read_result(done.stdout)
    say(f"--- {name} took {time.monotonic() - started:.0f} s")
    if result is None:
        return [], f"exited {done.returncode} without a result (see the messages above)"
    rows = result.get("rows", [])
    for r in rows:
        r["bench"] = name
    return rows, result.get("error")


def earlier_rows(path: str, names: list[str]) -> list[dict]:
    """Rows of the benchmarks NOT run now, from the last results file (--only keeps the rest)."""
    try:
        with open(path) as handle:
            old = json.load(handle)
    except (OSError, ValueError):
        return []
    kept = [r for r in old.get("rows", []) if r.get("bench") not in names and r.get("bench") in BENCHMARKS]
    for r in kept:
        r.setdefault("from_earlier_run", old.get("created"))
    return kept


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value  # a word in place of a figure (e.g. "failed (see the note)")
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip()


def table(rows: list[dict]) -> str:
    header = ("figure", "ours", "published client", "ratio", "target", "result")
    lines = [header]
    for r in rows:
        verdict = "-" if r["pass"] is None else ("pass" if r["pass"] else "MISS")
        ratio = f"{r['ratio']:.3g}x" if r.get("ratio") is not None else "-"
        lines.append((r["figure"], fmt(r["ours"], r["unit"]), fmt(r.get("published"), r["unit"]), ratio,
                      r["target"], verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--url", required=True)
    parser.add_argument("--pyclient-python", required=True)
    parser.add_argument("--only", help="comma-separated: " + ",".join(BENCHMARKS)
                        + " (the other rows are kept from the last results file)")
    parser.add_argument("--out", default=str(BENCH / "results.json"))
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    started = time.monotonic()
    rows, errors = [], {}
    for name in names:
        got, error = run_one(name, args)
        rows.extend(got)
        if error:
            errors[name] = error
            say(f"{name}: {error}")
    if args.only:
        rows = sorted(earlier_rows(args.out, names) + rows, key=lambda r: list(BENCHMARKS).index(r["bench"]))
    print()
    print(table(rows))
    for name, error in errors.items():
        print(f"{name}: {error}")
    results = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(time.monotonic() - started, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "server": args.url,
        "rows": rows,
        "errors": errors,
    }
    write_json_atomic(args.out, results)
    print(f"\nwrote {args.out} ({results['seconds']:.0f} s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
