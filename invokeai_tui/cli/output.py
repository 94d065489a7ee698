"""Writing data on stdout, as every subcommand does: JSON with --json, plain lines otherwise."""

from __future__ import annotations

import json
from typing import Any


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
