"""Build -> metadata -> recall -> build again gives the same graph (offline, fake installed models), for
each registered builder of the bases listed here, with every control the base shows away from its
default. The metadata is what the server stores: the `core_metadata` node's fields, the seed and
prompts its edges bring, nulls dropped."""

from __future__ import annotations

import pytest

from invokeai_tui.generate import BASES, BuildContext, GenerateParams, LoraParam, ModelRef, build_graph
from invokeai_tui.generate import controls as c
from invokeai_tui.generate.builders import BUILDERS
from invokeai_tui.generate.recall import recall_params
from invokeai_tui.generate.recall_models import ModelLookup, vae_bases_for
from tests.support.graph_compare import assert_same_graph

# Every base but external (its options come from the provider, not from recall).
CHECKED = ("sd-1", "sd-2", "sdxl", "sd-3", "flux", "flux2", "cogview4", "z-image", "qwen-image", "ernie-image",
           "krea-2", "ideogram-4", "anima", "wan")
NODE_KEYS = ("id", "type", "is_intermediate", "use_cache")
# Components a build requires. (SD-3's optional encoders are not written to its metadata: a recall leaves
# them as they were, as the web UI does.)
REQUIRED_COMPONENTS: dict[str, dict[str, tuple[str, dict]]] = {
    "flux": {"t5_encoder": ("t5_encoder", {}), "clip_embed": ("clip_embed", {})},
    "z-image": {"qwen3_encoder": ("qwen3_encoder", {"variant": "qwen3_4b"})},  # with the VAE: no Qwen3 source
    "anima": {"qwen3_encoder": ("qwen3_encoder", {"variant": "qwen3_06b"})},
}


def fake(key: str, base: str, model_type: str, **extra) -> ModelRef:
    return ModelRef(key=f"{key}-key", hash=f"blake3:{key}", name=f"tiny {key}", base=base, type=model_type, **extra)


def made_with_every_control(base: str) -> tuple[GenerateParams, list[ModelRef]]:
    controls = BASES[base]
    model = fake(base, base, "main", format="diffusers")
    models = [model]
    params = GenerateParams(positive_prompt="a red fox", negative_prompt="blurry", model=model, seed=99,
                            random_seed=False, steps=7, width=512, height=384)
    if controls.has(c.CFG):
        params.cfg_scale = 3.5
    if controls.has(c.GUIDANCE):
        params.guidance = 3.0
    if controls.scheduler_field:
        setattr(params, controls.scheduler_field, controls.schedulers[1])
    if controls.has(c.CLIP_SKIP):
        params.clip_skip = 2
    if controls.has(c.CFG_RESCALE):
        params.cfg_rescale_multiplier = 0.2
    if controls.has(c.SEAMLESS):
        params.seamless_y = True
    if controls.has(c.VAE):
        params.vae = fake(f"{base} vae", sorted(vae_bases_for(base))[0], "vae")
        models.append(params.vae)
    if controls.has(c.LORAS) and controls.wires_loras:
        lora = fake(f"{base} lora", base, "lora")
        params.loras = [LoraParam(model=lora, weight=0.6)]
        models.append(lora)
    for name, (model_type, extra) in REQUIRED_COMPONENTS.get(base, {}).items():
        setattr(params, name, fake(name, "any", model_type, **extra))
        models.append(getattr(params, name))
    return params, models


def stored_metadata(params: GenerateParams) -> dict:
    built = build_graph(params, BuildContext())
    node = built.graph.metadata()
    metadata = {k: v for k, v in node.items() if k not in NODE_KEYS}
    metadata.update(seed=params.seed, positive_prompt=params.positive_prompt)
    if built.negative_prompt_node:
        metadata["negative_prompt"] = params.negative_or_empty
    return {k: v for k, v in metadata.items() if v is not None}


@pytest.mark.parametrize("base", [base for base in CHECKED if base in BUILDERS])
async def test_recall_rebuilds_the_same_graph(base):
    params, models = made_with_every_control(base)
    metadata = stored_metadata(params)
    result = await recall_params(metadata, current=GenerateParams(), lookup=ModelLookup.from_models(models))
    assert result.not_restored == []
    assert_same_graph(build_graph(result.params, BuildContext()).graph.to_dict(),
                      build_graph(params, BuildContext()).graph.to_dict())
