"""A model input as the published client shows it: `key`, `hash`, `name`, `base`, `type` (and
`submodel_type`) are the chosen model's, as on its IvkModelIdentifierField; they may be assigned one
by one. Everything else (`model`, `bases`, `types`, `fits`, `set`, ...) is the engine's ModelField."""

from __future__ import annotations

from typing import Any

MODEL_KEYS = ("key", "hash", "name", "base", "type", "submodel_type")


class PublishedModelInput:
    """Wraps the engine's ModelField of one input."""

    def __init__(self, field: Any) -> None:
        object.__setattr__(self, "_field", field)
        object.__setattr__(self, "_pending", {})  # parts assigned before the model has a key

    @property
    def engine_field(self) -> Any:
        return self._field

    def identifier(self) -> dict[str, Any] | None:
        """The chosen model's identifier (what set_input_value takes)."""
        return self._field.model

    def __getattr__(self, name: str) -> Any:
        if name in MODEL_KEYS:
            chosen = {**(self._field.model or {}), **self._pending}
            return chosen.get(name)
        return getattr(self._field, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in MODEL_KEYS:
            setattr(self._field, name, value)
            return
        chosen = {**(self._field.model or {}), **self._pending, name: getattr(value, "value", value)}
        if isinstance(chosen.get("key"), str) and chosen["key"]:
            self._field.set(chosen)  # validated: a model that does not fit raises FieldValueError
            self._pending.clear()
        else:
            self._pending[name] = chosen[name]

    def __repr__(self) -> str:
        return f"PublishedModelInput({self._field!r})"
