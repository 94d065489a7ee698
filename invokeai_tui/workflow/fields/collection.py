"""List fields, and the kind -> field class table they check their items with."""

from __future__ import annotations

from typing import Any

from ..errors import FieldValueError
from ..schema import FieldTemplate
from .base import OtherField, WorkflowField
from .lora_collection import LoRACollectionField
from .media import ImageField, MediaField, VideoField
from .references import BoardField, ModelField
from .values import BooleanField, ColorField, EnumField, FloatField, IntegerField, StringField


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
            if normalized is None and issubclass(item_class, MediaField):
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
    "video": VideoField,
    "board": BoardField,
    "model": ModelField,
    "collection": CollectionField,
    "lora_collection": LoRACollectionField,
    "other": OtherField,
}


def make_field(template: FieldTemplate, value: Any, *, label: str | None = None) -> WorkflowField:
    """The field object for a template (already refined) and the stored value."""
    cls = FIELD_CLASSES.get(template.kind, OtherField)
    if cls is EnumField and not template.options:
        cls = StringField if isinstance(value, str) or value is None else OtherField
    return cls(template, value, label=label)
