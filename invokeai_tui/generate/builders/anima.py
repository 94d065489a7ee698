"""Anima (`GEN/buildAnimaGraph.ts`, `addAnimaLoRAs.ts`; reference §2.12, §3)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams, ModelRef
from .common import BuildContext, BuildError, BuiltGraph, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import installed
from .transformer_common import add_negative_encoder

ANIMA_QWEN3_VARIANT = "qwen3_06b"  # Anima's encoder is the Qwen3 0.6B (`isAnimaQwen3EncoderModelConfig`)


def anima_components(params: GenerateParams, context: BuildContext) -> tuple[ModelRef | None, ModelRef | None]:
    """(VAE, Qwen3 0.6B encoder): the chosen ones, else, as `modelSelected` does, the first of each
    installed when both kinds are."""
    vae = params.vae if params.vae and params.vae.base == "anima" else None
    encoder = params.qwen3_encoder if params.qwen3_encoder and params.qwen3_encoder.variant == ANIMA_QWEN3_VARIANT \
        else None
    if vae and encoder:
        return vae, encoder
    vaes = installed(context, type="vae", bases=("anima",))
    encoders = installed(context, type="qwen3_encoder", variant=ANIMA_QWEN3_VARIANT)
    if vaes and encoders:
        return vae or vaes[0], encoder or encoders[0]
    return vae, encoder


def build_anima_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    vae, encoder = anima_components(params, context)
    if vae is None:
        raise BuildError("Anima needs a VAE: choose an Anima VAE (the Wan 2.1 / Qwen-Image VAE).")
    if encoder is None:
        raise BuildError("Anima needs a text encoder: choose a Qwen3 0.6B encoder.")
    cfg = params.cfg_scale

    g = Graph("anima_graph")
    loader = g.add_node("anima_model_loader", "anima_model_loader", model=model.identifier(),
                        vae_model=vae.identifier(), qwen3_encoder_model=encoder.identifier())
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "anima_text_encoder")
    pos_collect = g.add_node("pos_cond_collect", "collect")
    seed = g.add_node("seed", "integer")
    denoise = g.add_node("denoise_latents", "anima_denoise", guidance_scale=cfg, steps=params.steps,
                         scheduler=params.anima_scheduler)
    decoder = g.add_node("l2i", "anima_l2i")

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "qwen3_encoder", pos_cond, "qwen3_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_conditioning")
    neg_cond = add_negative_encoder(g, params, encoder_type="anima_text_encoder", encoder_field="qwen3_encoder",
                                    loader=loader, denoise=denoise, collect=True)
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(cfg_scale=cfg, negative_prompt=params.negative_or_empty, model=model.identifier(),
                      steps=params.steps, scheduler=params.anima_scheduler, vae=vae.identifier(),
                      qwen3_encoder=encoder.identifier())
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    add_lora_collection(g, enabled_loras(params.loras, "anima"), loader_type="anima_lora_collection_loader",
                        routes={"transformer": (loader, [denoise]),
                                "qwen3_encoder": (loader, [pos_cond, neg_cond])})

    mode = add_text_or_image_to_image(g, params, context, prefix="anima_", encoder_type="anima_i2l",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
