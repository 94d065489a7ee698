"""The published structured fields (`invokeai_py_client.ivk_fields.complex`): color, bounding box,
collection."""

from __future__ import annotations

from typing import Any, Generic, Iterator, Optional, TypeVar

from pydantic import Field, field_validator

from .base import IvkCollectionFieldMixin, IvkField, IvkModel

T = TypeVar("T")


class IvkColorField(IvkModel, IvkField[dict[str, int]]):
    """An RGBA color, 0-255 per component."""

    r: int = 0
    g: int = 0
    b: int = 0
    a: int = 255

    @field_validator("r", "g", "b", "a")
    @classmethod
    def validate_color_component(cls, v: int) -> int:
        if not 0 <= int(v) <= 255:
            raise ValueError(f"Color component {v} is outside 0..255")
        return int(v)

    def validate_field(self) -> bool:
        for v in (self.r, self.g, self.b, self.a):
            self.validate_color_component(v)
        return True

    def set_rgba(self, r: int, g: int, b: int, a: int = 255) -> None:
        self.r, self.g, self.b, self.a = r, g, b, a

    def set_hex(self, hex_color: str) -> None:
        text = hex_color.lstrip("#")
        if len(text) not in (6, 8):
            raise ValueError(f"Not a hex color: {hex_color!r}")
        parts = [int(text[i:i + 2], 16) for i in range(0, len(text), 2)]
        self.set_rgba(*parts) if len(parts) == 4 else self.set_rgba(*parts, 255)

    def to_hex(self, include_alpha: bool = False) -> str:
        parts = [self.r, self.g, self.b] + ([self.a] if include_alpha else [])
        return "#" + "".join(f"{p:02x}" for p in parts)

    def to_rgba(self) -> tuple[int, int, int, int]:
        return (self.r, self.g, self.b, self.a)

    def to_api_format(self) -> dict[str, Any]:
        return {"r": self.r, "g": self.g, "b": self.b, "a": self.a}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkColorField":
        return cls(r=data.get("r", 0), g=data.get("g", 0), b=data.get("b", 0), a=data.get("a", 255))


class IvkBoundingBoxField(IvkModel, IvkField[dict[str, Any]]):
    """A box in pixels (x_min < x_max, y_min < y_max), with an optional score."""

    x_min: int = 0
    x_max: int = 0
    y_min: int = 0
    y_max: int = 0
    score: Optional[float] = None

    def validate_field(self) -> bool:
        if self.x_min > self.x_max or self.y_min > self.y_max:
            raise ValueError("The box's minimum lies beyond its maximum")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError("The score must lie in 0..1")
        return True

    def set_box(self, x_min: int, x_max: int, y_min: int, y_max: int, score: Optional[float] = None) -> None:
        self.x_min, self.x_max, self.y_min, self.y_max, self.score = x_min, x_max, y_min, y_max, score
        self.validate_field()

    def get_box(self) -> tuple[int, int, int, int, Optional[float]]:
        return (self.x_min, self.x_max, self.y_min, self.y_max, self.score)

    def get_width(self) -> int:
        return self.x_max - self.x_min

    def get_height(self) -> int:
        return self.y_max - self.y_min

    def get_area(self) -> int:
        return self.get_width() * self.get_height()

    def to_api_format(self) -> dict[str, Any]:
        result: dict[str, Any] = {"x_min": self.x_min, "x_max": self.x_max, "y_min": self.y_min, "y_max": self.y_max}
        if self.score is not None:
            result["score"] = self.score
        return result

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkBoundingBoxField":
        return cls(**{k: data[k] for k in ("x_min", "x_max", "y_min", "y_max", "score") if k in data})


class IvkCollectionField(IvkModel, IvkField[list[T]], IvkCollectionFieldMixin[T], Generic[T]):
    """A list of values with optional length bounds and item type."""

    value: list[Any] = Field(default_factory=list)
    item_type: Optional[type] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    name: Optional[str] = None
    description: Optional[str] = None

    def validate_field(self) -> bool:
        if self.min_length is not None and len(self.value) < self.min_length:
            raise ValueError(f"At least {self.min_length} items are needed")
        if self.max_length is not None and len(self.value) > self.max_length:
            raise ValueError(f"At most {self.max_length} items are allowed")
        if self.item_type is not None and not all(isinstance(v, self.item_type) for v in self.value):
            raise TypeError(f"Every item must be a {self.item_type.__name__}")
        return True

    def append(self, item: T) -> None:
        if self.item_type is not None and not isinstance(item, self.item_type):
            raise TypeError(f"Expected a {self.item_type.__name__}, got {type(item).__name__}")
        super().append(item)

    def extend(self, items: list[T]) -> None:
        for item in items:
            self.append(item)

    def remove(self, item: T) -> None:
        super().remove(item)

    def clear(self) -> None:
        super().clear()

    def iter_items(self) -> Iterator[T]:
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, index: int) -> T:
        return self.value[index]

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkCollectionField[T]":
        return cls(value=list(data.get("value") or []))
