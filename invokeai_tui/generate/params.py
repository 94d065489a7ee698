"""The parameters of one generation: what the web UI keeps in its `params` state for the Generate tab.

Defaults are the web UI's (`getInitialParamsState`, reference §1.6). Model fields hold a `ModelRef`:
the identifier the server parses (`key, hash, name, base, type`) plus the `variant`/`format` a builder
needs to choose nodes (FLUX.2 Klein or [dev], a diffusers Z-Image that is its own Qwen3 source).
Which fields a base uses is in `controls.py`; the rest are carried and ignored, as in the web UI.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SEED_MAX = 4294967295  # the web UI's seed range (`NUMPY_RAND_MAX`), inclusive

SeedBehaviour = Literal["PER_ITERATION", "PER_PROMPT"]


class ModelRef(BaseModel):
    """A model as a graph references it, plus what the builders need to know of it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    key: str
    hash: str | None = None
    name: str = ""
    base: str = "unknown"
    type: str = "unknown"
    variant: str | None = None
    format: str | None = None
    submodels: tuple[str, ...] = ()  # what a pipeline install ships (a complete SDNQ pipeline needs no encoders)

    @field_validator("submodels", mode="before")
    @classmethod
    def _submodel_names(cls, value: Any) -> Any:
        """The config's `submodels` map -> the names of the submodels it has."""
        if isinstance(value, dict):  # a present submodel is an object, even an empty one (truthy in JS)
            return tuple(sorted(name for name, submodel in value.items()
                                if isinstance(submodel, (dict, list)) or submodel))
        return () if value is None else value
    # External API models (base 'external') only: which provider node runs them and what they offer.
    provider_id: str | None = None
    capabilities: dict[str, Any] | None = None
    panel_schema: dict[str, Any] | None = None

    def __hash__(self) -> int:  # the dicts above are not hashable; the identifier is the model
        return hash((self.key, self.hash, self.name, self.base, self.type))

    @classmethod
    def from_config(cls, config: Any) -> ModelRef:
        """From a `DnnModel` record or a model config dict of `GET /api/v2/models/`."""
        data = config if isinstance(config, dict) else config.model_dump()
        return cls.model_validate(data)

    def identifier(self) -> dict[str, Any]:
        """The `ModelIdentifierField` sent in graphs and metadata."""
        return {"key": self.key, "hash": self.hash, "name": self.name, "base": self.base, "type": self.type}


class LoraParam(BaseModel):
    """One LoRA in the list (`loras` slice): the web UI adds a LoRA with `weight ?? 0.75`."""

    model_config = ConfigDict(extra="ignore")

    model: ModelRef
    weight: float = 0.75
    enabled: bool = True


class RefinerParams(BaseModel):
    """The SDXL refiner (used only when `model` is set; reference §2.2)."""

    model: ModelRef | None = None
    steps: int = 20
    cfg_scale: float = 7.5
    scheduler: str = "euler"
    positive_aesthetic_score: float = 6.0
    negative_aesthetic_score: float = 2.5
    start: float = 0.8


class GenerateParams(BaseModel):
    """Everything one press of Invoke uses. Validation of values against a base is `validate.py`'s."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    positive_prompt: str = ""
    negative_prompt: str | None = None  # the web UI's null; sent as ''
    model: ModelRef | None = None

    seed: int = Field(default=0, ge=0, le=SEED_MAX)
    random_seed: bool = True  # shouldRandomizeSeed
    iterations: int = Field(default=1, ge=1)
    seed_behaviour: SeedBehaviour = "PER_ITERATION"

    width: int = 512
    height: int = 512
    steps: int = 30
    cfg_scale: float = 7.5
    cfg_rescale_multiplier: float = 0.0
    guidance: float = 4.0
    scheduler: str = "dpmpp_3m_k"  # the SD scheduler
    flux_scheduler: str = "euler"  # flux, flux2 (euler/heun/lcm)
    z_image_scheduler: str = "euler"
    anima_scheduler: str = "euler"
    ernie_scheduler: str = "euler"
    clip_skip: int = 0
    use_cpu_noise: bool = True

    vae: ModelRef | None = None
    vae_precision: Literal["fp16", "fp32"] = "fp32"
    color_compensation: bool = False  # SDXL image to image: `i2l.color_compensation` 'SDXL' (else 'None')
    loras: list[LoraParam] = Field(default_factory=list)

    # Encoders and component sources, by the family that takes them.
    t5_encoder: ModelRef | None = None  # sd-3, flux
    clip_l: ModelRef | None = None  # sd-3
    clip_g: ModelRef | None = None  # sd-3
    clip_embed: ModelRef | None = None  # flux
    qwen3_encoder: ModelRef | None = None  # z-image, flux2 Klein, anima
    qwen3_source: ModelRef | None = None  # z-image, flux2 Klein (a diffusers model that carries it)
    mistral_encoder: ModelRef | None = None  # flux2 [dev]
    qwen3_vl_encoder: ModelRef | None = None  # krea-2
    qwen_image_component_source: ModelRef | None = None
    qwen_image_vl_encoder: ModelRef | None = None
    qwen_image_quantization: str = "none"
    qwen_image_shift: float | None = None  # None = auto
    wan_transformer_low_noise: ModelRef | None = None
    wan_component_source: ModelRef | None = None
    wan_t5_encoder: ModelRef | None = None
    wan_guidance_scale_low_noise: float | None = None

    seamless_x: bool = False
    seamless_y: bool = False

    hidiffusion: bool = False
    hidiffusion_raunet: bool = True
    hidiffusion_window_attn: bool = True
    hidiffusion_t1_ratio: float = 0.4
    hidiffusion_t2_ratio: float = 0.0

    refiner: RefinerParams = Field(default_factory=RefinerParams)

    dype_preset: str = "off"
    dype_scale: float = 2.0
    dype_exponent: float = 2.0

    z_image_shift: float | None = None  # None = auto
    z_image_seed_variance_enabled: bool = False
    z_image_seed_variance_strength: float = 0.1
    z_image_seed_variance_randomize_percent: float = 50

    krea2_seed_variance_enabled: bool = False
    krea2_seed_variance_strength: float = 0.1
    krea2_seed_variance_randomize_percent: float = 50
    krea2_rebalance_enabled: bool = False
    krea2_rebalance_multiplier: float = 4
    krea2_rebalance_weights: str = "1.0,1.0,1.0,1.0,1.0,1.0,1.0,2.5,5.0,1.1,4.0,1.0"

    ernie_use_prompt_enhancer: bool = True

    ideogram4_sampler_preset: str = "V4_QUALITY_48"
    ideogram4_steps: int | None = None  # None = auto
    ideogram4_guidance_scale: float | None = None
    ideogram4_mu: float | None = None
    ideogram4_color_palette: list[str] = Field(default_factory=list)

    # Image to image (the web UI does it on the canvas; reference §3). `init_image` is a server image name.
    init_image: str | None = None
    strength: float = Field(default=0.75, ge=0.0, le=1.0)
    optimized_denoising: bool = True

    board_id: str | None = None  # None or "none" = uncategorized
    max_prompts: int = Field(default=100, ge=1, le=10000)

    @property
    def base(self) -> str | None:
        return self.model.base if self.model else None

    @property
    def negative_or_empty(self) -> str:
        return self.negative_prompt or ""
