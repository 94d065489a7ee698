#!/usr/bin/env python3
"""Create (once) the separate venv with the published client, invokeai-py-client 1.1.1, and print the
path of its Python. It is never a dependency of the app: only the benchmarks use it.

Environment: INVOKEAI_TUI_CACHE (default ~/.cache/invokeai-tui), INVOKEAI_TUI_BENCH_PYTHON (a Python
3.11/3.12 to build it with; default: the first found). Stdlib only.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

PIN = "invokeai-py-client==1.1.1"
CACHE = Path(os.environ.get("INVOKEAI_TUI_CACHE") or Path.home() / ".cache" / "invokeai-tui").expanduser()
VENV = CACHE / "bench-venv-pyclient-1.1.1"


def find_python() -> str:
    wanted = os.environ.get("INVOKEAI_TUI_BENCH_PYTHON")
    candidates = [wanted] if wanted else []
    candidates += ["python3.12", "python3.11", "python3"]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.1[12]*/bin/python3")))
    candidates += sorted(glob.glob("/usr/bin/python3.1[12]")) + sorted(glob.glob("/usr/local/bin/python3.1[12]"))
    for candidate in candidates:
        exe = candidate and (shutil.which(candidate) or (candidate if os.path.exists(candidate) else None))
        if not exe:
            continue
        try:
            out = subprocess.run([exe, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() in ("3.11", "3.12"):
            return exe
    raise SystemExit("bench: no Python 3.11 or 3.12 found for the published client's venv "
                     "(set INVOKEAI_TUI_BENCH_PYTHON)")


def main() -> None:
    python = VENV / "bin" / "python"
    marker = VENV / ".installed-ok"
    if not marker.exists():
        if VENV.exists():
            shutil.rmtree(VENV)
        base = find_python()
        print(f"[bench] installing {PIN} into {VENV} with {base} (once)", file=sys.stderr, flush=True)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True, stdout=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PIN],
                       check=True, stdout=sys.stderr)
        marker.write_text(PIN + "\n")
    print(python)


if __name__ == "__main__":
    main()
