"""A model's default settings as the edit dialog shows them: which fields its type (and base) has, and
the server's own rules for each value (InvokeAI 6.14's MainModelDefaultSettings and
LoraModelDefaultSettings), so a bad value is named before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...client.records import DnnModel
from ...generate import controls as gc

VAE_PRECISIONS = ("fp16", "fp32")
LORA_WEIGHT_RANGE = (-1.0, 2.0)  # the server's slider bounds when the model sets none


@dataclass(frozen=True)
class SettingField:
    """One default setting: `kind` is "int", "float", "choice" or "vae"."""

    key: str
    label: str
    kind: str
    rule: str = ""  # the server's rule, shown as the field's placeholder


MAIN_FIELDS = (
    SettingField("vae", "VAE", "vae"),
    SettingField("vae_precision", "VAE precision", "choice"),
    SettingField("scheduler", "Scheduler", "choice"),
    SettingField("steps", "Steps", "int", "a whole number > 0"),
    SettingField("cfg_scale", "CFG scale", "float", "a number ≥ 1"),
    SettingField("cfg_rescale_multiplier", "CFG rescale", "float", "0 ≤ number < 1"),
    SettingField("guidance", "Guidance", "float", "a number ≥ 1"),
    SettingField("width", "Width", "int", "a multiple of 8, ≥ 64"),
    SettingField("height", "Height", "int", "a multiple of 8, ≥ 64"),
)
LORA_FIELDS = (SettingField("weight", "Weight", "float", "a number from -1 to 2"),)
# Which generate control shows each main-model field; width and height every base has.
CONTROL_OF = {"vae": gc.VAE, "vae_precision": gc.VAE_PRECISION, "scheduler": gc.SCHEDULER, "steps": gc.STEPS,
              "cfg_scale": gc.CFG, "cfg_rescale_multiplier": gc.CFG_RESCALE, "guidance": gc.GUIDANCE}


def setting_fields(model: DnnModel) -> tuple[SettingField, ...]:
    """The default settings this model's type has; for a main model of a known base only the ones the
    base uses (a FLUX model has guidance, no CFG rescale). A field that already holds a value stays."""
    if model.type == "lora":
        return LORA_FIELDS
    if model.type != "main":
        return ()
    if gc.controls_for(model.base) is None:
        return MAIN_FIELDS
    shown = gc.model_controls(model)
    current = model.default_settings or {}
    return tuple(f for f in MAIN_FIELDS
                 if f.key not in CONTROL_OF or CONTROL_OF[f.key] in shown or current.get(f.key) is not None)


def scheduler_choices(model: DnnModel) -> tuple[str, ...]:
    controls = gc.controls_for(model.base)
    return controls.schedulers if controls and controls.schedulers else gc.SD_SCHEDULERS


def parse_setting(field: SettingField, text: str) -> tuple[Any, str | None]:
    """(value, problem) for what was typed; an empty field is None (no default)."""
    text = text.strip()
    if not text:
        return None, None
    if field.kind == "int":
        try:
            value: Any = int(text)
        except ValueError:
            return None, f"{field.label}: {text!r} is not a whole number."
    elif field.kind == "float":
        try:
            value = float(text)
        except ValueError:
            return None, f"{field.label}: {text!r} is not a number."
    else:
        return text, None
    return value, rule_problem(field, value)


def rule_problem(field: SettingField, value: Any) -> str | None:
    """The server's rule for the value, broken: a sentence; else None."""
    key, label = field.key, field.label
    if key == "steps" and value <= 0:
        return f"{label} must be greater than 0."
    if key in ("cfg_scale", "guidance") and value < 1:
        return f"{label} must be 1 or more."
    if key == "cfg_rescale_multiplier" and not 0 <= value < 1:
        return f"{label} must be at least 0 and less than 1."
    if key in ("width", "height") and (value < 64 or value % 8):
        return f"{label} must be a multiple of 8 and at least 64."
    if key == "weight" and not LORA_WEIGHT_RANGE[0] <= value <= LORA_WEIGHT_RANGE[1]:
        return f"{label} must be from {LORA_WEIGHT_RANGE[0]:g} to {LORA_WEIGHT_RANGE[1]:g}."
    return None


def show_setting(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value)


def merged_settings(model: DnnModel, edited: dict[str, Any]) -> dict[str, Any]:
    """The whole object to send (the server replaces it): what the model has, with the edited fields."""
    return {**(model.default_settings or {}), **edited}


def split_phrases(text: str) -> list[str]:
    """Trigger phrases typed as one line, separated by commas (a phrase holds no comma)."""
    seen: list[str] = []
    for phrase in (p.strip() for p in text.split(",")):
        if phrase and phrase not in seen:
            seen.append(phrase)
    return seen
