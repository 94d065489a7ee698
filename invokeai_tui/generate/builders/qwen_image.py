"""Qwen-Image (`GEN/buildQwenImageGraph.ts`, `addQwenImageLoRAs.ts`; reference §2.8, §3). Reference images of
the Edit variant are not offered here (the Generate tab's ref-image panel is the app's, not the engine's)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuiltGraph, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import identifier_or_none, model_of_bases, set_models
from .transformer_common import add_negative_encoder, set_metadata_with_nulls


def build_qwen_image_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    cfg = params.cfg_scale
    quantization = params.qwen_image_quantization
    vae = model_of_bases(params.vae, ("qwen-image",))
    encoder = params.qwen_image_vl_encoder
    source = params.qwen_image_component_source

    g = Graph("qwen_image_graph")
    loader = g.add_node("qwen_image_model_loader", "qwen_image_model_loader", model=model.identifier(),
                        **set_models(vae_model=vae, qwen_vl_encoder_model=encoder),
                        component_source=identifier_or_none(source))  # sent as null when unset
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "qwen_image_text_encoder", quantization=quantization)
    seed = g.add_node("seed", "integer")
    denoise = g.add_node("denoise_latents", "qwen_image_denoise", cfg_scale=cfg, steps=params.steps,
                         shift=params.qwen_image_shift)
    decoder = g.add_node("l2i", "qwen_image_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "qwen_vl_encoder", pos_cond, "qwen_vl_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", denoise, "positive_conditioning")
    neg_cond = add_negative_encoder(g, params, encoder_type="qwen_image_text_encoder",
                                    encoder_field="qwen_vl_encoder", loader=loader, denoise=denoise, empty_as=" ")
    if neg_cond:
        g.update_node(neg_cond, quantization=quantization)
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    add_lora_collection(g, enabled_loras(params.loras, "qwen-image"), loader_type="qwen_image_lora_collection_loader",
                        routes={"transformer": (loader, [denoise])})

    g.upsert_metadata(cfg_scale=cfg, negative_prompt=params.negative_or_empty, model=model.identifier())
    set_metadata_with_nulls(g, qwen_image_component_source=identifier_or_none(source),
                            qwen_image_vae=identifier_or_none(vae),
                            qwen_image_qwen_vl_encoder=identifier_or_none(encoder),
                            qwen_image_quantization=quantization, qwen_image_shift=params.qwen_image_shift)
    g.upsert_metadata(steps=params.steps)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")

    mode = add_text_or_image_to_image(g, params, context, prefix="qwen_image_", encoder_type="qwen_image_i2l",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
