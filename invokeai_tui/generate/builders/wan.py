"""Wan 2.2 T2V / TI2V (`GEN/buildWanGraph.ts`, `addWanLoRAs.ts`; reference §2.13, §3). The I2V variant needs
a reference image, which this client does not offer yet."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams, LoraParam
from .common import BuildContext, BuildError, BuiltGraph, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import identifier_or_none, model_of_bases, set_models
from .transformer_common import add_negative_encoder, set_metadata_with_nulls

I2V_VARIANT = "i2v_a14b"
# The main model's variant -> the LoRA variant it can take (A14B and 5B transformers differ in width).
LORA_VARIANT_OF_MAIN = {"t2v_a14b": "a14b", "i2v_a14b": "a14b", "ti2v_5b": "5b"}


def compatible_wan_loras(params: GenerateParams) -> list[LoraParam]:
    """`addWanLoRAs`: enabled Wan LoRAs, skipping those of the other transformer size (unknown sizes pass)."""
    assert params.model is not None
    expected = LORA_VARIANT_OF_MAIN.get(params.model.variant or "")
    return [lora for lora in enabled_loras(params.loras, "wan")
            if lora.model.variant is None or expected is None or lora.model.variant == expected]


def build_wan_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    if model.variant == I2V_VARIANT:
        raise BuildError("Wan 2.2 I2V models start from a reference image, which this client does not support "
                         "yet: use a T2V or TI2V model.")
    cfg = params.cfg_scale
    vae = model_of_bases(params.vae, ("wan",))
    low_noise, source, t5 = params.wan_transformer_low_noise, params.wan_component_source, params.wan_t5_encoder

    g = Graph("wan_graph")
    loader = g.add_node("wan_model_loader", "wan_model_loader", model=model.identifier(),
                        **set_models(transformer_low_noise_model=low_noise, component_source=source, vae_model=vae,
                                     wan_t5_encoder_model=t5))
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "wan_text_encoder")
    seed = g.add_node("seed", "integer")
    denoise_fields = {"guidance_scale": cfg, "steps": params.steps}
    if params.wan_guidance_scale_low_noise is not None:
        denoise_fields["guidance_scale_low_noise"] = params.wan_guidance_scale_low_noise
    denoise = g.add_node("denoise_latents", "wan_denoise", **denoise_fields)
    decoder = g.add_node("l2i", "wan_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "wan_t5_encoder", pos_cond, "wan_t5_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", denoise, "positive_conditioning")
    add_negative_encoder(g, params, encoder_type="wan_text_encoder", encoder_field="wan_t5_encoder", loader=loader,
                         denoise=denoise, empty_as=" ")
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    add_lora_collection(g, compatible_wan_loras(params), loader_type="wan_lora_collection_loader",
                        routes={"transformer": (loader, [denoise])})

    g.upsert_metadata(cfg_scale=cfg, negative_prompt=params.negative_or_empty, model=model.identifier(),
                      steps=params.steps)
    set_metadata_with_nulls(g, wan_transformer_low_noise=identifier_or_none(low_noise),
                            wan_component_source=identifier_or_none(source), wan_vae_model=identifier_or_none(vae),
                            wan_t5_encoder_model=identifier_or_none(t5),
                            wan_guidance_scale_low_noise=params.wan_guidance_scale_low_noise)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")

    mode = add_text_or_image_to_image(g, params, context, prefix="wan_", encoder_type="wan_i2l", vae_source=loader,
                                      denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
