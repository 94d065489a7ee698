"""Recall of what only some bases have (reference §6): the VAE, encoders and component sources, the
SDXL refiner, and the options of Z-Image, Krea 2, Qwen-Image, Wan and Ideogram 4.

Most are recalled only onto a model of the family that wrote them, and the web UI's dedicated
handlers also check the image's own base: `vae` and `qwen3_encoder` are written by several families,
each meaning a different slot.
"""

from __future__ import annotations

from .controls import BASES, SD_SCHEDULERS
from .recall_models import VAE_NEEDS_SAME_IMAGE_BASE, describe, vae_bases_for
from .recall_state import Recall, Refused, boolean, integer, number, optional, text


def label_of(base: str | None) -> str:
    return BASES[base].label if base in BASES else str(base)


def family_mismatch(r: Recall, family: str, *, image_too: bool) -> str | None:
    """Why a `family` parameter cannot be recalled now (None: it can)."""
    if r.base != family:
        current = f"the current model is {label_of(r.base)}" if r.base else "no model is selected"
        return f"only for {label_of(family)} models, {current}"
    if image_too and r.image_base != family:
        return f"the image was not made with a {label_of(family)} model"
    return None


async def vae(r: Recall) -> None:
    """`vae`: the generic handler (base equal to the current one) or, for the families with a slot of
    their own, their handler (the image of that family too; Z-Image takes a FLUX VAE, Krea 2 a
    Qwen-Image or Anima one). Qwen-Image and Wan write keys of their own."""
    if r.has("vae"):
        await shared_vae(r, r.get("vae"))
    for key, family in (("qwen_image_vae", "qwen-image"), ("wan_vae_model", "wan")):
        await nullable_model(r, key, "VAE", "vae", family, types=("vae",))


async def shared_vae(r: Recall, raw: object) -> None:
    why = family_mismatch(r, r.base or "", image_too=True) if r.base in VAE_NEEDS_SAME_IMAGE_BASE else None
    if why:
        r.refuse(f"VAE {describe(raw)}: {why}")
        return
    model = await r.model("vae", "VAE", ("vae",))
    if model is None:
        return
    if r.base and model.base not in vae_bases_for(r.base):
        r.refuse(f"VAE {describe(raw)}: base {model.base} does not match {r.base}")
        return
    r.set("vae", model)
    if r.base == "z-image":  # a VAE and a Qwen3 source exclude each other
        r.params.qwen3_source = None


async def nullable_model(r: Recall, key: str, label: str, name: str, family: str | None,
                         types: tuple[str, ...] | None, *, image_too: bool = False) -> None:
    """A model slot of one family; a recorded null clears it (Qwen-Image and Wan write nulls)."""
    if not r.has(key):
        return
    raw = r.get(key)
    why = family_mismatch(r, family, image_too=image_too) if family else None
    if why:
        r.refuse(f"{label} {describe(raw) if raw is not None else 'none'}: {why}")
        return
    if raw is None:
        r.set(name, None)
        return
    model = await r.model(key, label, types)
    if model is not None:
        r.set(name, model)


async def encoders(r: Recall) -> None:
    await nullable_model(r, "t5_encoder", "T5 encoder", "t5_encoder", None, ("t5_encoder",))
    # The FLUX.1 CLIP embed: the web UI writes it but does not recall it; recalled here so the same
    # graph comes back.
    await nullable_model(r, "clip_embed_model", "CLIP embed", "clip_embed", "flux", ("clip_embed",))
    if r.has("qwen3_encoder"):  # Z-Image, FLUX.2 Klein and Anima write it, each for its own slot
        family = r.image_base if r.image_base in ("z-image", "flux2", "anima") else "z-image"
        await nullable_model(r, "qwen3_encoder", "Qwen3 encoder", "qwen3_encoder", family, ("qwen3_encoder",),
                             image_too=True)
        if r.base == "z-image" and "qwen3_encoder" in r.restored:
            r.params.qwen3_source = None
    if r.has("qwen3_source"):
        await nullable_model(r, "qwen3_source", "Qwen3 source", "qwen3_source", "z-image", ("main",), image_too=True)
        if "qwen3_source" in r.restored:  # a source excludes a separate VAE and encoder
            r.params.vae = r.params.qwen3_encoder = None
    await nullable_model(r, "mistral_encoder", "Mistral encoder", "mistral_encoder", "flux2", ("mistral_encoder",))
    await nullable_model(r, "qwen3_vl_encoder", "Qwen3-VL encoder", "qwen3_vl_encoder", "krea-2",
                         ("qwen3_vl_encoder",), image_too=True)
    await nullable_model(r, "qwen_image_component_source", "Qwen-Image component source",
                         "qwen_image_component_source", None, ("main",))
    await nullable_model(r, "qwen_image_qwen_vl_encoder", "Qwen-VL encoder", "qwen_image_vl_encoder", None, None)
    await nullable_model(r, "wan_transformer_low_noise", "Wan low-noise transformer", "wan_transformer_low_noise",
                         None, None)
    await nullable_model(r, "wan_component_source", "Wan component source", "wan_component_source", None, None)
    await nullable_model(r, "wan_t5_encoder_model", "Wan T5 encoder", "wan_t5_encoder", None, None)


