"""The Wan 2.2 default workflows the end-to-end tests run, and the small settings they run them at with
the tiny Wan models (scripts/tiny_models_wan.py): 9 frames, 2 steps; text to video at 64x64, image to
video from a 64x64 image (its sizing node's smallest target, 480p, makes that 480x480)."""

from __future__ import annotations

from typing import Any

TEXT_TO_VIDEO = "default_wan22_t2v_lightning"
IMAGE_TO_VIDEO = "default_wan22_i2v_lightning"
FRAMES = 9
PROMPT = "a cat walking on the beach"

# (input label, value); a value "@model:NAME" is the installed model of that name.
TEXT_TO_VIDEO_SETTINGS = [
    ("Prompt", PROMPT), ("Width", 64), ("Height", 64), ("Steps", 2), ("Frames", FRAMES),
    ("Transformer (High Noise)", "@model:tiny-wan-t2v-a14b"),
    ("Lightning LoRA (High Noise)", "@model:tiny-wan-lora-high_noise"),
    ("Lightning LoRA (Low Noise)", "@model:tiny-wan-lora-low_noise"),
]
IMAGE_TO_VIDEO_SETTINGS = [
    ("Prompt", PROMPT), ("Video Resolution", "480p"), ("Steps", 2), ("Frames", FRAMES),
    ("Transformer (High Noise)", "@model:tiny-wan-i2v-a14b"),
    ("Lightning LoRA (High Noise)", "@model:tiny-wan-lora-high_noise"),
    ("Lightning LoRA (Low Noise)", "@model:tiny-wan-lora-low_noise"),
]
IMAGE_LABEL = "Starting Image"


def input_index(handle: Any, label: str) -> int:
    """The index of the one input with this label."""
    found = [i.input_index for i in handle.list_inputs() if i.label == label]
    assert len(found) == 1, (label, found)
    return found[0]


def resolve(value: Any, models: list[Any]) -> Any:
    """A setting's value: "@model:NAME" becomes that model's record."""
    if isinstance(value, str) and value.startswith("@model:"):
        name = value.removeprefix("@model:")
        return next(m for m in models if m.name == name)
    return value


def apply_settings(handle: Any, settings: list[tuple[str, Any]], models: list[Any]) -> None:
    for label, value in settings:
        handle.set_input_value(input_index(handle, label), resolve(value, models))


EXTEND_VIDEO = "default_wan22_extend_video_lightning"
VIDEO_LABEL = "Initial Video"
EXTEND_VIDEO_SETTINGS = IMAGE_TO_VIDEO_SETTINGS  # the same controls; the video comes in instead of an image
TEXT_TO_VIDEO_CONCEPT = "default_wan22_t2v_lightning_concept"
CONCEPT_LORAS_LABEL = "LoRAs"
