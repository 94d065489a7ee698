"""The published model fields (`invokeai_py_client.ivk_fields.models`): a model identifier, and
the UNet / CLIP / transformer / LoRA fields that graphs pass between nodes."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from pydantic import Field, field_validator

from ..dnn_model.dnn_model_types import BaseDnnModelType, DnnModelType, enum_or_text, text_of
from .base import IvkField, IvkModel


class IvkModelIdentifierField(IvkModel, IvkField[dict[str, Any]]):
    """A model reference: key, hash, name, base, type (what a graph's model input holds)."""

    key: str = ""
    hash: str = ""
    name: str = ""
    base: BaseDnnModelType | str = BaseDnnModelType.Any
    type: DnnModelType | str = DnnModelType.Main
    submodel_type: Optional[str] = None

    _base = field_validator("base", mode="before")(lambda v: enum_or_text(BaseDnnModelType, v))
    _type = field_validator("type", mode="before")(lambda v: enum_or_text(DnnModelType, v))

    def validate_field(self) -> bool:
        if not self.key:
            raise ValueError("A model identifier needs a key")
        return True

    def to_api_format(self) -> dict[str, Any]:
        return {"key": self.key, "hash": self.hash, "name": self.name, "base": text_of(self.base),
                "type": text_of(self.type), "submodel_type": self.submodel_type}

    def identifier(self) -> dict[str, Any]:
        """The identifier the workflow engine takes for a model input."""
        return {k: v for k, v in self.to_api_format().items() if v is not None}

    @classmethod
    def from_api_format(cls, data: dict[str, Any]) -> "IvkModelIdentifierField":
        return cls(**{k: v for k, v in data.items() if k in cls.model_fields and v is not None})


# The published aliases: every model input is an identifier.
IvkSDXLModelField = IvkModelIdentifierField
IvkFluxModelField = IvkModelIdentifierField
IvkT5EncoderField = IvkModelIdentifierField
IvkCLIPEmbedField = IvkModelIdentifierField
IvkVAEModelField = IvkModelIdentifierField


class _Composite(IvkModel):
    """A field whose API form is its own (non-empty) attributes under their API names."""

    API_NAMES: ClassVar[dict[str, str]] = {}

    def validate_field(self) -> bool:
        return True

    def to_api_format(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for attr in type(self).model_fields:
            value = getattr(self, attr)
            if value is not None:
                out[self.API_NAMES.get(attr, attr)] = value
        return out

    @classmethod
    def from_api_format(cls, data: dict[str, Any]):
        back = {api: attr for attr, api in cls.API_NAMES.items()}
        return cls(**{back.get(k, k): v for k, v in data.items() if back.get(k, k) in cls.model_fields})


class IvkUNetField(_Composite, IvkField[dict[str, Any]]):
    API_NAMES: ClassVar[dict[str, str]] = {"unet_model": "unet"}
    unet_model: Optional[dict[str, str]] = None
    scheduler: Optional[dict[str, str]] = None
    loras: list[dict[str, Any]] = Field(default_factory=list)
    seamless_axes: list[str] = Field(default_factory=list)
    freeu_config: Optional[dict[str, Any]] = None


class IvkCLIPField(_Composite, IvkField[dict[str, Any]]):
    tokenizer: Optional[dict[str, str]] = None
    text_encoder: Optional[dict[str, str]] = None
    skipped_layers: int = 0
    loras: list[dict[str, Any]] = Field(default_factory=list)


class IvkTransformerField(_Composite, IvkField[dict[str, Any]]):
    API_NAMES: ClassVar[dict[str, str]] = {"transformer_model": "transformer"}
    transformer_model: Optional[dict[str, str]] = None
    loras: list[dict[str, Any]] = Field(default_factory=list)


class IvkLoRAField(_Composite, IvkField[dict[str, Any]]):
    API_NAMES: ClassVar[dict[str, str]] = {"lora_model": "lora"}
    lora_model: Optional[dict[str, str]] = None
    weight: float = 1.0
