"""Which of the selected models a builder may use: a model slot of another base is left out (the web
UI clears it on a base change, `listeners/modelSelected.ts`), and a pipeline install that ships its own
components needs no separate ones (`isSelfContainedSDNQPipeline`, `services/api/types.ts`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..params import ModelRef

# `SDNQ_PIPELINE_REQUIRED_SUBMODELS` (mirrors `is_self_contained_sdnq_pipeline()` on the server).
SDNQ_PIPELINE_SUBMODELS = ("transformer", "vae", "text_encoder", "tokenizer")


def same_base(model: ModelRef | None, base: str) -> ModelRef | None:
    """`model` when it is of `base`, else None."""
    return model if model is not None and model.base == base else None


def has_submodels(model: ModelRef, required: Iterable[str]) -> bool:
    return set(required) <= set(model.submodels)


def is_sdnq_pipeline(model: ModelRef, required: Iterable[str] = SDNQ_PIPELINE_SUBMODELS) -> bool:
    """An SDNQ-quantized pipeline folder with every submodel its loaders read."""
    return model.format == "sdnq_quantized" and has_submodels(model, required)
