"""Two images' metadata side by side: every key either has, in the order a person reads them (the
prompt, the model, the seed... then the rest by name), each marked when the two values differ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Read first, in this order; the other keys follow alphabetically.
LEADING_KEYS = ("positive_prompt", "negative_prompt", "model", "seed", "steps", "cfg_scale", "scheduler",
                "width", "height", "generation_mode", "loras", "vae")
MISSING_TEXT = "—"


@dataclass(frozen=True)
class CompareRow:
    key: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


def value_text(value: Any) -> str:
    """A metadata value as one short line: a model by its name, lists and dicts as compact JSON."""
    if value is None:
        return MISSING_TEXT
    if isinstance(value, dict) and ("name" in value or "key" in value) and "base" in value:
        return f"{value.get('name') or value.get('key')} ({value['base']})"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)
    return str(value)


def compare_rows(left: dict[str, Any] | None, right: dict[str, Any] | None) -> list[CompareRow]:
    left, right = left if isinstance(left, dict) else {}, right if isinstance(right, dict) else {}
    keys = set(left) | set(right)
    ordered = [k for k in LEADING_KEYS if k in keys] + sorted(keys.difference(LEADING_KEYS))
    return [CompareRow(k, value_text(left.get(k)), value_text(right.get(k))) for k in ordered]


def differing_keys(left: dict[str, Any] | None, right: dict[str, Any] | None) -> list[str]:
    return [row.key for row in compare_rows(left, right) if row.differs]
