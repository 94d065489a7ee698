"""SD-1 / SD-2 (`GEN/buildSD1Graph.ts`, `addSeamless.ts`, `addLoRAs.ts`, `addImageToImage.ts`;
reference §2.1, §3, and §4's wire example, which `tests/generate` compares node for node)."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, BuiltGraph, add_prompt_and_seed, denoising_start, finalize_output, mode_name, rand_device


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
    width, height = context_size(params, context)
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


def context_size(params: GenerateParams, context: BuildContext) -> tuple[int, int]:
    """The denoise size: the init image's for image to image (reference §3.4), else the parameters'."""
    if params.init_image and context.init_image_size:
        return context.init_image_size
    return params.width, params.height


def sd_denoise_fields(params: GenerateParams) -> dict:
    """`denoise_latents` 1.6.0 as SD-1 and SDXL set it: the HiDiffusion flags always, ratios only when on."""
    fields = {"cfg_scale": params.cfg_scale, "cfg_rescale_multiplier": params.cfg_rescale_multiplier,
              "hidiffusion": params.hidiffusion, "hidiffusion_raunet": params.hidiffusion_raunet,
              "hidiffusion_window_attn": params.hidiffusion_window_attn}
    if params.hidiffusion:
        fields.update(hidiffusion_t1_ratio=params.hidiffusion_t1_ratio, hidiffusion_t2_ratio=params.hidiffusion_t2_ratio)
    fields.update(scheduler=params.scheduler, steps=params.steps, denoising_start=0, denoising_end=1)
    return fields


def sd_metadata(params: GenerateParams, context: BuildContext) -> dict:
    """The metadata SD-1 and SDXL write (reference §4's example), without clip_skip and generation_mode."""
    width, height = context_size(params, context)
    values = {"cfg_scale": params.cfg_scale, "cfg_rescale_multiplier": params.cfg_rescale_multiplier,
              "model": params.model.identifier() if params.model else None,
              "hidiffusion": params.hidiffusion, "hidiffusion_raunet": params.hidiffusion_raunet,
              "hidiffusion_window_attn": params.hidiffusion_window_attn,
              "hidiffusion_t1_ratio": params.hidiffusion_t1_ratio, "hidiffusion_t2_ratio": params.hidiffusion_t2_ratio,
              "steps": params.steps, "rand_device": rand_device(params, context), "scheduler": params.scheduler,
              "seamless_x": params.seamless_x, "seamless_y": params.seamless_y, "ref_images": []}
    if not params.init_image:  # `addImageToImage` writes no width/height (reference §3.5)
        values.update(width=width, height=height)
    return values


def add_seamless(g: Graph, params: GenerateParams, loader: str, vae_source: str, denoise: str) -> str | None:
    """`addSeamless`: a `seamless` node between the loader's unet and the denoiser, and on the VAE."""
    if not (params.seamless_x or params.seamless_y):
        return None
    seamless = g.add_node("seamless", "seamless", seamless_x=params.seamless_x, seamless_y=params.seamless_y)
    g.delete_edges_to(denoise, "unet")
    g.add_edge(loader, "unet", seamless, "unet")
    g.add_edge(vae_source, "vae", seamless, "vae")
    g.add_edge(seamless, "unet", denoise, "unet")
    return seamless


def add_sd1_loras(g: Graph, params: GenerateParams, unet_source: str, clip_source: str, denoise: str,
                  conds: tuple[str, str]) -> None:
    """`addLoRAs`: enabled LoRAs of the main model's base through one collection loader."""
    assert params.model is not None
    loras = [lora for lora in params.loras if lora.enabled and lora.model.base == params.model.base]
    if not loras:
        return
    collector = g.add_node("lora_collector", "collect")
    loader = g.add_node("lora_collection_loader", "lora_collection_loader")
    g.add_edge(collector, "collection", loader, "loras")
    g.delete_edges_to(denoise, "unet")
    for cond in conds:
        g.delete_edges_to(cond, "clip")
    g.add_edge(unet_source, "unet", loader, "unet")
    g.add_edge(clip_source, "clip", loader, "clip")
    g.add_edge(loader, "unet", denoise, "unet")
    for cond in conds:
        g.add_edge(loader, "clip", cond, "clip")
    for lora in loras:
        selector = g.add_node("lora_selector", "lora_selector", lora=lora.model.identifier(), weight=lora.weight)
        g.add_edge(selector, "lora", collector, "item")
    g.upsert_metadata(loras=[{"model": lora.model.identifier(), "weight": lora.weight} for lora in loras])


def add_sd_image_to_image(g: Graph, params: GenerateParams, vae_source: str, denoise: str, *, fields: dict) -> str:
    """`addImageToImage` for SD-1/SDXL: `i2l` of the init image into the denoiser, denoising from 1 − strength."""
    assert params.model is not None
    encoder = g.add_node("i2l", "i2l", image={"image_name": params.init_image}, **fields)
    g.add_edge(vae_source, "vae", encoder, "vae")
    g.add_edge(encoder, "latents", denoise, "latents")
    start, end = denoising_start(params.model.base, params)
    g.update_node(denoise, denoising_start=start, denoising_end=end)
    return encoder
