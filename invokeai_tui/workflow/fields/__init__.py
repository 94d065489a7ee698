"""Typed workflow fields: one class per kind, each validating what is assigned to `.value`.

base.py: the field every kind shares; values.py: text, numbers, booleans, choices, colors;
media.py: images and videos (a server name or a local file); references.py: boards and models on
the server; lora_collection.py: LoRAs with weights; collection.py: lists, and `make_field`
(template + stored value -> field); form_settings.py: a form element's settings on a template.
"""

from .base import OtherField, WorkflowField
from .collection import FIELD_CLASSES, CollectionField, make_field
from .form_settings import refine_template
from .lora_collection import LoRACollectionField
from .media import ImageField, MediaField, VideoField
from .references import BOARD_SENTINELS, MODEL_KEYS, BoardField, ModelField
from .values import BooleanField, ColorField, EnumField, FloatField, IntegerField, StringField

__all__ = [
    "WorkflowField", "OtherField", "StringField", "IntegerField", "FloatField", "BooleanField", "EnumField",
    "ColorField", "ImageField", "VideoField", "MediaField", "BoardField", "ModelField", "CollectionField",
    "LoRACollectionField",
    "FIELD_CLASSES", "BOARD_SENTINELS", "MODEL_KEYS", "make_field", "refine_template",
]
