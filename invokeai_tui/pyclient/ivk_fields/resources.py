"""The published resource fields (`invokeai_py_client.ivk_fields.resources`): references to
server-side images, boards, latents, tensors, masks and metadata."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from .base import IvkField, IvkImageFieldMixin, ValueField


class NamedReference(ValueField):
    """A field whose value is a server-side name: API form {"value": {KEY: name}, "type": TYPE}."""

    KEY: ClassVar[str] = "name"
    TYPE: ClassVar[str] = ""

    value: Optional[str] = None

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)

    def _api_value(self) -> Optional[dict[str, Any]]:
        return {self.KEY: self.value} if self.value else None

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self._api_value(), "type": self.TYPE}

    @classmethod
    def _name_of(cls, data: dict[str, Any]) -> Optional[str]:
        value = data.get("value")
        return value.get(cls.KEY) if isinstance(value, dict) else value

    @classmethod
    def from_api_format(cls, data: dict[str, Any]):
        return cls(value=cls._name_of(data))


class IvkImageField(NamedReference, IvkField[str], IvkImageFieldMixin):
    """An image by name (or a local file path, sent by `upload(client)`)."""

    KEY: ClassVar[str] = "image_name"
    TYPE: ClassVar[str] = "image"
    is_uploaded: bool = False

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkImageField":
        return cls(value=cls._name_of(data), is_uploaded=data.get("is_uploaded", True))


class IvkBoardField(NamedReference, IvkField[str]):
    """A board id ("none" = uncategorized)."""

    KEY: ClassVar[str] = "board_id"
    TYPE: ClassVar[str] = "board"


class IvkLatentsField(NamedReference, IvkField[str]):
    KEY: ClassVar[str] = "latents_name"
    TYPE: ClassVar[str] = "latents"
    seed: Optional[int] = None

    def _api_value(self) -> Optional[dict[str, Any]]:
        body: dict[str, Any] = {"latents_name": self.value} if self.value else {}
        if self.seed is not None:
            body["seed"] = self.seed
        return body or None

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkLatentsField":
        value = data.get("value") or {}
        return cls(value=value.get("latents_name"), seed=value.get("seed")) if isinstance(value, dict) else cls()


class IvkTensorField(NamedReference, IvkField[str]):
    KEY: ClassVar[str] = "tensor_name"
    TYPE: ClassVar[str] = "tensor"


class IvkDenoiseMaskField(ValueField, IvkField[dict[str, Any]]):
    """An inpainting mask: mask tensor, masked latents, gradient flag."""

    value: Optional[dict[str, Any]] = None
    mask_name: Optional[str] = None
    masked_latents_name: Optional[str] = None
    gradient: bool = False

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        if self.value is None and self.mask_name:
            self.value = {"mask_name": self.mask_name, "masked_latents_name": self.masked_latents_name,
                          "gradient": self.gradient}

    def validate_field(self) -> bool:
        if self.value is not None and not (self.value.get("mask_name") or self.mask_name):
            raise ValueError("A denoise mask needs a mask_name")
        return True

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value, "type": "denoise_mask"}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkDenoiseMaskField":
        mask = data.get("value") or {}
        return cls(mask_name=mask.get("mask_name"), masked_latents_name=mask.get("masked_latents_name"),
                   gradient=mask.get("gradient", False))


class IvkMetadataField(ValueField, IvkField[dict[str, Any]]):
    value: Optional[dict[str, Any]] = None

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value, "type": "metadata"}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkMetadataField":
        return cls(value=data.get("value") or {})
