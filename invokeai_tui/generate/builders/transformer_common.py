"""What the transformer-based builders (z-image, qwen-image, krea-2, anima, wan, …) share: the size
steps of `addTextToImage`/`addImageToImage`, the LoRA collection loader of `add<Base>LoRAs`, the
component models a builder takes from the parameters or the installed models, and metadata values
the web UI sends as `null` (kept as null on the wire; `Graph.upsert_metadata` would drop them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph import Graph
from ..params import GenerateParams, LoraParam, ModelRef
from .common import BuildContext, denoising_start
from .sd1 import context_size


def enabled_loras(params: GenerateParams, base: str) -> list[LoraParam]:
    """The enabled LoRAs of this base (`state.loras.loras.filter(isEnabled && base === …)`)."""
    return [lora for lora in params.loras if lora.enabled and lora.model.base == base]


def add_transformer_loras(g: Graph, loras: list[LoraParam], *, loader_type: str, model_loader: str, denoise: str,
                          encoder_field: str | None = None, conds: Iterable[str | None] = ()) -> str | None:
    """`add<Base>LoRAs`: one `lora_selector` per LoRA into `lora_collector` → `<loader_type>` (id prefix
    the same), which takes the loader's transformer (and text encoder) and feeds the denoiser (and the
    encoders) in place of the loader."""
    if not loras:
        return None
    collector = g.add_node("lora_collector", "collect")
    collection_loader = g.add_node(loader_type, loader_type)
    g.add_edge(collector, "collection", collection_loader, "loras")
    g.add_edge(model_loader, "transformer", collection_loader, "transformer")
    if encoder_field:
        g.add_edge(model_loader, encoder_field, collection_loader, encoder_field)
    g.delete_edges_to(denoise, "transformer")
    g.add_edge(collection_loader, "transformer", denoise, "transformer")
    if encoder_field:
        for cond in conds:
            if cond is None:
                continue
            g.delete_edges_to(cond, encoder_field)
            g.add_edge(collection_loader, encoder_field, cond, encoder_field)
    for lora in loras:
        selector = g.add_node("lora_selector", "lora_selector", lora=lora.model.identifier(), weight=lora.weight)
        g.add_edge(selector, "lora", collector, "item")
    g.upsert_metadata(loras=[{"model": lora.model.identifier(), "weight": lora.weight} for lora in loras])
    return collection_loader


def add_negative_encoder(g: Graph, params: GenerateParams, *, encoder_type: str, encoder_field: str, loader: str,
                         denoise: str, collect: bool = False, empty_as: str = "") -> str | None:
    """The negative encoder of the bases whose negative is inline: only with CFG (> 1), else the negative
    is unused and the model runs once per step. `empty_as` is what an empty negative is sent as (Qwen-Image
    and Wan send ' '); `collect` puts a `neg_cond_collect` before the denoiser (z-image, anima)."""
    if params.cfg_scale <= 1:
        return None
    negative = g.add_node("neg_prompt", encoder_type, prompt=params.negative_or_empty or empty_as)
    g.add_edge(loader, encoder_field, negative, encoder_field)
    if collect:
        collector = g.add_node("neg_cond_collect", "collect")
        g.add_edge(negative, "conditioning", collector, "item")
        g.add_edge(collector, "collection", denoise, "negative_conditioning")
    else:
        g.add_edge(negative, "conditioning", denoise, "negative_conditioning")
    return negative


def add_text_to_image(g: Graph, params: GenerateParams, denoise: str) -> None:
    """`addTextToImage` for the transformer denoisers: range 0–1, the size on the denoiser and in metadata."""
    g.update_node(denoise, denoising_start=0, denoising_end=1, width=params.width, height=params.height)
    g.upsert_metadata(width=params.width, height=params.height)


def add_latents_image_to_image(g: Graph, params: GenerateParams, context: BuildContext, *, encoder_type: str,
                               vae_source: str, denoise: str) -> str:
    """`addImageToImage` with the base's encoder (id prefix = its type): the init image encoded by the
    model loader's VAE into the denoiser, which denoises at the init image's size from 1 − strength
    (reference §3). No width/height in the metadata."""
    assert params.model is not None and params.init_image
    start, end = denoising_start(params.model.base, params)
    width, height = context_size(params, context)
    g.update_node(denoise, denoising_start=start, denoising_end=end, width=width, height=height)
    encoder = g.add_node(encoder_type, encoder_type, image={"image_name": params.init_image})
    g.add_edge(vae_source, "vae", encoder, "vae")
    g.add_edge(encoder, "latents", denoise, "latents")
    return encoder


def add_text_or_image_to_image(g: Graph, params: GenerateParams, context: BuildContext, *, prefix: str,
                               encoder_type: str, vae_source: str, denoise: str) -> str:
    """Text to image, or image to image when an init image is set; returns the generation mode."""
    if params.init_image:
        add_latents_image_to_image(g, params, context, encoder_type=encoder_type, vae_source=vae_source,
                                   denoise=denoise)
        mode = f"{prefix}img2img"
    else:
        add_text_to_image(g, params, denoise)
        mode = f"{prefix}txt2img"
    g.upsert_metadata(generation_mode=mode)
    return mode


def set_metadata_with_nulls(g: Graph, **values: Any) -> None:
    """Metadata values the web UI sends even when null (`qwen_image_vae: null`, …), exactly as sent."""
    g.update_node(g.upsert_metadata(), **values)


def set_models(**components: ModelRef | None) -> dict[str, Any]:
    """Loader fields for the component models that are set (unset ones are left out, as `?? undefined`)."""
    return {field: model.identifier() for field, model in components.items() if model is not None}


def identifier_or_none(model: ModelRef | None) -> dict[str, Any] | None:
    return model.identifier() if model else None


def model_of_bases(model: ModelRef | None, bases: Iterable[str]) -> ModelRef | None:
    """A component model only when it belongs to one of the bases the family takes (`isFluxVAEModelConfig`
    and the like); another family's leftover selection is not used."""
    return model if model is not None and model.base in tuple(bases) else None


SDNQ_PIPELINE_SUBMODELS = ("transformer", "vae", "text_encoder", "tokenizer")


def is_pipeline(model: ModelRef) -> bool:
    """A diffusers folder, or an SDNQ pipeline that carries every part (`isSelfContainedSDNQPipeline`):
    either can be a family's component source."""
    if model.format == "diffusers":
        return True
    return model.format == "sdnq_quantized" and all(s in model.submodels for s in SDNQ_PIPELINE_SUBMODELS)


def installed(context: BuildContext, *, type: str, bases: Iterable[str] | None = None, format: str | None = None,
              variant: str | None = None, not_variant: str | None = None) -> list[ModelRef]:
    """Installed models of a type (and base, format, variant), in the server's order."""
    base_set = tuple(bases) if bases is not None else None
    return [m for m in context.models
            if m.type == type and (base_set is None or m.base in base_set)
            and (format is None or m.format == format) and (variant is None or m.variant == variant)
            and (not_variant is None or m.variant != not_variant)]
