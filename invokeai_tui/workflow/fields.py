"""Typed workflow fields: one class per kind, each validating what is assigned to `.value`.

A field is built from its template (server schema, refined by the form's settings) and the
value stored in the workflow. Loading never fails on an odd stored value (it is kept as is);
assigning a bad value raises `FieldValueError` with a sentence saying what would fit.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any, ClassVar

from .errors import FieldValueError
from .schema import FieldTemplate

BOARD_SENTINELS = ("auto", "none")
MODEL_KEYS = ("key", "hash", "name", "base", "type", "submodel_type")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class WorkflowField:
    """Base field. `kind` is one of: string, integer, float, boolean, enum, color, image,
    board, model, collection, other."""

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


class StringField(WorkflowField):
    kind = "string"

    @property
    def multiline(self) -> bool:
        return self.template.ui_component == "textarea"

    def validate(self, value: Any) -> str:
        if not isinstance(value, str):
            raise self._error(f"expected text, got {type(value).__name__} {value!r}")
        t = self.template
        if t.min_length is not None and len(value) < t.min_length:
            raise self._error(f"must be at least {t.min_length} characters long")
        if t.max_length is not None and len(value) > t.max_length:
            raise self._error(f"must be at most {t.max_length} characters long")
        return value

    def describe(self) -> str:
        return "text (multi-line)" if self.multiline else "text"


class _NumberField(WorkflowField):
    def _check_bounds(self, number: float) -> None:
        t = self.template
        if t.minimum is not None and number < t.minimum:
            raise self._error(f"must be at least {_num(t.minimum)} (got {_num(number)})")
        if t.maximum is not None and number > t.maximum:
            raise self._error(f"must be at most {_num(t.maximum)} (got {_num(number)})")
        if t.exclusive_minimum is not None and number <= t.exclusive_minimum:
            raise self._error(f"must be greater than {_num(t.exclusive_minimum)} (got {_num(number)})")
        if t.exclusive_maximum is not None and number >= t.exclusive_maximum:
            raise self._error(f"must be less than {_num(t.exclusive_maximum)} (got {_num(number)})")
        if t.multiple_of and not math.isclose(number / t.multiple_of, round(number / t.multiple_of), abs_tol=1e-9):
            raise self._error(f"must be a multiple of {_num(t.multiple_of)} (got {_num(number)})")

    def describe(self) -> str:
        t = self.template
        parts = [self.kind]
        low = t.minimum if t.minimum is not None else t.exclusive_minimum
        high = t.maximum if t.maximum is not None else t.exclusive_maximum
        if low is not None or high is not None:
            parts.append(f"{'' if low is None else _num(low)}..{'' if high is None else _num(high)}")
        if t.multiple_of:
            parts.append(f"step {_num(t.multiple_of)}")
        return " ".join(parts)


class IntegerField(_NumberField):
    kind = "integer"

    def validate(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self._error(f"expected a whole number, got {value!r}")
        if isinstance(value, str):
            text = value.strip()
            try:
                value = int(text)
            except ValueError:
                try:
                    value = float(text)
                except ValueError:
                    raise self._error(f"expected a whole number, got {value!r}") from None
        if isinstance(value, float):
            if not value.is_integer():
                raise self._error(f"expected a whole number, got {value!r}")
            value = int(value)
        if not isinstance(value, int):
            raise self._error(f"expected a whole number, got {type(value).__name__}")
        self._check_bounds(value)
        return value


class FloatField(_NumberField):
    kind = "float"

    def validate(self, value: Any) -> float:
        if isinstance(value, bool):
            raise self._error(f"expected a number, got {value!r}")
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise self._error(f"expected a number, got {value!r}") from None
        if not isinstance(value, (int, float)):
            raise self._error(f"expected a number, got {type(value).__name__}")
        value = float(value)  # 7 in JSON is still a float field
        if math.isnan(value) or math.isinf(value):
            raise self._error("must be a finite number")
        self._check_bounds(value)
        return value


class BooleanField(WorkflowField):
    kind = "boolean"
    TRUE = ("true", "yes", "on", "1")
    FALSE = ("false", "no", "off", "0")

    def validate(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in self.TRUE + self.FALSE:
            return value.strip().lower() in self.TRUE
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise self._error(f"expected true or false, got {value!r}")


class EnumField(WorkflowField):
    kind = "enum"

    @property
    def options(self) -> list[Any]:
        return list(self.template.options or [])

    @property
    def choice_labels(self) -> dict[str, str]:
        return dict(self.template.choice_labels or {})

    def option_label(self, option: Any) -> str:
        return self.choice_labels.get(str(option), str(option))

    def validate(self, value: Any) -> Any:
        options = self.options
        if value in options:
            return value
        for option in options:  # accept a displayed label too
            if isinstance(value, str) and self.option_label(option) == value:
                return option
        shown = ", ".join(str(o) for o in options[:12]) + (", ..." if len(options) > 12 else "")
        raise self._error(f"{value!r} is not one of the choices ({shown})")

    def describe(self) -> str:
        return f"one of {len(self.options)} choices"


class ColorField(WorkflowField):
    kind = "color"
    HEX = re.compile(r"^#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")

    def validate(self, value: Any) -> dict[str, int]:
        if isinstance(value, str):
            match = self.HEX.match(value.strip())
            if not match:
                raise self._error(f"expected a color like #ff8800 or #ff880080, got {value!r}")
            rgb, alpha = match.group(1), match.group(2) or "ff"
            return {"r": int(rgb[0:2], 16), "g": int(rgb[2:4], 16), "b": int(rgb[4:6], 16), "a": int(alpha, 16)}
        if isinstance(value, (list, tuple)) and len(value) in (3, 4):
            value = dict(zip("rgba", value))
        if not isinstance(value, dict) or not {"r", "g", "b"} <= set(value):
            raise self._error(f"expected a color {{r, g, b, a}} or #rrggbb, got {value!r}")
        color = {}
        for channel in "rgba":
            component = value.get(channel, 255)
            if isinstance(component, bool) or not isinstance(component, (int, float)) or not 0 <= component <= 255:
                raise self._error(f"color channel {channel} must be 0..255, got {component!r}")
            if isinstance(component, float) and not component.is_integer():
                raise self._error(f"color channel {channel} must be a whole number, got {component!r}")
            color[channel] = int(component)
        return color

    def describe(self) -> str:
        return "color #rrggbb[aa]"


class ImageField(WorkflowField):
    """An image on the server (by name), or a local file uploaded when the workflow is submitted."""

    kind = "image"

    def __init__(self, template: FieldTemplate, value: Any, *, label: str | None = None) -> None:
        self.local_path: Path | None = None
        self._pending_path: Path | None = None
        super().__init__(template, value, label=label)
        self.local_path, self._pending_path = self._pending_path, None

    def set(self, new: Any) -> None:  # `.value = x` goes through set() too
        self._pending_path = None
        normalized = self.validate(new)  # raises before anything changes
        self._value, self.local_path, self._pending_path = normalized, self._pending_path, None
        self.user_set = True

    def validate(self, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        if hasattr(value, "image_name") and isinstance(value.image_name, str):
            value = value.image_name
        if isinstance(value, dict):
            name = value.get("image_name")
            if not isinstance(name, str) or not name:
                raise self._error("expected {'image_name': ...}")
            return {"image_name": name}
        if isinstance(value, os.PathLike) or (isinstance(value, str) and (os.sep in value or os.path.isfile(value))):
            path = Path(value).expanduser()
            if not path.is_file():
                raise self._error(f"the file {str(path)!r} does not exist")
            self._pending_path = path
            return None
        if isinstance(value, str) and value.strip():
            return {"image_name": value.strip()}
        raise self._error(f"expected an image name on the server or a local file, got {value!r}")

    @property
    def image_name(self) -> str | None:
        return self._value.get("image_name") if isinstance(self._value, dict) else None

    @property
    def needs_upload(self) -> bool:
        return self.local_path is not None

    def reset(self) -> None:
        super().reset()
        self.local_path = None

    def mark_uploaded(self, image_name: str) -> None:
        self._value = {"image_name": image_name}
        self.local_path = None

    def describe(self) -> str:
        return "image (server image name or local file)"


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


class CollectionField(WorkflowField):
    kind = "collection"

    @property
    def item_kind(self) -> str:
        return self.template.item_kind or "other"

    def validate(self, value: Any) -> list[Any] | None:
        if value is None:
            return None
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list):
            raise self._error(f"expected a list, got {type(value).__name__}")
        t = self.template
        if t.min_items is not None and len(value) < t.min_items:
            raise self._error(f"needs at least {t.min_items} items")
        if t.max_items is not None and len(value) > t.max_items:
            raise self._error(f"takes at most {t.max_items} items")
        item_class = FIELD_CLASSES.get(self.item_kind)
        if item_class is None or item_class is CollectionField:
            return super().validate(value)
        item_template = t.copy(kind=self.item_kind, is_collection=False, item_kind=None, min_items=None,
                               max_items=None)
        checker = item_class(item_template, None, label=f"{self.label} item")
        items = []
        for position, item in enumerate(value):
            try:
                normalized = checker.validate(item)
            except FieldValueError as exc:
                raise self._error(f"item {position}: {exc.problem}") from None
            if normalized is None and item_class is ImageField:
                raise self._error(f"item {position}: local files cannot be used in a list; upload them first")
            items.append(normalized)
        return items

    def describe(self) -> str:
        return f"list of {self.item_kind}"


FIELD_CLASSES: dict[str, type[WorkflowField]] = {
    "string": StringField,
    "integer": IntegerField,
    "float": FloatField,
    "boolean": BooleanField,
    "enum": EnumField,
    "color": ColorField,
    "image": ImageField,
    "board": BoardField,
    "model": ModelField,
    "collection": CollectionField,
    "other": OtherField,
}


def refine_template(template: FieldTemplate, settings: dict[str, Any] | None) -> FieldTemplate:
    """Apply a form element's settings (min/max, dropdown options, textarea) to a template."""
    if not settings:
        return template
    setting_type = settings.get("type")
    if setting_type in ("integer-field-config", "float-field-config") and template.kind in ("integer", "float"):
        changes: dict[str, Any] = {}
        low, high = settings.get("min"), settings.get("max")
        if isinstance(low, (int, float)) and not isinstance(low, bool):
            changes["minimum"] = low if template.minimum is None else max(low, template.minimum)
        if isinstance(high, (int, float)) and not isinstance(high, bool):
            changes["maximum"] = high if template.maximum is None else min(high, template.maximum)
        if settings.get("component"):
            changes["ui_component"] = settings["component"]
        return template.copy(**changes) if changes else template
    if setting_type == "string-field-config" and template.kind == "string":
        component = settings.get("component")
        if component == "dropdown":
            options = [o for o in settings.get("options") or [] if isinstance(o, dict) and "value" in o]
            if options:
                return template.copy(
                    kind="enum",
                    options=[o["value"] for o in options],
                    choice_labels={str(o["value"]): str(o.get("label") or o["value"]) for o in options},
                    ui_component="dropdown",
                )
        if component in ("input", "textarea"):
            return template.copy(ui_component=component)
    return template


def make_field(template: FieldTemplate, value: Any, *, label: str | None = None) -> WorkflowField:
    """The field object for a template (already refined) and the stored value."""
    cls = FIELD_CLASSES.get(template.kind, OtherField)
    if cls is EnumField and not template.options:
        cls = StringField if isinstance(value, str) or value is None else OtherField
    return cls(template, value, label=label)
