"""What every subcommand writes: data on stdout (JSON with --json, plain lines otherwise), and its
messages (progress, warnings, errors) on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable


def stderr_say(prog: str) -> Callable[[str], None]:
    """A subcommand's `say`: one line on stderr, "invokeai-tui SUBCOMMAND: message", flushed at once."""
    def say(message: str) -> None:
        print(f"{prog}: {message}", file=sys.stderr, flush=True)
    return say


def emit(as_json: bool, document: Any, lines: list[str]) -> None:
    if as_json:
        print(json.dumps(document, indent=2))
    else:
        for line in lines:
            print(line)


def table(rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the last one is left as it is."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]]).rstrip()
            for row in rows]
