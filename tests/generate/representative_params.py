"""Representative Generate parameters per base, for tests that build every registered base's graphs.

`cases_for(base)` gives (name, params, context) for: `txt2img` (the models a base needs, nothing
optional), `extras` (the optional parts: a LoRA of the base, a VAE, seamless, the SDXL refiner, the
encoders a base can take besides its main model, feature switches), `img2img` and `img2img-extras` (an
init image and its size, for every base whose controls have an init image) and a few variants of a
family (FLUX.2 [dev]).
A base missing from the table gets a diffusers main model of that base (`txt2img`, and `img2img` when
its controls have an init image), so a builder registered later is covered without editing this file;
an entry here makes its cases sharper.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from invokeai_tui.generate import BuildContext, GenerateParams, LoraParam, ModelRef, controls_for
from invokeai_tui.generate.controls import INIT_IMAGE


def model(base: str, type_: str = "main", name: str = "", variant: str | None = None,
          format_: str | None = None) -> ModelRef:
    name = name or f"tiny {base} {type_}"
    key = f"{base}-{type_}-{name}".replace(" ", "-")
    return ModelRef(key=key, hash=f"blake3:{key}", name=name, base=base, type=type_, variant=variant, format=format_)


def lora(base: str) -> list[LoraParam]:
    return [LoraParam(model=model(base, "lora", format_="lycoris"), weight=0.6)]


T5 = model("any", "t5_encoder", "t5 encoder", format_="t5_encoder")
CLIP_L = model("any", "clip_embed", "clip-l", variant="large", format_="diffusers")
CLIP_G = model("any", "clip_embed", "clip-g", variant="gigantic", format_="diffusers")
QWEN3_4B = model("any", "qwen3_encoder", "qwen3 4b", variant="qwen3_4b", format_="qwen3_encoder")
QWEN3_06B = model("any", "qwen3_encoder", "qwen3 0.6b", variant="qwen3_06b", format_="qwen3_encoder")
KLEIN = model("flux2", name="klein 4b", variant="klein_4b", format_="diffusers")
Z_IMAGE = model("z-image", name="z-image turbo", variant="turbo", format_="diffusers")

# base -> case name -> GenerateParams fields (besides prompts, size and the init image)
TABLE: dict[str, dict[str, dict[str, Any]]] = {
    "sd-1": {"txt2img": {"model": model("sd-1", variant="normal", format_="checkpoint")},
             "extras": {"vae": model("sd-1", "vae", format_="checkpoint"), "loras": lora("sd-1"),
                        "seamless_x": True, "seamless_y": True, "clip_skip": 1, "hidiffusion": True}},
    "sd-2": {"txt2img": {"model": model("sd-2", variant="normal", format_="diffusers")},
             "extras": {"vae": model("sd-2", "vae", format_="checkpoint"), "loras": lora("sd-2"),
                        "seamless_x": True, "seamless_y": True}},
    "sdxl": {"txt2img": {"model": model("sdxl", variant="normal", format_="checkpoint")},
             "extras": {"vae": model("sdxl", "vae", format_="diffusers"), "loras": lora("sdxl"), "seamless_x": True,
                        "refiner": {"model": model("sdxl-refiner", format_="diffusers")}}},
    "sd-3": {"txt2img": {"model": model("sd-3", format_="diffusers")},
             "extras": {"t5_encoder": T5, "clip_l": CLIP_L, "clip_g": CLIP_G}},
    "flux": {"txt2img": {"model": model("flux", variant="dev", format_="checkpoint"), "t5_encoder": T5,
                         "clip_embed": CLIP_L, "vae": model("flux", "vae", format_="checkpoint")},
             "extras": {"loras": lora("flux"), "flux_scheduler": "heun"}},
    "flux2": {"txt2img": {"model": KLEIN},
              "extras": {"model": model("flux2", name="klein 4b ckpt", variant="klein_4b", format_="checkpoint"),
                         "vae": model("flux2", "vae", format_="checkpoint"), "qwen3_encoder": QWEN3_4B,
                         "loras": lora("flux2")},
              "dev": {"model": model("flux2", name="dev", variant="dev", format_="diffusers"), "guidance": 3.5,
                      "mistral_encoder": model("any", "mistral_encoder", variant="mistral3_24b",
                                               format_="mistral_encoder")}},
    "cogview4": {"txt2img": {"model": model("cogview4", format_="diffusers"), "cfg_scale": 3.5}},
    "z-image": {"txt2img": {"model": Z_IMAGE, "cfg_scale": 1.0},
                "extras": {"model": model("z-image", name="z ckpt", variant="turbo", format_="checkpoint"),
                           "vae": model("flux", "vae", format_="checkpoint"), "qwen3_encoder": QWEN3_4B,
                           "loras": lora("z-image"), "cfg_scale": 2.0, "z_image_seed_variance_enabled": True}},
    "qwen-image": {"txt2img": {"model": model("qwen-image", variant="generate", format_="diffusers"), "cfg_scale": 4.0},
                   "extras": {"loras": lora("qwen-image"), "qwen_image_shift": 3.0,
                              "qwen_image_vl_encoder": model("any", "qwen_vl_encoder", format_="qwen_vl_encoder")}},
    "ernie-image": {"txt2img": {"model": model("ernie-image", format_="diffusers"), "cfg_scale": 4.0},
                    "extras": {"ernie_use_prompt_enhancer": False, "cfg_scale": 1.0}},
    "krea-2": {"txt2img": {"model": model("krea-2", variant="krea2_turbo", format_="diffusers"), "cfg_scale": 1.0},
               "extras": {"model": model("krea-2", name="krea ckpt", variant="krea2_turbo", format_="checkpoint"),
                          "vae": model("qwen-image", "vae", format_="checkpoint"),
                          "qwen3_vl_encoder": model("any", "qwen3_vl_encoder", format_="qwen3_vl_encoder"),
                          "loras": lora("krea-2"), "cfg_scale": 3.0, "krea2_rebalance_enabled": True,
                          "krea2_seed_variance_enabled": True}},
    "ideogram-4": {"txt2img": {"model": model("ideogram-4", format_="diffusers")},
                   "extras": {"ideogram4_color_palette": ["#ff8800", "#0088ff"], "ideogram4_steps": 20}},
    "anima": {"txt2img": {"model": model("anima", format_="checkpoint"), "qwen3_encoder": QWEN3_06B,
                          "vae": model("anima", "vae", format_="checkpoint"), "cfg_scale": 4.5},
              "extras": {"loras": lora("anima"), "anima_scheduler": "er_sde"}},
    "wan": {"txt2img": {"model": model("wan", variant="t2v_a14b", format_="diffusers"), "cfg_scale": 5.0},
            "extras": {"loras": lora("wan"), "vae": model("wan", "vae", format_="diffusers"),
                       "wan_t5_encoder": model("any", "wan_t5_encoder", format_="wan_t5_encoder"),
                       "wan_transformer_low_noise": model("wan", name="wan low noise", variant="t2v_a14b",
                                                          format_="diffusers"),
                       "wan_guidance_scale_low_noise": 4.0}},
    "external": {"txt2img": {"model": model("external", "external_image_generator", "gpt-image-1",
                                            format_="external_api").model_copy(update={
                                                "provider_id": "openai",
                                                "capabilities": {"modes": ["txt2img", "img2img"]}})}},
}


def cases_for(base: str) -> Iterator[tuple[str, GenerateParams, BuildContext]]:
    """(case name, params, context) for every case of the base; `extras` and others build on `txt2img`."""
    table = TABLE.get(base) or {"txt2img": {"model": model(base, format_="diffusers")}}
    controls = controls_for(base)
    side = controls.optimal_side if controls else 1024
    plain = {"positive_prompt": "a lighthouse at dusk", "negative_prompt": "blurry", "width": side,
             "height": side, **table["txt2img"]}
    for name, fields in table.items():
        params = GenerateParams(**{**plain, **fields})
        yield name, params, BuildContext(models=installed(params))
    if controls is None or controls.has(INIT_IMAGE):
        for name, fields in (("img2img", {}), ("img2img-extras", table.get("extras"))):
            if fields is None:
                continue
            params = GenerateParams(**{**plain, **fields}, init_image="init-image.png", strength=0.6)
            yield name, params, BuildContext(models=installed(params), init_image_size=(side, side * 3 // 4))


def installed(params: GenerateParams) -> list[ModelRef]:
    """The models a server with these parameters would have: those named, plus the diffusers models the
    web UI takes component sources from (a FLUX.2 Klein for its Qwen3 encoder and VAE, a Z-Image)."""
    named = [params.model, params.vae, params.t5_encoder, params.clip_l, params.clip_g, params.clip_embed,
             params.qwen3_encoder, params.qwen3_source, params.mistral_encoder, params.qwen3_vl_encoder,
             params.qwen_image_component_source, params.qwen_image_vl_encoder, params.wan_transformer_low_noise,
             params.wan_component_source, params.wan_t5_encoder, params.refiner.model,
             *(lora.model for lora in params.loras), KLEIN, Z_IMAGE]
    unique: dict[str, ModelRef] = {}
    for ref in named:
        if ref is not None:
            unique.setdefault(ref.key, ref)
    return list(unique.values())
