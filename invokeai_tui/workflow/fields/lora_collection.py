"""A list of LoRAs with their weights (a `LoRAField` collection, e.g. Wan 2.2's "Apply LoRA Collection"):
the web UI edits it as LoRA + weight rows; the value is `[{"lora": identifier, "weight": w}, ...]`."""

from __future__ import annotations

import math
from typing import Any

from ..errors import FieldValueError
from .base import WorkflowField
from .references import ModelField

DEFAULT_LORA_WEIGHT = 0.75  # the web UI adds a LoRA with `weight ?? 0.75`


class LoRACollectionField(WorkflowField):
    """LoRAs of the template's bases (`ui_model_base`), each with a weight. Items may be given as
    {"lora": model, "weight": w}, (model, weight) pairs, or bare models (weight 0.75); a model is a
    record or an identifier dict, as for model fields."""

    kind = "lora_collection"

    def _empty(self) -> list[dict[str, Any]]:
        return []

    def _model_checker(self) -> ModelField:
        template = self.template.copy(kind="model", is_collection=False, is_collection_or_scalar=False,
                                      model_types=self.template.model_types or ["lora"])
        return ModelField(template, None, label=self.label)

    def fits(self, model: Any) -> bool:
        """Whether a model may be added to this list."""
        return self._model_checker().fits(model)

    def validate(self, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if isinstance(value, dict) and "lora" in value:
            value = [value]  # the input takes a single LoRA too
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list):
            raise self._error(f"expected a list of LoRAs with weights, got {type(value).__name__}")
        checker = self._model_checker()
        items = []
        for position, item in enumerate(value):
            model, weight = self._split(item)
            try:
                identifier = checker.validate(model)
            except FieldValueError as exc:
                raise self._error(f"LoRA {position}: {exc.problem}") from None
            if identifier is None:
                raise self._error(f"LoRA {position}: no model given")
            items.append({"lora": identifier, "weight": self._weight(position, weight)})
        keys = [item["lora"]["key"] for item in items]
        if len(set(keys)) != len(keys):
            raise self._error("a LoRA is listed twice")
        return items

    @staticmethod
    def _split(item: Any) -> tuple[Any, Any]:
        if isinstance(item, dict) and "lora" in item:
            return item["lora"], item.get("weight", DEFAULT_LORA_WEIGHT)
        if isinstance(item, (list, tuple)) and len(item) == 2:
            return item[0], item[1]
        return item, DEFAULT_LORA_WEIGHT

    def _weight(self, position: int, weight: Any) -> float:
        if isinstance(weight, str):
            try:
                weight = float(weight.strip())
            except ValueError:
                raise self._error(f"LoRA {position}: the weight must be a number, got {weight!r}") from None
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise self._error(f"LoRA {position}: the weight must be a number, got {weight!r}")
        return float(weight)

    @property
    def loras(self) -> list[dict[str, Any]]:
        return list(self._value) if isinstance(self._value, list) else []

    def describe(self) -> str:
        bases = self.template.model_bases
        return f"LoRAs with weights ({', '.join(bases)})" if bases else "LoRAs with weights"
