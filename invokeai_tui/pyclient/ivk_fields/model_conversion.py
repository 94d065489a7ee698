"""The published model conversion helpers (`invokeai_py_client.ivk_fields.model_conversion`):
between a model record (anything with key/hash/name/base/type) and a model identifier field."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..dnn_model.dnn_model_types import text_of
from .models import IvkModelIdentifierField


@runtime_checkable
class ModelLike(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def hash(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def base(self) -> str: ...

    @property
    def type(self) -> str: ...


def to_ivk_model_field(model: ModelLike) -> IvkModelIdentifierField:
    return IvkModelIdentifierField(key=model.key, hash=model.hash or "", name=model.name, base=text_of(model.base),
                                   type=text_of(model.type))


def from_ivk_model_field(field: IvkModelIdentifierField) -> dict[str, str]:
    return {"key": field.key, "hash": field.hash, "name": field.name, "base": text_of(field.base),
            "type": text_of(field.type)}


def is_model_compatible(model: ModelLike, base_type: str, model_type: str | None = None) -> bool:
    if text_of(model.base) != base_type:
        return False
    return model_type is None or text_of(model.type) == model_type
