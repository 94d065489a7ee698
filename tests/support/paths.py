"""Where the tests find the project's shared fixtures.

CI clones the repository into a fresh folder with a copy of `shared/` beside it, so the fixtures
are looked up next to the checkout first; INVOKEAI_TUI_SHARED overrides.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _shared() -> Path:
    candidates = [os.environ.get("INVOKEAI_TUI_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate)
    raise RuntimeError(f"shared fixtures not found (looked in {candidates[1:]}); set INVOKEAI_TUI_SHARED")


SHARED = _shared()
FIXTURES = SHARED / "fixtures"
WORKFLOW_FIXTURES = FIXTURES / "workflows"
QUEUE_ITEM_FIXTURES = FIXTURES / "queue-items"
