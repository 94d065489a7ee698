"""What the transformer-based builders (z-image, qwen-image, krea-2, anima, wan, …) share: the
inline negative encoder, the component models a builder takes from the parameters or the installed models, and metadata values
the web UI sends as `null` (kept as null on the wire; `Graph.upsert_metadata` would drop them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph import Graph
from ..params import GenerateParams, ModelRef
from .common import BuildContext


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
