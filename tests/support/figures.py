"""Measured figures (reconnect time, memory, counts) for the report: printed, and kept in a JSON
file ($INVOKEAI_TUI_FIGURES, default /tmp/invokeai-tui-reliability-figures.json). Never asserted on
beyond generous bounds in the tests themselves."""

from __future__ import annotations

import json
import os
from pathlib import Path

PATH = Path(os.environ.get("INVOKEAI_TUI_FIGURES", "/tmp/invokeai-tui-reliability-figures.json"))


def record(name: str, value) -> None:
    try:
        data = json.loads(PATH.read_text())
    except (OSError, ValueError):
        data = {}
    data[name] = value
    tmp = PATH.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    os.replace(tmp, PATH)
    print(f"[figure] {name}: {value}")
