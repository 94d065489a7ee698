"""What the transformer-based builders (z-image, qwen-image, krea-2, anima, wan, …) share: the inline
negative encoder, and metadata values the web UI sends as `null` (kept as null on the wire;
`Graph.upsert_metadata` would drop them). Their component models: `models.py`."""

from __future__ import annotations

from typing import Any

from ..graph import Graph
from ..params import GenerateParams


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
