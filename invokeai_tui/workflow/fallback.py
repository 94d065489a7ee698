"""Guess a field's template when no server schema is at hand.

Used only offline (or for a node type the server does not know). It reads the JSON value
and a few well-known names; a server's schema always wins over these guesses.
"""

from __future__ import annotations

from typing import Any

from .schema import FieldTemplate, _start_case

# Inputs the built-in invocations declare as float; JSON writes 7.0 as 7, so the value alone lies.
KNOWN_FLOAT_NAMES = frozenset({
    "cfg_scale", "cfg_rescale_multiplier", "denoising_start", "denoising_end", "strength", "guidance",
    "weight", "begin_step_percent", "end_step_percent", "scale", "scale_factor", "radius", "a", "b",
    "amount", "positive_guidance", "negative_guidance", "noise_aug_strength",
})
KNOWN_INTEGER_NAMES = frozenset({"steps", "width", "height", "seed", "num_steps", "clip_skip", "tile_size"})
PRIMITIVE_NODE_KINDS = {"integer": "integer", "float": "float", "string": "string", "boolean": "boolean",
                        "color": "color", "image": "image"}
MODEL_NAME_HINTS = ("model", "_model", "vae", "lora", "unet", "transformer")


def _looks_like_model(value: Any) -> bool:
    return isinstance(value, dict) and "key" in value and ("base" in value or "name" in value)


def guess_field_template(node_type: str, field_name: str, instance: dict[str, Any]) -> FieldTemplate:
    value = instance.get("value")
    kind: str = "other"
    item_kind = None
    if field_name == "board" or (isinstance(value, dict) and set(value) == {"board_id"}) or (
        field_name.endswith("board") and value in ("auto", "none")
    ):
        kind = "board"
    elif _looks_like_model(value) or (value is None and (field_name == "model" or field_name.endswith("_model"))):
        kind = "model"
    elif isinstance(value, dict) and "image_name" in value:
        kind = "image"
    elif isinstance(value, dict) and "video_name" in value:
        kind = "video"
    elif isinstance(value, list) and value and all(isinstance(i, dict) and "lora" in i for i in value):
        kind = "lora_collection"
    elif value is None and field_name in ("image", "mask", "base_image", "control_image", "ref_image"):
        kind = "image"
    elif isinstance(value, dict) and {"r", "g", "b"} <= set(value):
        kind = "color"
    elif isinstance(value, bool):
        kind = "boolean"
    elif isinstance(value, int):
        kind = "float" if field_name in KNOWN_FLOAT_NAMES or (node_type == "float" and field_name == "value") else "integer"
    elif isinstance(value, float):
        kind = "integer" if field_name in KNOWN_INTEGER_NAMES and value.is_integer() else "float"
    elif isinstance(value, str):
        kind = "string"
    elif isinstance(value, list):
        kind = "collection"
        first = value[0] if value else None
        item_kind = ("image" if isinstance(first, dict) and "image_name" in first else
                     "integer" if isinstance(first, int) and not isinstance(first, bool) else
                     "float" if isinstance(first, float) else
                     "string" if isinstance(first, str) else "other")
    elif value is None and field_name == "value" and node_type in PRIMITIVE_NODE_KINDS:
        kind = PRIMITIVE_NODE_KINDS[node_type]
    type_name = {
        "string": "StringField", "integer": "IntegerField", "float": "FloatField", "boolean": "BooleanField",
        "image": "ImageField", "video": "VideoField", "lora_collection": "LoRAField", "board": "BoardField",
        "model": "ModelIdentifierField", "color": "ColorField",
    }.get(kind, "Unknown")
    return FieldTemplate(
        name=field_name,
        title=_start_case(field_name),
        type_name=type_name,
        is_collection=kind == "collection",
        kind=kind,
        item_kind=item_kind,
        from_schema=False,
    )
