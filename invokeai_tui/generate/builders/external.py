"""External API models (`GEN/buildExternalGraph.ts`; reference §2.14): one provider node, which is itself the
output; no generation_mode, no NSFW checker or watermark. A seed node only when the model offers a seed
(a seedless graph is repeated by `runs`, see `batch.enqueue_body`). Provider options take the web UI's
defaults (this client has no controls for them yet)."""

from __future__ import annotations

from typing import Any

from ..graph import Graph
from ..params import GenerateParams, ModelRef
from .common import BuildContext, BuildError, BuiltGraph, finalize_output

PROVIDER_NODE_TYPES = {"alibabacloud": "alibabacloud_image_generation", "gemini": "gemini_image_generation",
                       "openai": "openai_image_generation", "seedream": "seedream_image_generation"}
# The web UI's initial provider options (`getInitialParamsState`); null ones are left out, as it does.
PROVIDER_DEFAULTS: dict[str, dict[str, Any]] = {
    "openai": {"quality": "auto", "background": "auto"},
    "seedream": {"watermark": False, "optimize_prompt": False},
}


def panel_has(model: ModelRef, panel: str, control: str) -> bool:
    """`hasExternalPanelControl`: the model's panel schema, else one derived from its capabilities."""
    capabilities = model.capabilities or {}
    schema = model.panel_schema or {
        "prompts": [{"name": "reference_images"}] if capabilities.get("supports_reference_images") else [],
        "image": [{"name": "dimensions"}] + ([{"name": "seed"}] if capabilities.get("supports_seed") else []),
    }
    return any(item.get("name") == control for item in schema.get(panel) or [])


def build_external_graph(params: GenerateParams, context: BuildContext) -> BuiltGraph:
    assert params.model is not None
    model = params.model
    mode = "img2img" if params.init_image else "txt2img"
    modes = (model.capabilities or {}).get("modes") or []
    if mode not in modes:
        raise BuildError(f"{model.name} cannot make images from {'an image' if params.init_image else 'text'}.")
    node_type = PROVIDER_NODE_TYPES.get(model.provider_id or "")
    if node_type is None:
        raise BuildError(f"{model.name}: the external provider {model.provider_id!r} is not supported.")

    g = Graph("external_graph")
    seed = g.add_node("seed", "integer") if panel_has(model, "image", "seed") else None
    positive = g.add_node("positive_prompt", "string")
    fields: dict[str, Any] = {"model": model.identifier(), "mode": mode, "image_size": None, "num_images": 1,
                              **PROVIDER_DEFAULTS.get(model.provider_id or "", {}),
                              "width": params.width, "height": params.height}
    if params.init_image:
        fields["init_image"] = {"image_name": params.init_image}
    provider = g.add_node(node_type, node_type, **fields)
    if seed:
        g.add_edge(seed, "value", provider, "seed")
    g.add_edge(positive, "value", provider, "prompt")

    g.upsert_metadata(model=model.identifier(), width=params.width, height=params.height)
    g.metadata_edge(positive, "value", "positive_prompt")
    if seed:
        g.metadata_edge(seed, "value", "seed")
    finalize_output(g, provider, params)
    return BuiltGraph(g, positive, seed, None, mode)
