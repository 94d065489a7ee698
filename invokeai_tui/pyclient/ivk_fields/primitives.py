"""The published primitive fields (`invokeai_py_client.ivk_fields.primitives`)."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Optional

from .base import IvkField, ValueField


class IvkStringField(ValueField, IvkField[str]):
    CHECK: ClassVar[str] = "validate_string_constraints"
    value: Optional[str] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    pattern: Optional[str] = None

    @classmethod
    def validate_string_constraints(cls, v: Optional[str], info: Any) -> Optional[str]:
        if v is None:
            return v
        data = info.data
        if data.get("min_length") is not None and len(v) < data["min_length"]:
            raise ValueError(f"String shorter than {data['min_length']}")
        if data.get("max_length") is not None and len(v) > data["max_length"]:
            raise ValueError(f"String longer than {data['max_length']}")
        if data.get("pattern") and not re.match(data["pattern"], v):
            raise ValueError(f"String does not match {data['pattern']!r}")
        return v



class IvkIntegerField(ValueField, IvkField[int]):
    CHECK: ClassVar[str] = "validate_integer_constraints"
    value: Optional[int] = None
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    multiple_of: Optional[int] = None

    @classmethod
    def validate_integer_constraints(cls, v: Optional[int], info: Any) -> Optional[int]:
        if v is None:
            return v
        _check_bounds(v, info.data)
        if info.data.get("multiple_of") and v % info.data["multiple_of"]:
            raise ValueError(f"{v} is not a multiple of {info.data['multiple_of']}")
        return v



class IvkFloatField(ValueField, IvkField[float]):
    CHECK: ClassVar[str] = "validate_float_constraints"
    value: Optional[float] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None

    @classmethod
    def validate_float_constraints(cls, v: Optional[float], info: Any) -> Optional[float]:
        if v is not None:
            _check_bounds(v, info.data)
        return v



class IvkBooleanField(ValueField, IvkField[bool]):
    value: Optional[bool] = None


def _check_bounds(v: float, data: dict[str, Any]) -> None:
    if data.get("minimum") is not None and v < data["minimum"]:
        raise ValueError(f"{v} is below the minimum {data['minimum']}")
    if data.get("maximum") is not None and v > data["maximum"]:
        raise ValueError(f"{v} is above the maximum {data['maximum']}")
