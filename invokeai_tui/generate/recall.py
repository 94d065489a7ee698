"""Recall: an image's metadata -> the parameters that made it, as the web UI's "Recall all" does
(`features/metadata/parsing.tsx`, reference §6).

Every handler of the web UI runs in its order, the main model first (choosing it changes other
parameters: §5), then the rest, each checked against the model now selected. Unlike the web UI, which
skips a parameter it cannot restore without a word, every such parameter is named in
`RecallResult.not_restored` as a sentence; keys the web UI only displays (or never recalls) are quiet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .controls import BASES, MIN_SIDE, SD_SCHEDULERS, snap_side
from .params import SEED_MAX, GenerateParams, LoraParam
from .recall_families import FAMILY_HANDLERS
from .recall_models import ModelLookup, describe
from .recall_state import Recall, Refused, boolean, integer, number, text

# Shown by the web UI but never recalled (§6), or bookkeeping: no sentence for these.
QUIET_KEYS = frozenset({
    "app_version", "created_by", "generation_mode", "rand_device", "vae_precision", "krea2_style_strength",
    "ernie_image_use_prompt_enhancer", "iterations", "board", "pid_mode", "pid_steps", "pid_decoder",
})
EXTERNAL_OPTION_KEYS = ("image_size", "gemini_temperature", "gemini_thinking_level", "openai_quality",
                        "openai_background", "openai_input_fidelity", "seedream_watermark", "seedream_optimize_prompt")


@dataclass
class RecallResult:
    params: GenerateParams
    restored: list[str] = field(default_factory=list)  # parameter names set from the metadata
    not_restored: list[str] = field(default_factory=list)  # sentences: "LoRA 'x' (sd-1): not installed"


async def recall_params(metadata: dict | None, *, current: GenerateParams, lookup: ModelLookup,
                        remix: bool = False) -> RecallResult:
    """The parameters `metadata` (`GET /api/v1/images/i/{name}/metadata`, ours or the web UI's, any
    6.x) records, applied over `current`. `remix`: everything but the seed (the web UI's Remix)."""
    if not isinstance(metadata, dict) or not metadata:
        return RecallResult(current.model_copy(deep=True), [], ["The image has no generation metadata."])
    r = Recall(metadata, current, lookup)
    await main_model(r)
    prompts(r)
    numbers(r)
    size(r)
    if remix:
        r.seen.add("seed")
    else:
        seed(r)
    toggles(r)
    scheduler(r)
    for handler in FAMILY_HANDLERS:
        await handler(r)
    await loras(r)
    unsupported(r)
    return RecallResult(r.params, r.restored, r.not_restored)


async def remix_params(metadata: dict | None, *, current: GenerateParams, lookup: ModelLookup) -> RecallResult:
    """The web UI's Remix: recall all but the seed."""
    return await recall_params(metadata, current=current, lookup=lookup, remix=True)


async def main_model(r: Recall) -> None:
    """First, as the web UI sorts it: what follows is checked against the model it selects."""
    if not r.has("model"):
        return
    model = await r.model("model", "model", ("main",))
    if model is not None:
        r.image_model = model
        r.select_model(model)


def prompts(r: Recall) -> None:
    r.value("positive_prompt", "positive_prompt", text)
    if r.has("negative_prompt"):
        raw = r.get("negative_prompt")
        try:
            r.set("negative_prompt", text(raw) or None)  # the web UI's null for ''
        except Refused as refused:
            r.refuse(f"negative_prompt {raw!r}: {refused}")


def numbers(r: Recall) -> None:
    r.value("cfg_scale", "cfg_scale", number(minimum=1))
    r.value("cfg_rescale_multiplier", "cfg_rescale_multiplier", number(minimum=0, below=1))
    r.value("clip_skip", "clip_skip", integer(minimum=0))
    if r.has("guidance"):
        flux2_not_dev = r.image_base == "flux2" and not (r.image_model and r.image_model.variant == "dev")
        if flux2_not_dev:
            r.refuse(f"guidance {r.get('guidance')!r}: FLUX.2 Klein does not use it")
        else:
            r.value("guidance", "guidance", number(minimum=1))
    r.value("dype_preset", "dype_preset", text)
    if r.get("dype_preset") == "manual":  # scale and exponent are the preset's unless it is manual
        r.value("dype_scale", "dype_scale", number(minimum=0))
        r.value("dype_exponent", "dype_exponent", number(minimum=0))
    else:
        r.seen.update({"dype_scale", "dype_exponent"})
    r.value("steps", "steps", integer(minimum=1))
    r.value("strength", "strength", number(minimum=0, maximum=1))


def size(r: Recall) -> None:
    """Width and height through the clamped setters: down to the current base's grid, at least 64."""
    for key in ("width", "height"):
        if not r.has(key):
            continue
        raw = r.get(key)
        try:
            pixels = integer(minimum=1)(raw)
        except Refused as refused:
            r.refuse(f"{key} {raw!r}: {refused}")
            continue
        snapped = snap_side(r.base or "", pixels)
        r.set(key, snapped)
        if snapped != pixels:
            grid = BASES[r.base].grid if r.base in BASES else 8
            why = f"below {MIN_SIDE}" if pixels < MIN_SIDE else f"not a multiple of {grid} for {r.base or 'this model'}"
            r.refuse(f"{key} {pixels}: {why}, set to {snapped}")


def seed(r: Recall) -> None:
    r.value("seed", "seed", integer(minimum=0, maximum=SEED_MAX))
    if "seed" in r.restored:
        r.set("random_seed", False)


def toggles(r: Recall) -> None:
    r.value("seamless_x", "seamless_x", boolean)
    r.value("seamless_y", "seamless_y", boolean)
    if r.has("hidiffusion"):
        r.value("hidiffusion", "hidiffusion", boolean)
    else:
        r.params.hidiffusion = False  # the web UI: an image without the key had it off
    r.value("hidiffusion_raunet", "hidiffusion_raunet", boolean)
    r.value("hidiffusion_window_attn", "hidiffusion_window_attn", boolean)
    r.value("hidiffusion_t1_ratio", "hidiffusion_t1_ratio", number())
    r.value("hidiffusion_t2_ratio", "hidiffusion_t2_ratio", number())


def scheduler(r: Recall) -> None:
    """Into the scheduler field of the base now selected; a base with its own short list takes only those."""
    if not r.has("scheduler"):
        return
    raw = r.get("scheduler")
    if raw not in SD_SCHEDULERS:
        r.refuse(f"scheduler {raw!r}: not a scheduler InvokeAI knows")
        return
    controls = BASES.get(r.base or "")
    if controls is not None and controls.schedulers and raw not in controls.schedulers:
        r.refuse(f"scheduler {raw!r}: {controls.label} takes {', '.join(controls.schedulers)}")
        return
    r.set((controls.scheduler_field if controls else None) or "scheduler", raw)


async def loras(r: Recall) -> None:
    """The list is replaced (`loraAllDeleted`, then each): an image without LoRAs clears it. Items that
    cannot be restored are named; when none can, the list stays as it was."""
    raw = r.get("loras")
    if not raw:
        if r.params.loras or "loras" in r.metadata:
            r.set("loras", [])
        return
    if not isinstance(raw, list):
        r.refuse(f"loras {raw!r}: not a list")
        return
    recalled: list[LoraParam] = []
    for item in raw:
        lora = await _lora(r, item)
        if lora is not None:
            recalled.append(lora)
    if recalled:
        r.set("loras", recalled)


async def _lora(r: Recall, item: Any) -> LoraParam | None:
    if not isinstance(item, dict):
        r.refuse(f"LoRA {item!r}: not a LoRA entry")
        return None
    raw_model = item.get("model") if isinstance(item.get("model"), dict) else item.get("lora")  # legacy {lora:{key}}
    model = await r.model("loras", "LoRA", ("lora",), raw=raw_model if raw_model is not None else item)
    if model is None:
        return None
    if r.base and model.base != r.base:
        r.refuse(f"LoRA {describe(raw_model)}: base {model.base} does not match {r.base}")
        return None
    try:
        weight = number(minimum=-10, maximum=10)(item.get("weight"))
    except Refused as refused:
        r.refuse(f"LoRA {describe(raw_model)}: weight {item.get('weight')!r}: {refused}")
        return None
    return LoraParam(model=model, weight=weight)


def unsupported(r: Recall) -> None:
    """What the web UI restores but this app has no parameter for, then keys nobody knows."""
    ref_images = r.get("ref_images")
    if isinstance(ref_images, list) and ref_images:
        r.refuse(f"reference images ({len(ref_images)}): not supported here")
    canvas = r.get("canvas_v2_metadata")
    if isinstance(canvas, dict) and any(v for v in canvas.values()):
        r.refuse("canvas layers: recalled only on the web UI's canvas")
    for key in EXTERNAL_OPTION_KEYS:
        if r.has(key):
            r.refuse(f"external model option {key} {r.get(key)!r}: not supported here")
    unknown = [key for key, value in r.metadata.items()
               if key not in r.seen and key not in QUIET_KEYS and value not in (None, "", [], {})]
    if unknown:
        r.refuse(f"not restored, no such parameter here: {', '.join(sorted(unknown))}")
