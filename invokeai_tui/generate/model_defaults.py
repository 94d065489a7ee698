"""What the web UI does to the parameters when a model is picked, when "Use default settings" is pressed,
and when an aspect-ratio preset is chosen (reference §1.5, §5). Pure functions over `GenerateParams`:
the app calls them and shows what they say.
"""

from __future__ import annotations

from typing import Any, Iterable

from .controls import BASES, fit_to_base, snap_side
from .params import GenerateParams, ModelRef

# The web UI's aspect-ratio presets (width : height); "free" keeps the size as typed.
ASPECT_RATIOS: dict[str, float | None] = {
    "free": None, "21:9": 21 / 9, "16:9": 16 / 9, "3:2": 3 / 2, "4:3": 4 / 3, "1:1": 1.0,
    "3:4": 3 / 4, "2:3": 2 / 3, "9:16": 9 / 16, "9:21": 9 / 21,
}


def size_for_aspect(base: str | None, ratio: float, area: int | None = None) -> tuple[int, int]:
    """The size of ``ratio`` (width/height) at ``area`` (default: the base's optimal area), on the grid."""
    controls = BASES.get(base or "")
    side = controls.optimal_side if controls else 512
    area = area or side * side
    width = (area * ratio) ** 0.5
    height = width / ratio
    return snap_side(base or "", round(width)), snap_side(base or "", round(height))


def select_model(params: GenerateParams, model: ModelRef) -> tuple[GenerateParams, list[str]]:
    """Pick ``model`` (listeners/modelSelected.ts): on a base change, other-base LoRAs are disabled, an
    other-base VAE is cleared and the size re-fitted to the base. Returns the params and what changed."""
    changes: list[str] = []
    update: dict[str, Any] = {"model": model}
    old_base = params.base
    if old_base != model.base:
        loras = []
        for lora in params.loras:
            if lora.model.base != model.base and lora.enabled:
                lora = lora.model_copy(update={"enabled": False})
                changes.append(f"LoRA {lora.model.name} disabled ({lora.model.base})")
            loras.append(lora)
        update["loras"] = loras
        if params.vae is not None and params.vae.base != model.base:
            update["vae"] = None
            changes.append(f"VAE {params.vae.name} cleared ({params.vae.base})")
        width, height = fit_to_base(model.base, params.width, params.height)
        if (width, height) != (params.width, params.height):
            changes.append(f"size {width}×{height}")
        update["width"], update["height"] = width, height
        if model.base in ("sd-1", "sd-2"):
            update["clip_skip"] = min(params.clip_skip, 12 if model.base == "sd-1" else 24)
    return params.model_copy(update=update), changes


def describe_defaults(defaults: dict[str, Any] | None) -> str:
    """The model's default settings in one line ("steps 30 · cfg 7.5 · 512×512"), or ''."""
    if not defaults:
        return ""
    parts = []
    for key, label in (("steps", "steps"), ("cfg_scale", "cfg"), ("guidance", "guidance"),
                       ("scheduler", "scheduler"), ("vae", "vae"), ("vae_precision", "vae precision"),
                       ("cfg_rescale_multiplier", "cfg rescale")):
        if defaults.get(key) is not None:
            parts.append(f"{label} {defaults[key]}")
    if defaults.get("width") and defaults.get("height"):
        parts.append(f"{defaults['width']}×{defaults['height']}")
    return " · ".join(parts)


def apply_default_settings(params: GenerateParams, defaults: dict[str, Any] | None,
                           installed: Iterable[ModelRef]) -> tuple[GenerateParams, list[str], str | None]:
    """The "Use default settings" button (listeners/setDefaultSettings.ts). Returns the new params, the
    names of what was set, and why nothing was applied (None when applied). A `vae` naming a model that
    is not installed stops the whole listener, as in the web UI; invalid values are skipped."""
    if not defaults or params.model is None:
        return params, [], "the model has no default settings"
    base = params.model.base
    update: dict[str, Any] = {}
    vae = defaults.get("vae")
    if vae:
        if vae == "default":
            update["vae"] = None
        else:
            match = next((m for m in installed if m.key == vae), None)
            if match is None:
                return params, [], f"its default VAE ({vae}) is not installed: nothing applied"
            update["vae"] = match
    if defaults.get("vae_precision") in ("fp16", "fp32"):
        update["vae_precision"] = defaults["vae_precision"]
    if _number(defaults.get("guidance"), minimum=1):
        update["guidance"] = float(defaults["guidance"])
    if _number(defaults.get("cfg_scale"), minimum=1):
        update["cfg_scale"] = float(defaults["cfg_scale"])
    rescale = defaults.get("cfg_rescale_multiplier")
    update["cfg_rescale_multiplier"] = float(rescale) if _number(rescale, minimum=0, below=1) else 0.0
    if _number(defaults.get("steps"), minimum=1) and float(defaults["steps"]).is_integer():
        update["steps"] = int(defaults["steps"])
    scheduler = defaults.get("scheduler")
    controls = BASES.get(base)
    if scheduler and controls is not None and scheduler in controls.schedulers and controls.scheduler_field == "scheduler":
        update["scheduler"] = scheduler  # the generic SD scheduler only
    for side in ("width", "height"):
        if _number(defaults.get(side), minimum=64):
            update[side] = snap_side(base, int(defaults[side]))
    applied = [name for name in update if not (name == "cfg_rescale_multiplier" and rescale is None)]
    return params.model_copy(update=update), applied, None


def _number(value: Any, *, minimum: float, below: float | None = None) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value >= minimum and (below is None or value < below)