async def refiner(r: Recall) -> None:
    """The SDXL refiner: its model must be an `sdxl-refiner` one, recalled onto an SDXL model."""
    if r.has("refiner_model"):
        raw = r.get("refiner_model")
        model = await r.model("refiner_model", "refiner model", ("main",))
        if model is not None and model.base != "sdxl-refiner":
            r.refuse(f"refiner model {describe(raw)}: base {model.base}, not sdxl-refiner")
        elif model is not None and r.base not in (None, "sdxl"):
            r.refuse(f"refiner model {describe(raw)}: only for SDXL, the current model is {label_of(r.base)}")
        elif model is not None:
            r.set("refiner.model", model)
    r.value("refiner_steps", "refiner.steps", integer(minimum=1))
    r.value("refiner_cfg_scale", "refiner.cfg_scale", number(minimum=1))
    r.value("refiner_scheduler", "refiner.scheduler", scheduler_name)
    r.value("refiner_positive_aesthetic_score", "refiner.positive_aesthetic_score", number(minimum=1, maximum=10))
    r.value("refiner_negative_aesthetic_score", "refiner.negative_aesthetic_score", number(minimum=1, maximum=10))
    r.value("refiner_start", "refiner.start", number(minimum=0, maximum=1))


def scheduler_name(raw: object) -> str:
    if raw not in SD_SCHEDULERS:
        raise Refused("not a scheduler InvokeAI knows")
    return str(raw)


def family_values(r: Recall, family: str, values: list[tuple[str, str, object]], *, image_too: bool) -> None:
    """Plain values recalled only onto a `family` model; when they cannot be, one sentence names them."""
    present = [key for key, _, _ in values if r.has(key)]
    why = family_mismatch(r, family, image_too=image_too)
    if present and why:
        r.refuse(f"{', '.join(present)}: {why}")
        return
    for key, name, parse in values:
        r.value(key, name, parse)


async def z_image(r: Recall) -> None:
    if r.has("z_image_seed_variance_enabled"):
        r.value("z_image_seed_variance_enabled", "z_image_seed_variance_enabled", boolean)
    else:
        r.params.z_image_seed_variance_enabled = False  # the web UI: older images had it off
    r.value("z_image_seed_variance_strength", "z_image_seed_variance_strength", number(minimum=0, maximum=2))
    r.value("z_image_seed_variance_randomize_percent", "z_image_seed_variance_randomize_percent",
            number(minimum=1, maximum=100))
    if r.has("z_image_shift"):
        r.value("z_image_shift", "z_image_shift", optional(number(minimum=0, maximum=10), auto="auto"))
    elif r.base == "z-image":
        r.params.z_image_shift = None  # no key: the image used the automatic shift


async def krea2(r: Recall) -> None:
    family_values(r, "krea-2", [
        ("krea2_seed_variance_enabled", "krea2_seed_variance_enabled", boolean),
        ("krea2_seed_variance_strength", "krea2_seed_variance_strength", number(minimum=0, maximum=2)),
        ("krea2_seed_variance_randomize_percent", "krea2_seed_variance_randomize_percent",
         number(minimum=0, maximum=100)),
        ("krea2_rebalance_enabled", "krea2_rebalance_enabled", boolean),
        ("krea2_rebalance_multiplier", "krea2_rebalance_multiplier", number(minimum=0, maximum=20)),
        ("krea2_rebalance_weights", "krea2_rebalance_weights", rebalance_weights),
    ], image_too=True)


def rebalance_weights(raw: object) -> str:
    """Exactly 12 comma-separated numbers, what the rebalance node accepts."""
    value = text(raw)
    try:
        parts = [float(part) for part in value.split(",")]
    except ValueError:
        raise Refused("not 12 comma-separated numbers") from None
    if len(parts) != 12 or any(p != p or p in (float("inf"), float("-inf")) for p in parts):
        raise Refused("not 12 comma-separated numbers")
    return value


def quantization(raw: object) -> str:
    if raw not in ("none", "int8", "nf4"):
        raise Refused("not none, int8 or nf4")
    return str(raw)


async def qwen_image_and_wan(r: Recall) -> None:
    r.value("qwen_image_quantization", "qwen_image_quantization", quantization)
    r.value("qwen_image_shift", "qwen_image_shift", optional(number()))
    r.value("wan_guidance_scale_low_noise", "wan_guidance_scale_low_noise", optional(number()))


def color_palette(raw: object) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise Refused("not a list of colours")
    return list(raw)


async def ideogram4(r: Recall) -> None:
    family_values(r, "ideogram-4", [
        ("ideogram4_sampler_preset", "ideogram4_sampler_preset", text),
        ("ideogram4_steps", "ideogram4_steps", optional(integer(minimum=2, maximum=100), auto="auto")),
        ("ideogram4_guidance_scale", "ideogram4_guidance_scale", optional(number(minimum=1, maximum=20), auto="auto")),
        ("ideogram4_mu", "ideogram4_mu", optional(number(minimum=-4, maximum=4), auto="auto")),
        ("ideogram4_color_palette", "ideogram4_color_palette", color_palette),
        ("ideogram4_caption", "positive_prompt", text),  # the caption is what the model encoded
    ], image_too=False)


# In the web UI's order (after the main model, the prompts, sizes, seed and scheduler).
FAMILY_HANDLERS = (refiner, vae, encoders, z_image, krea2, qwen_image_and_wan, ideogram4)
