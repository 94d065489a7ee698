"""Krea 2 (`GEN/buildKrea2Graph.ts`, `addKrea2LoRAs.ts`; reference §2.10, §3). Its style reference (6.14.2, a
reference image) is not offered here."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuildError, BuiltGraph, finalize_output
from .img2img import add_text_or_image_to_image
from .loras import add_lora_collection, enabled_loras
from .models import identifier_or_none, model_of_bases, set_models
from .transformer_common import add_negative_encoder

KREA2_VAE_BASES = ("qwen-image", "anima")  # Krea 2 decodes with the Qwen-Image VAE (`getKrea2ComponentUpdates`)


def add_conditioning_enhancers(g: Graph, params: GenerateParams, conditioning: str, seed: str) -> str:
    """Text encoder → rebalance → seed variance (both optional, off by default); returns the last node."""
    source = conditioning
    if params.krea2_rebalance_enabled:
        rebalance = g.add_node("krea2_rebalance", "krea2_conditioning_rebalance",
                               multiplier=params.krea2_rebalance_multiplier,
                               per_layer_weights=params.krea2_rebalance_weights)
        g.add_edge(source, "conditioning", rebalance, "conditioning")
        source = rebalance
    if params.krea2_seed_variance_enabled and params.krea2_seed_variance_strength > 0:
        variance = g.add_node("krea2_seed_variance", "krea2_seed_variance",
                              strength=params.krea2_seed_variance_strength,
                              randomize_percent=params.krea2_seed_variance_randomize_percent)
        g.add_edge(source, "conditioning", variance, "conditioning")
        g.add_edge(seed, "value", variance, "variance_seed")
        source = variance
    return source


def build_krea2_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    cfg = params.cfg_scale
    if model.format == "diffusers":  # the pipeline carries both; the web UI clears standalone picks
        vae = encoder = None
    else:
        vae, encoder = model_of_bases(params.vae, KREA2_VAE_BASES), params.qwen3_vl_encoder
        if vae is None:
            raise BuildError("This Krea 2 model is a single file: choose a VAE (Qwen-Image) for it.")
        if encoder is None:
            raise BuildError("This Krea 2 model is a single file: choose a Qwen3-VL encoder for it.")

    g = Graph("krea2_graph")
    loader = g.add_node("krea2_model_loader", "krea2_model_loader", model=model.identifier(),
                        **set_models(vae_model=vae, qwen3_vl_encoder_model=encoder))
    positive = g.add_node("positive_prompt", "string")
    pos_cond = g.add_node("pos_prompt", "krea2_text_encoder")
    pos_collect = g.add_node("pos_cond_collect", "collect")
    seed = g.add_node("seed", "integer")
    denoise = g.add_node("denoise_latents", "krea2_denoise", cfg_scale=cfg, steps=params.steps)
    decoder = g.add_node("l2i", "qwen_image_l2i")  # the Qwen-Image VAE decodes Krea 2

    g.add_edge(loader, "transformer", denoise, "transformer")
    g.add_edge(loader, "qwen3_vl_encoder", pos_cond, "qwen3_vl_encoder")
    g.add_edge(loader, "vae", decoder, "vae")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(add_conditioning_enhancers(g, params, pos_cond, seed), "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_conditioning")
    neg_cond = add_negative_encoder(g, params, encoder_type="krea2_text_encoder", encoder_field="qwen3_vl_encoder",
                                    loader=loader, denoise=denoise)
    g.add_edge(seed, "value", denoise, "seed")
    g.add_edge(denoise, "latents", decoder, "latents")

    add_lora_collection(g, enabled_loras(params.loras, "krea-2"), loader_type="krea2_lora_collection_loader",
                        routes={"transformer": (loader, [denoise]),
                                "qwen3_vl_encoder": (loader, [pos_cond, neg_cond])})

    g.upsert_metadata(cfg_scale=cfg, model=model.identifier(), steps=params.steps, vae=identifier_or_none(vae),
                      qwen3_vl_encoder=identifier_or_none(encoder),
                      krea2_seed_variance_enabled=params.krea2_seed_variance_enabled,
                      krea2_seed_variance_strength=params.krea2_seed_variance_strength,
                      krea2_seed_variance_randomize_percent=params.krea2_seed_variance_randomize_percent,
                      krea2_rebalance_enabled=params.krea2_rebalance_enabled,
                      krea2_rebalance_multiplier=params.krea2_rebalance_multiplier,
                      krea2_rebalance_weights=params.krea2_rebalance_weights)
    if cfg > 1:  # no negative is used without CFG, so none is recorded
        g.upsert_metadata(negative_prompt=params.negative_or_empty)
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")

    mode = add_text_or_image_to_image(g, params, context, prefix="krea2_", encoder_type="qwen_image_i2l",
                                      vae_source=loader, denoise=denoise)
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, None, mode)
