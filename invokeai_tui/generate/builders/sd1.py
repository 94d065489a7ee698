"""SD-1 / SD-2 (`GEN/buildSD1Graph.ts`, `addSeamless.ts`, `addLoRAs.ts`, `addImageToImage.ts`;
reference §2.1, §3, and §4's wire example, which `tests/generate` compares node for node)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuiltGraph, add_prompt_and_seed, finalize_output, mode_name
from .img2img import denoise_size
from .loras import add_lora_collection, enabled_loras
from .sd_parts import add_sd_image_to_image, add_seamless, sd_denoise_fields, sd_metadata


def build_sd1_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    g = Graph("sd1_graph")
    metadata = g.upsert_metadata()  # made first, as `upsertMetadata` in the web UI's builder
    positive, negative, seed = add_prompt_and_seed(g, params, negative=True)
    assert negative is not None
    loader = g.add_node("sd1_model_loader", "main_model_loader", model=model.identifier())
    clip_skip = g.add_node("clip_skip", "clip_skip", skipped_layers=params.clip_skip)
    pos_cond = g.add_node("pos_cond", "compel")
    pos_collect = g.add_node("pos_cond_collect", "collect")
    neg_cond = g.add_node("neg_cond", "compel")
    neg_collect = g.add_node("neg_cond_collect", "collect")
    width, height = denoise_size(params, context)
    noise = g.add_node("noise", "noise", use_cpu=params.use_cpu_noise, width=width, height=height)
    denoise = g.add_node("denoise_latents", "denoise_latents", **sd_denoise_fields(params))
    decoder = g.add_node("l2i", "l2i", fp32=params.vae_precision == "fp32")
    vae_loader = None
    if params.vae is not None and params.vae.base == model.base:
        vae_loader = g.add_node("vae", "vae_loader", vae_model=params.vae.identifier())

    g.add_edge(loader, "unet", denoise, "unet")
    g.add_edge(loader, "clip", clip_skip, "clip")
    g.add_edge(clip_skip, "clip", pos_cond, "clip")
    g.add_edge(clip_skip, "clip", neg_cond, "clip")
    g.add_edge(positive, "value", pos_cond, "prompt")
    g.add_edge(pos_cond, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_conditioning")
    g.add_edge(negative, "value", neg_cond, "prompt")
    g.add_edge(neg_cond, "conditioning", neg_collect, "item")
    g.add_edge(neg_collect, "collection", denoise, "negative_conditioning")
    g.add_edge(seed, "value", noise, "seed")
    g.add_edge(noise, "noise", denoise, "noise")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(**sd_metadata(params, context), clip_skip=params.clip_skip,
                      generation_mode=mode_name("", params))
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    g.metadata_edge(negative, "value", "negative_prompt")

    vae_source = vae_loader or loader
    seamless = add_seamless(g, params, loader, vae_source, denoise)
    vae_source = seamless or vae_source
    if vae_loader:
        g.upsert_metadata(vae=params.vae.identifier())  # type: ignore[union-attr]
    add_sd1_loras(g, params, seamless or loader, clip_skip, denoise, (pos_cond, neg_cond))
    if params.init_image:
        add_sd_image_to_image(g, params, vae_source, denoise, fields={"fp32": params.vae_precision == "fp32"})
    g.add_edge(vae_source, "vae", decoder, "vae")
    finalize_output(g, decoder, params)
    assert metadata == g.metadata_id
    return BuiltGraph(g, positive, seed, negative, g.metadata()["generation_mode"])


def add_sd1_loras(g: Graph, params: GenerateParams, unet_source: str, clip_source: str, denoise: str,
                  conds: tuple[str, str]) -> None:
    """`addLoRAs`: enabled LoRAs of the main model's base through one `lora_collection_loader` (unet from
    seamless or the loader, clip from clip skip)."""
    assert params.model is not None
    add_lora_collection(g, enabled_loras(params.loras, params.model.base), loader_type="lora_collection_loader",
                        routes={"unet": (unet_source, [denoise]), "clip": (clip_source, list(conds))})
