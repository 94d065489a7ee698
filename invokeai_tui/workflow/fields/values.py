"""Fields holding plain values: text, numbers, booleans, choices and colors."""

from __future__ import annotations

import math
import re
from typing import Any

from .base import WorkflowField, _num


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
