"""Which of the selected models a builder may use: a model slot of another base is left out (the web
UI clears it on a base change, `listeners/modelSelected.ts`), and a pipeline install that ships its own
components needs no separate ones (`isSelfContainedSDNQPipeline`, `services/api/types.ts`); the loader
fields of the components that are set, and the installed models a builder picks from itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..params import ModelRef
from .common import BuildContext

# `SDNQ_PIPELINE_REQUIRED_SUBMODELS` (mirrors `is_self_contained_sdnq_pipeline()` on the server).
SDNQ_PIPELINE_SUBMODELS = ("transformer", "vae", "text_encoder", "tokenizer")


def model_of_bases(model: ModelRef | None, bases: Iterable[str]) -> ModelRef | None:
    """A selected model only when it belongs to one of the bases the slot takes (`isFluxVAEModelConfig`
    and the like); another base's leftover selection is not used."""
    return model if model is not None and model.base in tuple(bases) else None


def has_submodels(model: ModelRef, required: Iterable[str]) -> bool:
    return set(required) <= set(model.submodels)


def is_sdnq_pipeline(model: ModelRef, required: Iterable[str] = SDNQ_PIPELINE_SUBMODELS) -> bool:
    """An SDNQ-quantized pipeline folder with every submodel its loaders read."""
    return model.format == "sdnq_quantized" and has_submodels(model, required)


def is_pipeline(model: ModelRef) -> bool:
    """A diffusers folder, or an SDNQ pipeline that carries every part (`isSelfContainedSDNQPipeline`):
    either can be a family's component source."""
    return model.format == "diffusers" or is_sdnq_pipeline(model)


def set_models(**components: ModelRef | None) -> dict[str, Any]:
    """Loader fields for the component models that are set (unset ones are left out, as `?? undefined`)."""
    return {field: model.identifier() for field, model in components.items() if model is not None}


def identifier_or_none(model: ModelRef | None) -> dict[str, Any] | None:
    return model.identifier() if model else None


def installed(context: BuildContext, *, type: str, bases: Iterable[str] | None = None, format: str | None = None,
              variant: str | None = None, not_variant: str | None = None) -> list[ModelRef]:
    """Installed models of a type (and base, format, variant), in the server's order."""
    base_set = tuple(bases) if bases is not None else None
    return [m for m in context.models
            if m.type == type and (base_set is None or m.base in base_set)
            and (format is None or m.format == format) and (variant is None or m.variant == variant)
            and (not_variant is None or m.variant != not_variant)]
