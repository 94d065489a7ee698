"""What each model base offers on the Generate tab (reference §1.5–§1.7, §3): its size grid, the
controls it shows, its schedulers, whether it wires LoRAs and takes an init image.

The app shows only the controls of the selected base; the builders and the validator read the same
table, so a control the app hides is never silently used or sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# `FE/features/nodes/types/common.ts` (zSchedulerField): the standard SD scheduler list.
SD_SCHEDULERS = (
    "euler", "deis", "ddim", "ddpm", "dpmpp_2s", "dpmpp_2m", "dpmpp_3m", "dpmpp_2m_sde", "dpmpp_sde", "er_sde",
    "heun", "kdpm_2", "lms", "pndm", "unipc", "euler_k", "deis_k", "dpmpp_2s_k", "dpmpp_2m_k", "dpmpp_3m_k",
    "dpmpp_2m_sde_k", "dpmpp_sde_k", "heun_k", "kdpm_2_k", "kdpm_2_a_k", "lms_k", "unipc_k", "euler_a",
    "kdpm_2_a", "lcm", "tcd",
)
FLOW_SCHEDULERS = ("euler", "heun", "lcm")  # flux, flux2, z-image, ernie-image
ANIMA_SCHEDULERS = ("euler", "heun", "dpmpp_2m", "dpmpp_2m_sde", "er_sde", "lcm")

MIN_SIDE = 64  # the clamped setters never go below 64

# Control names (the app and the validator use these strings).
NEGATIVE = "negative_prompt"
SCHEDULER = "scheduler"
CFG = "cfg_scale"
GUIDANCE = "guidance"
STEPS = "steps"
VAE = "vae"
VAE_PRECISION = "vae_precision"
CLIP_SKIP = "clip_skip"
CFG_RESCALE = "cfg_rescale_multiplier"
SEAMLESS = "seamless"
HIDIFFUSION = "hidiffusion"
REFINER = "refiner"
LORAS = "loras"
INIT_IMAGE = "init_image"


@dataclass(frozen=True)
class BaseControls:
    """One base: `grid` is the multiple sizes snap to, `scheduler_field` the params field its scheduler
    lives in (None: no scheduler), `encoders` the params fields of its encoder/component models."""

    base: str
    label: str
    grid: int
    optimal_side: int
    controls: frozenset[str]
    schedulers: tuple[str, ...] = ()
    scheduler_field: str | None = None
    encoders: tuple[str, ...] = ()
    wires_loras: bool = True
    negative_only_above_cfg_1: bool = False
    extras: tuple[str, ...] = field(default=())  # params fields for family-specific options

    def has(self, control: str) -> bool:
        return control in self.controls


_SD = frozenset({NEGATIVE, SCHEDULER, CFG, STEPS, VAE, VAE_PRECISION, CFG_RESCALE, SEAMLESS, HIDIFFUSION,
                 LORAS, INIT_IMAGE})

BASES: dict[str, BaseControls] = {b.base: b for b in (
    BaseControls("sd-1", "Stable Diffusion 1.x", 8, 512, _SD | {CLIP_SKIP}, SD_SCHEDULERS, "scheduler"),
    BaseControls("sd-2", "Stable Diffusion 2.x", 8, 768, _SD | {CLIP_SKIP}, SD_SCHEDULERS, "scheduler"),
    BaseControls("sdxl", "Stable Diffusion XL", 8, 1024, _SD | {REFINER}, SD_SCHEDULERS, "scheduler"),
    BaseControls("sd-3", "Stable Diffusion 3", 16, 1024, frozenset({NEGATIVE, CFG, STEPS, VAE, INIT_IMAGE}),
                 encoders=("t5_encoder", "clip_l", "clip_g"), wires_loras=False),
    BaseControls("flux", "FLUX.1", 16, 1024, frozenset({GUIDANCE, SCHEDULER, STEPS, VAE, LORAS, INIT_IMAGE}),
                 FLOW_SCHEDULERS, "flux_scheduler", encoders=("t5_encoder", "clip_embed"),
                 extras=("dype_preset", "dype_scale", "dype_exponent")),
    BaseControls("flux2", "FLUX.2", 16, 1024, frozenset({SCHEDULER, STEPS, VAE, LORAS, INIT_IMAGE}),
                 FLOW_SCHEDULERS, "flux_scheduler", encoders=("qwen3_encoder", "qwen3_source", "mistral_encoder")),
    BaseControls("cogview4", "CogView4", 32, 1024, frozenset({NEGATIVE, CFG, STEPS, INIT_IMAGE}), wires_loras=False),
    BaseControls("z-image", "Z-Image", 16, 1024, frozenset({NEGATIVE, SCHEDULER, CFG, STEPS, VAE, LORAS, INIT_IMAGE}),
                 FLOW_SCHEDULERS, "z_image_scheduler", encoders=("qwen3_encoder", "qwen3_source"),
                 negative_only_above_cfg_1=True,
                 extras=("z_image_shift", "z_image_seed_variance_enabled", "z_image_seed_variance_strength",
                         "z_image_seed_variance_randomize_percent")),
    BaseControls("qwen-image", "Qwen-Image", 16, 1024, frozenset({NEGATIVE, CFG, STEPS, VAE, LORAS, INIT_IMAGE}),
                 encoders=("qwen_image_component_source", "qwen_image_vl_encoder"), negative_only_above_cfg_1=True,
                 extras=("qwen_image_quantization", "qwen_image_shift")),
    BaseControls("ernie-image", "ERNIE-Image", 16, 1024, frozenset({SCHEDULER, CFG, STEPS}), FLOW_SCHEDULERS,
                 "ernie_scheduler", wires_loras=False, negative_only_above_cfg_1=True,
                 extras=("ernie_use_prompt_enhancer",)),
    BaseControls("krea-2", "Krea 2", 16, 1024, frozenset({NEGATIVE, CFG, STEPS, VAE, LORAS, INIT_IMAGE}),
                 encoders=("qwen3_vl_encoder",), negative_only_above_cfg_1=True,
                 extras=("krea2_seed_variance_enabled", "krea2_seed_variance_strength",
                         "krea2_seed_variance_randomize_percent", "krea2_rebalance_enabled",
                         "krea2_rebalance_multiplier", "krea2_rebalance_weights")),
    BaseControls("ideogram-4", "Ideogram 4", 16, 1024, frozenset(), wires_loras=False,
                 extras=("ideogram4_sampler_preset", "ideogram4_steps", "ideogram4_guidance_scale", "ideogram4_mu",
                         "ideogram4_color_palette")),
    BaseControls("anima", "Anima", 8, 1024, frozenset({NEGATIVE, SCHEDULER, CFG, STEPS, VAE, LORAS, INIT_IMAGE}),
                 ANIMA_SCHEDULERS, "anima_scheduler", encoders=("qwen3_encoder",), negative_only_above_cfg_1=True),
    BaseControls("wan", "Wan 2.2", 16, 1024, frozenset({NEGATIVE, CFG, STEPS, VAE, LORAS, INIT_IMAGE}),
                 encoders=("wan_transformer_low_noise", "wan_component_source", "wan_t5_encoder"),
                 negative_only_above_cfg_1=True, extras=("wan_guidance_scale_low_noise",)),
    BaseControls("external", "External API", 16, 1024, frozenset(), wires_loras=False),
)}


def controls_for(base: str | None) -> BaseControls | None:
    return BASES.get(base or "")


def snap_side(base: str, pixels: int) -> int:
    """Round a side DOWN to the base's grid, at least 64 (the web UI's clamped setters)."""
    grid = BASES[base].grid if base in BASES else 8
    return max(MIN_SIDE, int(pixels) // grid * grid)


def fit_to_base(base: str, width: int, height: int) -> tuple[int, int]:
    """The web UI on a base change: keep the size if its area is within 0.8–1.2× of the base's optimal
    area, else scale it to that area keeping the aspect ratio; then snap both sides to the grid."""
    controls = BASES.get(base)
    if controls is None:
        return snap_side(base, width), snap_side(base, height)
    optimal_area = controls.optimal_side ** 2
    area = max(1, width * height)
    if not 0.8 * optimal_area <= area <= 1.2 * optimal_area:
        scale = (optimal_area / area) ** 0.5
        width, height = round(width * scale), round(height * scale)
    return snap_side(base, width), snap_side(base, height)


def model_controls(model) -> frozenset[str]:
    """The controls of one model: its base's, with the variant's differences (FLUX.2 [dev] takes guidance,
    Klein does not; a FLUX.1 Fill model takes none). `model` is a ModelRef."""
    controls = BASES.get(model.base)
    shown = set(controls.controls) if controls else set()
    if model.base == "flux2" and model.variant == "dev":
        shown.add(GUIDANCE)
    if model.base == "flux" and model.variant == "dev_fill":
        shown.discard(GUIDANCE)
    return frozenset(shown)
