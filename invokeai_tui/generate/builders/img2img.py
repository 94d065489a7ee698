"""The size steps and image to image of every latent base (`GEN/addTextToImage.ts`, `addImageToImage.ts`,
reference §3): text to image denoises the whole range at the parameters' size, written to metadata;
image to image feeds the init image's encoder into the denoiser, which starts part-way
(`denoising_start`) at the init image's size, with no size in metadata."""

from __future__ import annotations

from ..graph import Graph
from ..params import GenerateParams
from .common import BuildContext, denoising_start, mode_name


def denoise_size(params: GenerateParams, context: BuildContext) -> tuple[int, int]:
    """The denoise size: the init image's for image to image (reference §3.4), else the parameters'."""
    if params.init_image and context.init_image_size:
        return context.init_image_size
    return params.width, params.height


def size_metadata(params: GenerateParams) -> dict[str, int]:
    """`addTextToImage` writes width/height; `addImageToImage` writes none (reference §3.5)."""
    return {} if params.init_image else {"width": params.width, "height": params.height}


def add_image_to_image(g: Graph, params: GenerateParams, *, encoder_type: str, vae_source: str, denoise: str,
                       encoder_prefix: str | None = None, refiner_start: float | None = None, **fields) -> str:
    """The encoder node (`i2l`, `sd3_i2l`, `flux_vae_encode`, …) of the init image: `vae_source.vae` into
    it, its latents into the denoiser, and the denoiser's range for the strength. Returns the encoder."""
    assert params.model is not None and params.init_image
    encoder = g.add_node(encoder_prefix or encoder_type, encoder_type, image={"image_name": params.init_image},
                         **fields)
    g.add_edge(vae_source, "vae", encoder, "vae")
    g.add_edge(encoder, "latents", denoise, "latents")
    start, end = denoising_start(params.model.base, params, refiner_start=refiner_start)
    g.update_node(denoise, denoising_start=start, denoising_end=end)
    return encoder


def add_text_to_image(g: Graph, params: GenerateParams, denoise: str) -> None:
    """`addTextToImage` for a denoiser made without range or size (every base but SD-1/SDXL): range 0–1,
    the parameters' size on the denoiser and in metadata."""
    g.update_node(denoise, denoising_start=0, denoising_end=1, width=params.width, height=params.height)
    g.upsert_metadata(**size_metadata(params))


def add_text_or_image_to_image(g: Graph, params: GenerateParams, context: BuildContext, *, prefix: str,
                               encoder_type: str, vae_source: str, denoise: str) -> str:
    """Text to image, or image to image when an init image is set (the encoder's id prefix is its type,
    the denoiser takes the init image's size); writes and returns the generation mode."""
    if params.init_image:
        width, height = denoise_size(params, context)
        g.update_node(denoise, denoising_start=0, denoising_end=1, width=width, height=height)
        add_image_to_image(g, params, encoder_type=encoder_type, vae_source=vae_source, denoise=denoise)
    else:
        add_text_to_image(g, params, denoise)
    mode = mode_name(prefix, params)
    g.upsert_metadata(generation_mode=mode)
    return mode
