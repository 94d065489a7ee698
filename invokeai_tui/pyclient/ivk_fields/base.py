"""The published field base classes (`invokeai_py_client.ivk_fields.base`).

The Ivk*Field classes are plain value objects: scripts build them and hand them to
`WorkflowHandle.set_input_value` (which takes their value), or read them as records. The workflow
engine's own fields (what `get_input_value` returns here) do the typing and validation against the
server's schema.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Iterator, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator

from ... import atomic_files

if TYPE_CHECKING:
    from ..client import InvokeAIClient

T = TypeVar("T")


class IvkField(Generic[T]):
    """Base of every field: validate, convert to and from the API's {"value": ...} form."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def validate_field(self) -> bool:
        raise NotImplementedError("Subclass must implement validate_field()")

    def to_api_format(self) -> dict[str, Any]:
        raise NotImplementedError("Subclass must implement to_api_format()")

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkField[T]":
        raise NotImplementedError("Subclass must implement from_api_format()")

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> "IvkField[T]":
        raise NotImplementedError("Subclass must implement from_json_dict()")

    def to_json_dict(self) -> dict[str, Any]:
        raise NotImplementedError("Subclass must implement to_json_dict()")


class PydanticFieldMixin:
    """JSON conversion for the fields that are pydantic models."""

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Any:
        if issubclass(cls, BaseModel):
            return cls.model_validate(data)
        return cls(**data)

    def to_json_dict(self) -> dict[str, Any]:
        if isinstance(self, BaseModel):
            return self.model_dump(exclude_none=False)
        return dict(self.__dict__)


class IvkImageFieldMixin:
    """Upload a local image (the value is a file path) or download the named image."""

    value: Any

    async def upload(self, client: "InvokeAIClient") -> str:
        path = Path(str(self.value))
        if not path.is_file():
            raise FileNotFoundError(f"Image file not found: {path}")
        handle = await asyncio.to_thread(client.board_repo.get_uncategorized_handle)
        image = await asyncio.to_thread(handle.upload_image, str(path))
        self.value = image.image_name
        if hasattr(self, "is_uploaded"):
            self.is_uploaded = True
        return image.image_name

    async def download(self, client: "InvokeAIClient", output_path: Path | None = None) -> Path:
        name = str(self.value)
        handle = await asyncio.to_thread(client.board_repo.get_uncategorized_handle)
        data = await asyncio.to_thread(handle.download_image, name)
        target = Path(output_path) if output_path is not None else Path(name)
        # Overwrites as published, but never leaves a half-written file.
        await asyncio.to_thread(atomic_files.write_bytes, target, data)
        return target


class IvkCollectionFieldMixin(Generic[T]):
    """List operations for collection fields (`value` is the list)."""

    value: list[Any]
    max_length: int | None
    min_length: int | None

    def append(self, item: T) -> None:
        if self.max_length is not None and len(self.value) >= self.max_length:
            raise ValueError(f"Collection cannot hold more than {self.max_length} items")
        self.value.append(item)

    def remove(self, item: T) -> None:
        if self.min_length is not None and len(self.value) <= self.min_length:
            raise ValueError(f"Collection must hold at least {self.min_length} items")
        self.value.remove(item)

    def clear(self) -> None:
        self.value.clear()

    def __len__(self) -> int:
        return len(self.value)

    def iter_items(self) -> Iterator[T]:
        return iter(self.value)


class IvkModel(BaseModel, PydanticFieldMixin):
    """Common pydantic settings of the field classes: assignment is validated."""

    model_config = ConfigDict(validate_assignment=True, arbitrary_types_allowed=True, extra="ignore")

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)


class ValidationInfoOf:
    """What a published `validate_*(v, info)` classmethod reads (`info.data`), for a built field."""

    def __init__(self, model: BaseModel) -> None:
        self.data = model.model_dump()


class ValueField(IvkModel):
    """A field whose API form is {"value": value}. CHECK names the published classmethod
    `(v, info) -> v` that validates the value against the other attributes (bounds, choices);
    it runs on construction, on every assignment and in validate_field()."""

    CHECK: ClassVar[str | None] = None

    value: Any = None
    name: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _check_value(self):
        if self.CHECK is not None:
            getattr(type(self), self.CHECK)(self.value, ValidationInfoOf(self))
        return self

    def validate_field(self) -> bool:
        self._check_value()
        return True

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]):
        return cls(value=data.get("value"))
