"""The parts SD-1/SD-2 and SDXL build the same way (`GEN/buildSD1Graph.ts`, `buildSDXLGraph.ts`,
`addSeamless.ts`, `addImageToImage.ts`; reference §2.1, §2.2, §3): the denoiser's fields, the metadata,
seamless tiling and the `i2l` of image to image."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, rand_device
from .img2img import add_image_to_image, size_metadata


def sd_denoise_fields(params: GenerateParams) -> dict:
    """`denoise_latents` 1.6.0 as SD-1 and SDXL set it: the HiDiffusion flags always, ratios only when on."""
    fields = {"cfg_scale": params.cfg_scale, "cfg_rescale_multiplier": params.cfg_rescale_multiplier,
              **hidiffusion_fields(params)}
    fields.update(scheduler=params.scheduler, steps=params.steps, denoising_start=0, denoising_end=1)
    return fields


def hidiffusion_fields(params: GenerateParams) -> dict:
    """The HiDiffusion inputs of a `denoise_latents` (the SDXL refiner's too)."""
    fields = {"hidiffusion": params.hidiffusion, "hidiffusion_raunet": params.hidiffusion_raunet,
              "hidiffusion_window_attn": params.hidiffusion_window_attn}
    if params.hidiffusion:
        fields.update(hidiffusion_t1_ratio=params.hidiffusion_t1_ratio, hidiffusion_t2_ratio=params.hidiffusion_t2_ratio)
    return fields


def sd_metadata(params: GenerateParams, context: BuildContext) -> dict:
    """The metadata SD-1 and SDXL write (reference §4's example), without clip_skip and generation_mode."""
    values = {"cfg_scale": params.cfg_scale, "cfg_rescale_multiplier": params.cfg_rescale_multiplier,
              "model": params.model.identifier() if params.model else None,
              "hidiffusion": params.hidiffusion, "hidiffusion_raunet": params.hidiffusion_raunet,
              "hidiffusion_window_attn": params.hidiffusion_window_attn,
              "hidiffusion_t1_ratio": params.hidiffusion_t1_ratio, "hidiffusion_t2_ratio": params.hidiffusion_t2_ratio,
              "steps": params.steps, "rand_device": rand_device(params, context), "scheduler": params.scheduler,
              "seamless_x": params.seamless_x, "seamless_y": params.seamless_y, "ref_images": []}
    values.update(size_metadata(params))
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


def add_sd_image_to_image(g: Graph, params: GenerateParams, vae_source: str, denoise: str, *, fields: dict,
                          refiner_start: float | None = None) -> str:
    """`addImageToImage` for SD-1/SDXL: `i2l` of the init image into the denoiser, denoising from 1 − strength
    (with the SDXL refiner: up to the refiner's start). The `noise` node already has the init image's size."""
    return add_image_to_image(g, params, encoder_type="i2l", vae_source=vae_source, denoise=denoise,
                              refiner_start=refiner_start, **fields)
