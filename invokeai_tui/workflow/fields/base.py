"""The base of every workflow field: a value validated on assignment, reset to what the file holds.

A field is built from its template (server schema, refined by the form's settings) and the
value stored in the workflow. Loading never fails on an odd stored value (it is kept as is);
assigning a bad value raises `FieldValueError` with a sentence saying what would fit.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from ..errors import FieldValueError
from ..schema import FieldTemplate


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class WorkflowField:
    """Base field. `kind` is one of: string, integer, float, boolean, enum, color, image, video,
    board, model, collection, lora_collection, other."""

    kind: ClassVar[str] = "other"

    def __init__(self, template: FieldTemplate, value: Any, *, label: str | None = None) -> None:
        self.template = template
        self.label = label or template.title or template.name
        self.user_set = False  # True once a value was assigned (sync_dnn_model respects it)
        try:
            self._value = self.validate(value) if value is not None else self._empty()
        except FieldValueError:
            self._value = value  # keep what the file says; the server will judge it
        self.loaded_value = self._value

    # --- value --------------------------------------------------------------------
    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, new: Any) -> None:
        self.set(new)

    def get(self) -> Any:
        """The current value, for every kind (model fields have no `.value`, see ModelField)."""
        return self._value

    def set(self, new: Any) -> None:
        """Validate and assign a value, for every kind; raises FieldValueError."""
        self._value = self.validate(new)
        self.user_set = True

    def reset(self) -> None:
        """Back to the value the workflow holds (kept even if it did not validate)."""
        self._value = self.loaded_value
        self.user_set = False

    @property
    def name(self) -> str:
        return self.template.name

    @property
    def description(self) -> str:
        return self.template.description

    @property
    def required(self) -> bool:
        return self.template.required

    def _empty(self) -> Any:
        return None

    def _error(self, problem: str) -> FieldValueError:
        return FieldValueError(self.label, problem)

    def validate(self, value: Any) -> Any:
        """Return the normalized value or raise FieldValueError."""
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            raise self._error(f"{type(value).__name__} values cannot be sent to the server") from None
        return value

    def to_json_value(self) -> Any:
        """The value as the workflow JSON stores it (node.data.inputs[name].value)."""
        return self._value

    def describe(self) -> str:
        """A short human hint of what the field takes."""
        return self.kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label!r}, value={self._value!r})"


class OtherField(WorkflowField):
    """A type this app does not edit: its value is kept and sent unchanged."""

    kind = "other"
