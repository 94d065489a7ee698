"""Fields naming things on the server: a board, a model (images and videos: media.py)."""

from __future__ import annotations

from typing import Any

from ..errors import FieldValueError
from .base import WorkflowField

BOARD_SENTINELS = ("auto", "none")
MODEL_KEYS = ("key", "hash", "name", "base", "type", "submodel_type")


class BoardField(WorkflowField):
    """'auto' (the auto-add board), 'none' (uncategorized) or a board id."""

    kind = "board"

    def _empty(self) -> Any:
        return "auto"

    def validate(self, value: Any) -> str | dict[str, str]:
        if value is None or value == "":
            return "auto"
        if hasattr(value, "board_id"):
            value = value.board_id
        if isinstance(value, dict):
            board_id = value.get("board_id")
            if not isinstance(board_id, str) or not board_id:
                raise self._error("expected {'board_id': ...}")
            value = board_id
        if not isinstance(value, str):
            raise self._error(f"expected 'auto', 'none' or a board id, got {value!r}")
        if value in BOARD_SENTINELS:
            return value
        return {"board_id": value}

    @property
    def board_id(self) -> str | None:
        """The board id, or None for 'auto'/'none'."""
        return self._value.get("board_id") if isinstance(self._value, dict) else None

    def describe(self) -> str:
        return "board ('auto', 'none' or a board id)"


class ModelField(WorkflowField):
    """A model input. Like the seed's model identifier field it has no `.value` (so the seed's
    `if hasattr(field, "value"): field.value = prompt` skips it): choose a model with `.model`,
    `set()` or `set_input_value()`, giving a model record or an identifier dict."""

    kind = "model"

    @property
    def value(self) -> Any:
        raise AttributeError(
            f"{self.label!r} is a model input and has no .value; assign a model record or "
            "{key, hash, name, base, type} to .model (or use set_input_value)"
        )

    @value.setter
    def value(self, new: Any) -> None:
        self.value  # raises the AttributeError above

    @property
    def model(self) -> dict[str, Any] | None:
        return self._value

    @model.setter
    def model(self, new: Any) -> None:
        self.set(new)

    @property
    def key(self) -> str | None:
        return (self._value or {}).get("key") if isinstance(self._value, dict) else None

    @property
    def model_name(self) -> str | None:
        return (self._value or {}).get("name") if isinstance(self._value, dict) else None

    @property
    def bases(self) -> list[str] | None:
        return self.template.model_bases

    @property
    def types(self) -> list[str] | None:
        return self.template.model_types

    def fits(self, model: Any) -> bool:
        """Whether a model (record or identifier dict) may be chosen for this field."""
        try:
            self._check_fit(self._identifier(model))
        except FieldValueError:
            return False
        return True

    def _identifier(self, model: Any) -> dict[str, Any]:
        if hasattr(model, "identifier") and callable(model.identifier):
            model = model.identifier()
        elif hasattr(model, "model_dump"):
            model = model.model_dump()
        if isinstance(model, str):
            raise self._error("pass a model record or identifier dict {key, hash, name, base, type}, not a string")
        if not isinstance(model, dict) or not isinstance(model.get("key"), str):
            raise self._error(f"expected a model identifier with a 'key', got {model!r}")
        ident = {k: model.get(k) for k in MODEL_KEYS if model.get(k) is not None}
        return ident

    def _check_fit(self, ident: dict[str, Any]) -> None:
        base, mtype = ident.get("base"), ident.get("type")
        if self.bases and "any" not in self.bases and base is not None and base not in self.bases:
            raise self._error(f"model {ident.get('name') or ident['key']!r} is for {base}; this input takes "
                              f"{' or '.join(self.bases)} models")
        if self.types and mtype is not None and mtype not in self.types:
            raise self._error(f"model {ident.get('name') or ident['key']!r} is a {mtype} model; this input takes "
                              f"{' or '.join(self.types)}")

    def validate(self, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        ident = self._identifier(value)
        self._check_fit(ident)
        return ident

    def describe(self) -> str:
        what = " or ".join(self.types or ["any"])
        if self.bases:
            return f"model ({what}; {', '.join(self.bases)})"
        return f"model ({what})"
