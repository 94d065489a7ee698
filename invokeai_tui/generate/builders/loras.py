"""LoRAs through one collection loader, as every `add*LoRAs.ts` of the web UI does: a `collect` of
`lora_selector`s feeds the base's `*_lora_collection_loader`, which sits between the model's outputs
(unet or transformer, text encoders) and the nodes that used them; metadata `loras: [{model, weight}]`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..graph import Graph
from ..params import LoraParam


def enabled_loras(loras: Iterable[LoraParam], base: str) -> list[LoraParam]:
    """The enabled LoRAs of one base (the web UI filters by `l.isEnabled && l.model.base === base`)."""
    return [lora for lora in loras if lora.enabled and lora.model.base == base]


def add_lora_collection(g: Graph, loras: Sequence[LoraParam], *, loader_type: str,
                        routes: Mapping[str, tuple[str, Sequence[str | None]]]) -> str | None:
    """Route each field through the collection loader: `routes[field] = (source node, target nodes)`
    means `source.field -> loader.field` and `loader.field -> target.field` for every target, in place
    of the direct edges (None targets, such as a negative encoder left out without CFG, are skipped).
    The sources are wired first, then the targets, as the web UI's `add*LoRAs` do. Nothing is added
    without LoRAs. Returns the collection loader."""
    if not loras:
        return None
    collector = g.add_node("lora_collector", "collect")
    loader = g.add_node(loader_type, loader_type)
    g.add_edge(collector, "collection", loader, "loras")
    for field, (source, _) in routes.items():
        g.add_edge(source, field, loader, field)
    for field, (_, targets) in routes.items():
        for target in targets:
            if target is None:
                continue
            g.delete_edges_to(target, field)
            g.add_edge(loader, field, target, field)
    for lora in loras:
        selector = g.add_node("lora_selector", "lora_selector", lora=lora.model.identifier(), weight=lora.weight)
        g.add_edge(selector, "lora", collector, "item")
    g.upsert_metadata(loras=[{"model": lora.model.identifier(), "weight": lora.weight} for lora in loras])
    return loader
