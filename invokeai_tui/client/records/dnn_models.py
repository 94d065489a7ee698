"""DNN model records (the AI models the server runs)."""

from __future__ import annotations

from typing import Any

from .base import Record


class DnnModel(Record):
    """A model config. base/type/format are plain strings: new values must not break a list."""

    key: str
    name: str = ""
    base: str = "unknown"
    type: str = "unknown"
    format: str | None = None
    hash: str | None = None
    path: str | None = None
    file_size: int | None = None
    description: str | None = None
    source: str | None = None
    source_type: str | None = None
    variant: str | None = None
    cover_image: str | None = None
    trigger_phrases: list[str] | None = None  # main models and LoRAs
    default_settings: dict[str, Any] | None = None  # main: steps, cfg_scale, ...; LoRA: weight

    def identifier(self) -> dict:
        """The ModelIdentifierField a graph uses to reference this model."""
        return {"key": self.key, "hash": self.hash, "name": self.name, "base": self.base, "type": self.type}
