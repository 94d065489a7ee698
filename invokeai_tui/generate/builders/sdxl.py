"""SDXL (`GEN/buildSDXLGraph.ts`, `addSDXLLoRAs.ts`, `addSDXLRefiner.ts`; reference §2.2, §3).

As SD-1 but with `sdxl_model_loader` (unet, clip, clip2, vae) and `sdxl_compel_prompt` conditionings fed
`prompt` AND `style` from the same string node; no clip skip (ignored, not in the metadata)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuildError, BuiltGraph, add_prompt_and_seed, finalize_output, mode_name
from .img2img import denoise_size
from .loras import add_lora_collection, enabled_loras
from .models import model_of_bases
from .sd_parts import add_sd_image_to_image, add_seamless, hidiffusion_fields, sd_denoise_fields, sd_metadata

REFINER_BASE = "sdxl-refiner"


def build_sdxl_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    refiner = params.refiner.model
    if refiner is not None and refiner.base != REFINER_BASE:
        raise BuildError(f"The refiner {refiner.name!r} is not an SDXL refiner model (its base is {refiner.base}).")
    g = Graph("sdxl_graph")
    fp32 = params.vae_precision == "fp32"
    positive, negative, seed = add_prompt_and_seed(g, params, negative=True)
    assert negative is not None
    loader = g.add_node("sdxl_model_loader", "sdxl_model_loader", model=model.identifier())
    pos_cond = g.add_node("pos_cond", "sdxl_compel_prompt")
    pos_collect = g.add_node("pos_cond_collect", "collect")
    neg_cond = g.add_node("neg_cond", "sdxl_compel_prompt")
    neg_collect = g.add_node("neg_cond_collect", "collect")
    width, height = denoise_size(params, context)
    noise = g.add_node("noise", "noise", use_cpu=params.use_cpu_noise, width=width, height=height)
    denoise = g.add_node("denoise_latents", "denoise_latents", **sd_denoise_fields(params))
    decoder = g.add_node("l2i", "l2i", fp32=fp32)
    vae = model_of_bases(params.vae, (model.base,))
    vae_loader = g.add_node("vae", "vae_loader", vae_model=vae.identifier()) if vae else None

    g.add_edge(loader, "unet", denoise, "unet")
    for clip in ("clip", "clip2"):
        g.add_edge(loader, clip, pos_cond, clip)
        g.add_edge(loader, clip, neg_cond, clip)
    for field in ("prompt", "style"):  # the style prompt is the prompt, as in the web UI
        g.add_edge(positive, "value", pos_cond, field)
        g.add_edge(negative, "value", neg_cond, field)
    g.add_edge(pos_cond, "conditioning", pos_collect, "item")
    g.add_edge(pos_collect, "collection", denoise, "positive_conditioning")
    g.add_edge(neg_cond, "conditioning", neg_collect, "item")
    g.add_edge(neg_collect, "collection", denoise, "negative_conditioning")
    g.add_edge(seed, "value", noise, "seed")
    g.add_edge(noise, "noise", denoise, "noise")
    g.add_edge(denoise, "latents", decoder, "latents")

    g.upsert_metadata(**sd_metadata(params, context), vae=vae.identifier() if vae else None,
                      generation_mode=mode_name("sdxl_", params))
    g.metadata_edge(seed, "value", "seed")
    g.metadata_edge(positive, "value", "positive_prompt")
    g.metadata_edge(negative, "value", "negative_prompt")

    seamless = add_seamless(g, params, loader, vae_loader or loader, denoise)
    add_lora_collection(g, enabled_loras(params.loras, "sdxl"), loader_type="sdxl_lora_collection_loader",
                        routes={"unet": (seamless or loader, [denoise]), "clip": (loader, [pos_cond, neg_cond]),
                                "clip2": (loader, [pos_cond, neg_cond])})
    vae_source = seamless or vae_loader or loader
    g.add_edge(vae_source, "vae", decoder, "vae")
    if refiner is not None:
        add_sdxl_refiner(g, params, denoise, seamless, decoder)
    if params.init_image:
        add_sd_image_to_image(g, params, vae_source, denoise, refiner_start=params.refiner.start if refiner else None,
                              fields={"fp32": fp32, "color_compensation": "SDXL" if params.color_compensation else "None"})
    finalize_output(g, decoder, params)
    return BuiltGraph(g, positive, seed, negative, g.metadata()["generation_mode"])


def add_sdxl_refiner(g: Graph, params: GenerateParams, denoise: str, seamless: str | None, decoder: str) -> str:
    """`addSDXLRefiner`: a second denoiser on the refiner model after the base's, before the decoder.
    Its conditionings copy the base's `style`, which is only an edge, so they get no style (reference §9.2)."""
    refiner = params.refiner
    assert refiner.model is not None
    g.delete_edges_from(denoise, "latents")
    g.delete_edges_to(decoder, "latents")
    loader = g.add_node("refiner_model_loader", "sdxl_refiner_model_loader", model=refiner.model.identifier())
    pos_cond = g.add_node("refiner_pos_cond", "sdxl_refiner_compel_prompt",
                          aesthetic_score=refiner.positive_aesthetic_score)
    neg_cond = g.add_node("refiner_neg_cond", "sdxl_refiner_compel_prompt",
                          aesthetic_score=refiner.negative_aesthetic_score)
    refiner_denoise = g.add_node("refiner_denoise_latents", "denoise_latents", cfg_scale=refiner.cfg_scale,
                                 steps=refiner.steps, scheduler=refiner.scheduler, **hidiffusion_fields(params),
                                 denoising_start=refiner.start, denoising_end=1)
    if seamless:
        refiner_seamless = g.add_node("refiner_seamless", "seamless", seamless_x=params.seamless_x,
                                      seamless_y=params.seamless_y)
        g.add_edge(loader, "unet", refiner_seamless, "unet")
        g.add_edge(refiner_seamless, "unet", refiner_denoise, "unet")
    else:
        g.add_edge(loader, "unet", refiner_denoise, "unet")
    g.add_edge(loader, "clip2", pos_cond, "clip2")
    g.add_edge(loader, "clip2", neg_cond, "clip2")
    g.add_edge(pos_cond, "conditioning", refiner_denoise, "positive_conditioning")
    g.add_edge(neg_cond, "conditioning", refiner_denoise, "negative_conditioning")
    g.add_edge(denoise, "latents", refiner_denoise, "latents")
    g.add_edge(refiner_denoise, "latents", decoder, "latents")
    g.upsert_metadata(refiner_model=refiner.model.identifier(),
                      refiner_positive_aesthetic_score=refiner.positive_aesthetic_score,
                      refiner_negative_aesthetic_score=refiner.negative_aesthetic_score,
                      refiner_cfg_scale=refiner.cfg_scale, refiner_scheduler=refiner.scheduler,
                      refiner_start=refiner.start, refiner_steps=refiner.steps)
    return refiner_denoise
