"""The body of a PATCH request: only what the caller asked to change."""

from __future__ import annotations

from typing import Any


def patch_body(**fields: Any) -> dict[str, Any]:
    """The fields given a value; None means "leave it as it is" (the server would store a null)."""
    return {name: value for name, value in fields.items() if value is not None}
