"""The published conditioning fields (`invokeai_py_client.ivk_fields.conditioning`): references
to conditioning tensors the server made (SD, FLUX and its variants, SD3, CogView4)."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from .base import IvkField, ValueField
from .resources import NamedReference


class _MaskedConditioning(NamedReference):
    """{"conditioning_name": value, "mask": {"tensor_name": mask}?}"""

    KEY: ClassVar[str] = "conditioning_name"
    mask: Optional[str] = None

    def _api_value(self) -> Optional[dict[str, Any]]:
        body: dict[str, Any] = {"conditioning_name": self.value} if self.value else {}
        if self.mask:
            body["mask"] = {"tensor_name": self.mask}
        return body or None

    @classmethod
    def from_api_format(cls, data: dict[str, Any]):
        value = data.get("value") or {}
        mask = value.get("mask") if isinstance(value, dict) else None
        return cls(value=cls._name_of(data), mask=mask.get("tensor_name") if isinstance(mask, dict) else None)


class IvkConditioningField(_MaskedConditioning, IvkField[str]):
    TYPE: ClassVar[str] = "conditioning"


class IvkFluxConditioningField(_MaskedConditioning, IvkField[str]):
    TYPE: ClassVar[str] = "flux_conditioning"


class IvkSD3ConditioningField(NamedReference, IvkField[str]):
    KEY: ClassVar[str] = "conditioning_name"
    TYPE: ClassVar[str] = "sd3_conditioning"


class IvkCogView4ConditioningField(NamedReference, IvkField[str]):
    KEY: ClassVar[str] = "conditioning_name"
    TYPE: ClassVar[str] = "cogview4_conditioning"


class _ComposedConditioning(ValueField):
    """A dict value composed from named parts: PARTS maps an attribute to (API key, name key)."""

    PARTS: ClassVar[dict[str, tuple[str, str]]] = {}
    TYPE: ClassVar[str] = ""
    value: Optional[dict[str, Any]] = None

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        if self.value is None:
            parts = {api: {key: getattr(self, attr)} for attr, (api, key) in self.PARTS.items() if getattr(self, attr)}
            self.value = parts or None

    def to_api_format(self) -> dict[str, Any]:
        return {"value": self.value, "type": self.TYPE}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]):
        value = data.get("value") or {}
        parts = {attr: (value.get(api) or {}).get(key) for attr, (api, key) in cls.PARTS.items()
                 if isinstance(value.get(api), dict)}
        return cls(value=value or None, **parts)


class IvkFluxReduxConditioningField(_ComposedConditioning, IvkField[dict[str, Any]]):
    PARTS: ClassVar[dict[str, tuple[str, str]]] = {"conditioning": ("conditioning", "tensor_name"),
                                                    "mask": ("mask", "tensor_name")}
    TYPE: ClassVar[str] = "flux_redux_conditioning"
    conditioning: Optional[str] = None
    mask: Optional[str] = None


class IvkFluxFillConditioningField(_ComposedConditioning, IvkField[dict[str, Any]]):
    PARTS: ClassVar[dict[str, tuple[str, str]]] = {"image": ("image", "image_name"), "mask": ("mask", "tensor_name")}
    TYPE: ClassVar[str] = "flux_fill_conditioning"
    image: Optional[str] = None
    mask: Optional[str] = None


class IvkFluxKontextConditioningField(_ComposedConditioning, IvkField[dict[str, Any]]):
    PARTS: ClassVar[dict[str, tuple[str, str]]] = {"image": ("image", "image_name")}
    TYPE: ClassVar[str] = "flux_kontext_conditioning"
    image: Optional[str] = None
